// Tenant isolation enforced by PostgreSQL row-level security on the shared client's sessions.
import { describe, inject } from 'vitest';
import { openDatabase } from '../../src/db.ts';
import { rowSecurityCases } from '../helpers/row-security.ts';

describe('row security on PostgreSQL', () => {
  rowSecurityCases(() => openDatabase({ url: inject('databaseUrl'), poolSize: 4 }));
});
