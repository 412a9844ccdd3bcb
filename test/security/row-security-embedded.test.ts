// The same isolation on the embedded default database (one PGlite session shared by all calls).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { openDatabase } from '../../src/db.ts';
import { rowSecurityCases } from '../helpers/row-security.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-rls-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('row security on the embedded database', () => {
  rowSecurityCases(() => openDatabase({ dataDir }));
});
