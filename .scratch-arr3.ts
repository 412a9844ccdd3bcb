import pg from 'pg';
import { openDatabase, db, Prisma } from './src/db.ts';
const server = 'postgresql://postgres@127.0.0.1:55432/postgres';
const name = `scratch_ew_${process.pid}`;
const admin = new pg.Client({ connectionString: server }); await admin.connect(); await admin.query(`CREATE DATABASE ${name}`); await admin.end();
const url = server.replace(/postgres$/, name);
const database = await openDatabase({ url });
const pool = new pg.Pool({ connectionString: url });
try {
  await db.company.create({ data: { id: 'c1', name: 'c' } });
  await db.user.create({ data: { id: 'u1', companyId: 'c1', name: 'u', role: 'user' } });
  await db.task.create({ data: { id: 't1', companyId: 'c1', userId: 'u1', name: 'task', type: 'training' } });
  const n = 10000;
  let base = 0;
  const make = () => {
    base += n;
    const docs = Array.from({length: n}, (_, i) => ({ type: 'training_stats_scalar', task: 't1', iter: base + i, metric: 'loss', variant: 'total', value: i * 0.5, timestamp: Date.now(), worker: 'w', '@timestamp': new Date().toISOString() }));
    return { docs, keys: docs.map((d) => `${d.iter}k`), iters: docs.map((d) => d.iter), values: docs.map((d) => d.value), ts: docs.map((d) => d.timestamp) };
  };
  const m = async (label: string, f: () => Promise<unknown>) => { const t = performance.now(); await f(); console.log(label, (performance.now() - t).toFixed(1)); };
  for (let k = 0; k < 3; k++) {
    { const b = make(); const json = JSON.stringify(b.docs);
    await m('prisma unnest+json', () => db.$executeRaw`INSERT INTO event (company, task, type, key, iter, metric, variant, timestamp, value, url, doc)
      SELECT 'c1', 't1', 'training_stats_scalar', k, i, 'loss', 'total', ts, v, NULL, d::jsonb FROM ROWS FROM (unnest(${b.keys}::text[], ${b.iters}::int[], ${b.ts}::int8[], ${b.values}::float8[]), json_array_elements(${json}::json)) AS x(k, i, ts, v, d)
      ON CONFLICT (task, type, key) DO UPDATE SET doc = EXCLUDED.doc`); }
    { const b = make(); const json = JSON.stringify(b.docs);
    await m('pg unnest+json', () => pool.query(`INSERT INTO event (company, task, type, key, iter, metric, variant, timestamp, value, url, doc)
      SELECT 'c1', 't1', 'training_stats_scalar', k, i, 'loss', 'total', ts, v, NULL, d::jsonb FROM ROWS FROM (unnest($1::text[], $2::int[], $3::int8[], $4::float8[]), json_array_elements($5::json)) AS x(k, i, ts, v, d)
      ON CONFLICT (task, type, key) DO UPDATE SET doc = EXCLUDED.doc`, [b.keys, b.iters, b.ts, b.values, json])); }
    { const b = make();
    await m('pg raw values x2', async () => {
      for (let off = 0; off < n; off += 5000) {
        const params: unknown[] = []; const rows: string[] = [];
        for (let i = off; i < off + 5000; i++) { const p = params.length; rows.push(`($${p+1},$${p+2},$${p+3},$${p+4},$${p+5},$${p+6},$${p+7},$${p+8},$${p+9},$${p+10},$${p+11})`);
          params.push('c1', 't1', 'training_stats_scalar', b.keys[i], b.iters[i], 'loss', 'total', b.ts[i], b.values[i], null, JSON.stringify(b.docs[i])); }
        await pool.query(`INSERT INTO event (company, task, type, key, iter, metric, variant, timestamp, value, url, doc) VALUES ${rows.join(',')}`, params);
      }
    }); }
  }
} finally {
  await pool.end();
  await database.close();
  const a2 = new pg.Client({ connectionString: server }); await a2.connect(); await a2.query(`DROP DATABASE ${name} WITH (FORCE)`); await a2.end();
}
