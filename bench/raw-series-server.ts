// The baseline of the series benchmark: node:http + pg running the bucketing aggregate by hand and
// answering in the gateway's GraphQL shape.
//
//   POST /series {"id": "<task>", "metric": "...", "variant": "...", "maxPoints": 1000}
//     -> {"data": {"task": {"scalarSeries": {"bucketWidth", "buckets": [{x, count, min, max, mean, last}]}}}}
//
// Same tenant rule as the gateway (own company = the default company, or public), same pool size.
// Configured by DATABASE_URL, PORT, HOST (127.0.0.1), DB_POOL_SIZE.
import { createServer } from 'node:http';
import pg from 'pg';

const COMPANY = 'd1bd92a3b039400cbafc60a7a5b1e52b';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('[raw-series-server] set DATABASE_URL');
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8010);
const host = process.env.HOST ?? '127.0.0.1';
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
pool.on('error', (error) => console.error(`[raw-series-server] pool error: ${error.message}`));

// Buckets of width ⌈(last − first + 1) / maxPoints⌉ from the first iteration; count, min, max, mean
// and the value at the bucket's greatest iteration.
const SERIES_SQL = `
  WITH t AS (SELECT id FROM task WHERE id = $1 AND (company = $2 OR company IS NULL)),
  s AS (
    SELECT lo, greatest(1, (hi::int8 - lo + $5::int8) / $5::int8) AS w FROM (
      SELECT min(e.iter) AS lo, max(e.iter) AS hi FROM event e JOIN t ON e.task = t.id
      WHERE e.type = 'training_stats_scalar' AND e.metric = $3 AND e.variant = $4 AND e.value IS NOT NULL
    ) b WHERE lo IS NOT NULL
  ), b AS (
    SELECT (e.iter - s.lo) / s.w AS b, count(*) AS n, min(e.value) AS vmin, max(e.value) AS vmax,
      avg(e.value) AS mean, max(e.iter) AS last_iter
    FROM s, event e
    WHERE e.task = $1 AND e.type = 'training_stats_scalar' AND e.metric = $3 AND e.variant = $4
      AND e.value IS NOT NULL AND e.iter >= s.lo
    GROUP BY 1
  )
  SELECT (SELECT count(*) FROM t)::int AS found, s.w::float8 AS w, (s.lo + b.b * s.w)::float8 AS x, b.n::int AS count,
    b.vmin AS min, b.vmax AS max, b.mean, l.value AS last
  FROM b, s, LATERAL (
    SELECT e.value FROM event e WHERE e.task = $1 AND e.type = 'training_stats_scalar' AND e.metric = $3
      AND e.variant = $4 AND e.iter = b.last_iter AND e.value IS NOT NULL ORDER BY e.id DESC LIMIT 1
  ) l
  ORDER BY b.b`;

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      if (request.url === '/healthz') return send(response, 200, { status: 'ok' });
      if (request.url !== '/series') return send(response, 404, { error: 'not found' });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; metric: string; variant: string; maxPoints: number };
      const { rows } = await pool.query({
        name: 'series',
        text: SERIES_SQL,
        values: [body.id, COMPANY, body.metric, body.variant, body.maxPoints],
      });
      const buckets = rows.map((r) => ({ x: r.x, count: r.count, min: r.min, max: r.max, mean: r.mean, last: r.last }));
      send(response, 200, { data: { task: { scalarSeries: { bucketWidth: rows[0]?.w ?? null, buckets } } } });
    } catch (error) {
      send(response, 500, { error: (error as Error).message });
    }
  });
});

function send(response: import('node:http').ServerResponse, status: number, payload: unknown) {
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

server.listen(port, host, () => console.log(`[raw-series-server] listening on http://${host}:${port}`));
const shutdown = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
