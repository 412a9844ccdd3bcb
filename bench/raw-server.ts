// The baseline of the benchmark: a minimal node:http + pg server answering the same three requests
// as the gateway with hand-written SQL and JSON.stringify, shaped like the GraphQL responses.
//
//   POST /list        {"project": "<id>", "statuses": ["completed"]}   -> data.tasks.edges[].node
//   POST /task        {"id": "<id>"}                                  -> data.task
//   POST /transition  {"taskId": "<id>"}                              -> data.startTask (CAS to in_progress)
//
// Same tenant rules as the gateway (own company or public rows), same pool size (10), same actor
// (the default company/user). Configured by DATABASE_URL, PORT, HOST (127.0.0.1), DB_POOL_SIZE.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';

const COMPANY = 'd1bd92a3b039400cbafc60a7a5b1e52b';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('[raw-server] set DATABASE_URL');
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8009);
const host = process.env.HOST ?? '127.0.0.1';
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
pool.on('error', (error) => console.error(`[raw-server] pool error: ${error.message}`));

// The ~12 fields of the benchmark query, plus the project (LEFT JOIN: a task may have none).
const TASK_COLUMNS = `t.id, t.name, t.type, t.status, t."user", t.created, t.started, t.completed,
  t.last_update, t.last_iteration, t.tags, p.id AS project_id, p.name AS project_name`;

// Same rows and order as the gateway: own or public tasks, ORDER BY last_update DESC with the id
// (byte order) as tiebreaker.
const LIST_SQL = `SELECT ${TASK_COLUMNS}
  FROM task t LEFT JOIN project p ON p.id = t.project
  WHERE (t.company = $1 OR t.company IS NULL) AND t.project = $2 AND t.status = ANY($3::"TaskStatus"[])
  ORDER BY t.last_update DESC, t.id COLLATE "C" DESC
  LIMIT $4`;

const GET_SQL = `SELECT ${TASK_COLUMNS}
  FROM task t LEFT JOIN project p ON p.id = t.project
  WHERE t.id = $1 AND (t.company = $2 OR t.company IS NULL)`;

const READ_FOR_WRITE_SQL = `SELECT id, status, project, company, started FROM task
  WHERE id = $1 AND (company = $2 OR company IS NULL)`;

// Compare-and-set on the status that was read; keeps the earliest `started`.
const START_SQL = `UPDATE task SET status = 'in_progress', status_reason = $3, status_message = $4,
    status_changed = $5, last_update = $5, started = COALESCE(started, $5)
  WHERE id = $1 AND status = $2
  RETURNING id, status, status_changed, last_update`;

const TOUCH_PROJECT_SQL = `UPDATE project SET last_update = $2 WHERE id = $1`;

// Statuses from which in_progress is reachable without force (src/resolvers/tasks/transitions.ts),
// including the same-status change.
const CAN_START = new Set(['created', 'queued', 'stopped', 'completed', 'in_progress']);

interface TaskRow {
  id: string;
  name: string;
  type: string;
  status: string;
  user: string;
  created: Date;
  started: Date | null;
  completed: Date | null;
  last_update: Date;
  last_iteration: number;
  tags: string[];
  project_id: string | null;
  project_name: string | null;
}

const node = (r: TaskRow) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  status: r.status,
  user: r.user,
  created: r.created,
  started: r.started,
  completed: r.completed,
  lastUpdate: r.last_update,
  lastIteration: r.last_iteration,
  tags: r.tags,
  project: r.project_id === null ? null : { id: r.project_id, name: r.project_name },
});

async function list(body: { project?: string; statuses?: string[]; first?: number }) {
  const { rows } = await pool.query<TaskRow>(LIST_SQL, [
    COMPANY,
    String(body.project),
    body.statuses ?? ['completed'],
    body.first ?? 50,
  ]);
  return { data: { tasks: { edges: rows.map((r) => ({ node: node(r) })) } } };
}

async function get(body: { id?: string }) {
  const { rows } = await pool.query<TaskRow>(GET_SQL, [String(body.id), COMPANY]);
  return { data: { task: rows[0] ? node(rows[0]) : null } };
}

async function start(body: { taskId?: string; statusReason?: string; statusMessage?: string }) {
  const id = String(body.taskId);
  const error = (typename: string, code: string, message: string) => ({
    data: { startTask: { __typename: typename, code, message } },
  });
  const found = await pool.query<{ id: string; status: string; project: string | null; company: string | null }>(
    READ_FOR_WRITE_SQL,
    [id, COMPANY],
  );
  const task = found.rows[0];
  if (!task) return error('NotFoundError', 'TASK_NOT_FOUND', `task ${id} not found`);
  if (task.company === null) return error('PublicReadOnlyError', 'PUBLIC_READ_ONLY', 'public tasks are read-only');
  if (!CAN_START.has(task.status)) {
    return error('InvalidStatusTransitionError', 'INVALID_TASK_STATUS', `cannot go from ${task.status} to in_progress`);
  }
  const now = new Date();
  const updated = await pool.query<{ id: string; status: string; status_changed: Date; last_update: Date }>(START_SQL, [
    id,
    task.status,
    body.statusReason ?? '',
    body.statusMessage ?? '',
    now,
  ]);
  const row = updated.rows[0];
  if (!row) return error('StatusConflictError', 'STATUS_CONFLICT', `status of ${id} changed concurrently`);
  if (task.project) await pool.query(TOUCH_PROJECT_SQL, [task.project, now]);
  return {
    data: {
      startTask: {
        __typename: 'MutationStartTaskSuccess',
        data: { id: row.id, status: row.status, statusChanged: row.status_changed, lastUpdate: row.last_update },
      },
    },
  };
}

const routes: Record<string, (body: never) => Promise<unknown>> = {
  '/list': list,
  '/task': get,
  '/transition': start,
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown) {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer(async (req, res) => {
  try {
    if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
    const route = req.method === 'POST' ? routes[req.url ?? ''] : undefined;
    if (!route) return send(res, 404, { error: 'not found' });
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      return send(res, 400, { error: 'invalid JSON' });
    }
    send(res, 200, await route(body as never));
  } catch (error) {
    send(res, 500, { errors: [{ message: (error as Error).message }] });
  }
});

server.listen(port, host, () => console.log(`[raw-server] listening on http://${host}:${port}`));

const shutdown = () => {
  server.close(() => {
    pool.end().finally(() => process.exit(0));
  });
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
