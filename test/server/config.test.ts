// Server configuration from the environment: the request gate's default follows the database
// (pool size + 4 on PostgreSQL, 8 on the embedded one), explicit values win, bad values are refused.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_POOL_SIZE, readConfig } from '../../src/config.ts';

const postgres = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' };

describe('readConfig: MAX_CONCURRENT_REQUESTS', () => {
  it('defaults to the pool size + 4 on PostgreSQL and 8 on the embedded database', () => {
    expect(readConfig({ ...postgres }).maxConcurrentRequests).toBe(DEFAULT_POOL_SIZE + 4);
    expect(readConfig({ ...postgres, DB_POOL_SIZE: '25' }).maxConcurrentRequests).toBe(29);
    expect(readConfig({}).maxConcurrentRequests).toBe(8);
  });

  it('takes an explicit value and refuses anything but a positive integer', () => {
    expect(readConfig({ ...postgres, MAX_CONCURRENT_REQUESTS: '3' }).maxConcurrentRequests).toBe(3);
    for (const bad of ['0', '-2', 'many', '1.5']) {
      expect(() => readConfig({ ...postgres, MAX_CONCURRENT_REQUESTS: bad }), bad).toThrow(ConfigError);
    }
  });
});
