// Tenant isolation enforced by PostgreSQL row-level security on the shared client's sessions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db.ts';
import { rowSecurityCases } from '../helpers/row-security.ts';

describe('row security on PostgreSQL', () => {
  rowSecurityCases(() => openDatabase({ url: inject('databaseUrl'), poolSize: 4 }));
});

describe('lookups outside transactions', () => {
  it('never use findUnique on the shared client (Prisma batches those across callers and bindings)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'generated') walk(file);
        } else if (file.endsWith('.ts') && /\bdb\.\w+\.findUnique/.test(fs.readFileSync(file, 'utf8'))) {
          offenders.push(file);
        }
      }
    };
    walk(path.resolve('src'));
    expect(offenders).toEqual([]);
  });
});
