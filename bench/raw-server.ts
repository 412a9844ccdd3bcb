// The baseline of the benchmark: a minimal node:http + pg server answering the same requests as the
// gateway with hand-written SQL and JSON.stringify, shaped like the gateway's responses.
//
//   POST /list        {"project": "<id>", "statuses": ["completed"]}   -> data.tasks.edges[].node
//   POST /task        {"id": "<id>"}                                  -> data.task
//   POST /transition  {"taskId": "<id>"}                              -> data.startTask (CAS to in_progress)
//   POST /v2.9/tasks.get_all    legacy envelope {meta, data: {tasks}}: project/status any-of filters,
//                               order_by [-]last_update, page/page_size, only_fields (top-level fields)
//   POST /v2.9/tasks.get_by_id  legacy envelope {meta, data: {task}}: the full document (all columns +
//                               artifacts), as the gateway's tasks.get_by_id returns it
//
// Same tenant rules as the gateway (own company or public rows), same pool size (10). The GraphQL-
// shaped routes and the legacy routes verify the `Authorization: Bearer` HS256 token (TOKEN_SECRET,
// the gateway's signing secret) like the gateway (the GraphQL-shaped ones serve the default company
// only). Configured by DATABASE_URL, PORT, HOST (127.0.0.1),
// DB_POOL_SIZE, TOKEN_SECRET.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
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

// ---------------------------------------------------------------------------------------------
// Legacy RPC (tasks spec §1.7 envelope, §2 Bearer tokens, §5.2.1-5.2.2, §6.10 only_fields)

const tokenSecret = process.env.TOKEN_SECRET ?? '';

class LegacyError extends Error {
  constructor(readonly code: number, readonly subcode: number, message: string) {
    super(message);
  }
}

/** The company of a valid HS256 Bearer token (signature and expiry), else a 401. */
function companyOf(authorization: string | undefined): string {
  if (!authorization?.startsWith('Bearer ')) throw new LegacyError(401, 20, 'Unauthorized (missing credentials)');
  const token = authorization.slice(7).trim();
  const invalid = (reason: string) => new LegacyError(401, 30, `Invalid token (invalid jwt token): reason=${reason}`);
  const parts = token.split('.');
  if (parts.length !== 3 || !tokenSecret) throw invalid('not enough segments');
  const expected = createHmac('sha256', tokenSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const actual = Buffer.from(parts[2]!, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalid('signature verification failed');
  const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as {
    exp?: number;
    identity?: { company?: string };
  };
  if (typeof payload.exp === 'number' && payload.exp <= Date.now() / 1000) throw invalid('signature has expired');
  const company = payload.identity?.company;
  if (!company) throw invalid('missing identity');
  return company;
}

/** ISO-8601 UTC with `+00:00`, 6 fraction digits (milliseconds + 000), none when zero (§1.7). */
function legacyDate(date: Date): string {
  const iso = date.toISOString();
  const ms = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${ms === '000' ? '' : `.${ms}000`}+00:00`;
}

const plain = (value: unknown) => (value instanceof Date ? legacyDate(value) : value);

/** The envelope text; `data` is serialised by the caller. */
function envelope(name: string, code: number, subcode: number, message: string, dataJson: string): string {
  const id = randomUUID().replaceAll('-', '');
  return (
    `{"meta":{"id":"${id}","trx":"${id}","endpoint":{"name":"${name}","requested_version":"2.9","actual_version":"1.0"},` +
    `"result_code":${code},"result_subcode":${subcode},"result_msg":${JSON.stringify(code === 200 ? 'OK' : message)},` +
    `"error_stack":${code === 200 ? '""' : 'null'}},"data":${dataJson}}`
  );
}

// Top-level document fields get_all may project, and their columns (scalars and JSON maps only).
const DOCUMENT_COLUMNS: Record<string, string> = {
  id: 'id', name: 'name', user: '"user"', company: 'company', type: 'type', status: 'status',
  status_reason: 'status_reason', status_message: 'status_message', status_changed: 'status_changed',
  comment: 'comment', created: 'created', started: 'started', completed: 'completed', published: 'published',
  duration: 'duration', project: 'project', tags: 'tags', system_tags: 'system_tags', hyperparams: 'hyperparams',
  configuration: 'configuration', runtime: 'runtime', last_worker: 'last_worker',
  last_worker_report: 'last_worker_report', last_update: 'last_update', last_iteration: 'last_iteration',
  last_metrics: 'last_metrics', metric_stats: 'metric_stats',
};

const listSqlCache = new Map<string, string>();

/**
 * tasks.get_all for the benchmark's request shape: `project`/`status` any-of lists, `order_by`
 * `[-]last_update` (id as tiebreaker, as the gateway), `page`/`page_size`, `only_fields` of
 * top-level fields (without it: the id only). Unset fields are omitted, as in the gateway.
 */
async function legacyGetAll(company: string, body: Record<string, unknown>) {
  const fields = (Array.isArray(body.only_fields) ? body.only_fields : ['id']) as string[];
  const order = Array.isArray(body.order_by) ? body.order_by[0] : body.order_by;
  if (order !== undefined && order !== 'last_update' && order !== '-last_update') {
    throw new LegacyError(400, 12, 'Validation error (raw server: only order_by [-]last_update)');
  }
  const direction = order === 'last_update' ? 'ASC' : 'DESC';
  const key = `${direction}:${fields.join(',')}`;
  let sql = listSqlCache.get(key);
  if (!sql) {
    const columns = fields.map((field) => {
      const column = DOCUMENT_COLUMNS[field];
      if (!column) throw new LegacyError(400, 14, `Fields not defined for object: fields=${field}, object=Task`);
      return `${column} AS "${field}"`;
    });
    sql = `SELECT ${columns.join(', ')} FROM task
      WHERE (company = $1 OR company IS NULL) AND project = ANY($2::text[]) AND status = ANY($3::"TaskStatus"[])
      ORDER BY last_update ${direction}, id COLLATE "C" ${direction} LIMIT $4 OFFSET $5`;
    listSqlCache.set(key, sql);
  }
  // Paging only when `page` is given (§6.9); LIMIT/OFFSET NULL mean none.
  const paged = typeof body.page === 'number' && typeof body.page_size === 'number';
  const { rows } = await pool.query<Record<string, unknown>>(sql, [
    company,
    body.project as string[],
    body.status as string[],
    paged ? body.page_size : null,
    paged ? (body.page as number) * (body.page_size as number) : null,
  ]);
  const tasks = rows.map((row) => {
    const doc: Record<string, unknown> = {};
    for (const field of fields) {
      const value = row[field];
      if (value !== null && value !== undefined) doc[field] = plain(value);
    }
    return doc;
  });
  return { tasks };
}

// Every column, and the artifacts in their order as JSON (one statement).
const GET_BY_ID_SQL = `SELECT t.*,
    (SELECT COALESCE(json_agg(a ORDER BY a.position), '[]'::json) FROM task_artifact a WHERE a.task = t.id) AS artifacts
  FROM task t WHERE t.id = $1 AND (t.company = $2 OR t.company IS NULL)`;

type Doc = Record<string, unknown>;

/** Sets `doc[key]` unless the value is null (unset fields are omitted, §4.7). */
function put(doc: Doc, key: string, value: unknown) {
  if (value !== null && value !== undefined) doc[key] = plain(value);
}

interface ArtifactJson {
  key: string;
  type: string;
  mode: string;
  uri: string | null;
  hash: string | null;
  content_size: number | null;
  timestamp: number | null;
  type_data: { preview?: unknown; contentType?: unknown; dataHash?: unknown } | null;
  display_data: unknown;
}

function artifactDocument(a: ArtifactJson): Doc {
  const doc: Doc = { key: a.key, type: a.type, mode: a.mode };
  put(doc, 'uri', a.uri);
  put(doc, 'hash', a.hash);
  put(doc, 'content_size', a.content_size);
  put(doc, 'timestamp', a.timestamp);
  if (a.type_data && typeof a.type_data === 'object' && !Array.isArray(a.type_data)) {
    const typeData: Doc = {};
    put(typeData, 'preview', a.type_data.preview);
    put(typeData, 'content_type', a.type_data.contentType);
    put(typeData, 'data_hash', a.type_data.dataHash);
    doc.type_data = typeData;
  }
  put(doc, 'display_data', a.display_data);
  return doc;
}

/** A full task row as the stored legacy document (snake_case, nested output/execution/script). */
function taskDocument(r: Record<string, unknown>): Doc {
  const doc: Doc = {};
  for (const key of ['id', 'name', 'user', 'company', 'company_origin', 'type', 'status', 'status_reason',
    'status_message', 'status_changed', 'comment', 'created', 'started', 'completed', 'published', 'duration']) {
    put(doc, key, r[key]);
  }
  put(doc, 'parent', r.parent ?? (r.detached_parent ? `__DELETED__${r.detached_parent}` : null));
  put(doc, 'project', r.project);
  put(doc, 'tags', r.tags);
  put(doc, 'system_tags', r.system_tags);
  const output: Doc = {};
  put(output, 'destination', r.output_destination);
  put(output, 'model', r.output_model);
  put(output, 'error', r.output_error);
  put(output, 'result', r.output_result);
  doc.output = output;
  const execution: Doc = {};
  put(execution, 'test_split', r.test_split);
  put(execution, 'parameters', r.parameters);
  put(execution, 'model', r.input_model);
  put(execution, 'model_desc', r.model_desc);
  put(execution, 'model_labels', r.model_labels);
  put(execution, 'framework', r.framework);
  put(execution, 'docker_cmd', r.docker_cmd);
  put(execution, 'queue', r.queue);
  execution.artifacts = (r.artifacts as ArtifactJson[]).map(artifactDocument);
  doc.execution = execution;
  const script: Doc = {};
  put(script, 'binary', r.script_binary);
  put(script, 'repository', r.script_repository);
  put(script, 'tag', r.script_tag);
  put(script, 'branch', r.script_branch);
  put(script, 'version_num', r.script_version_num);
  put(script, 'entry_point', r.script_entry_point);
  put(script, 'working_dir', r.script_working_dir);
  put(script, 'requirements', r.script_requirements);
  put(script, 'diff', r.script_diff);
  doc.script = script;
  for (const key of ['hyperparams', 'configuration', 'runtime', 'last_worker', 'last_worker_report', 'last_update',
    'last_iteration', 'last_metrics', 'metric_stats']) {
    put(doc, key, r[key]);
  }
  return doc;
}

/** tasks.get_by_id: the whole stored document (§5.2.1). */
async function legacyGetById(company: string, body: Record<string, unknown>) {
  if (typeof body.task !== 'string') {
    throw new LegacyError(400, 12, "Validation error (error for field 'task'. field is required!)");
  }
  const { rows } = await pool.query<Record<string, unknown>>(GET_BY_ID_SQL, [body.task, company]);
  if (!rows[0]) throw new LegacyError(400, 101, `Invalid task id: id=${body.task}, company=${company}`);
  return { task: taskDocument(rows[0]) };
}

const legacyRoutes: Record<string, [string, (company: string, body: Record<string, unknown>) => Promise<unknown>]> = {
  '/v2.9/tasks.get_all': ['tasks.get_all', legacyGetAll],
  '/v2.9/tasks.get_by_id': ['tasks.get_by_id', legacyGetById],
};

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'access-control-allow-origin': '*',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function handleLegacy(req: IncomingMessage, res: ServerResponse, name: string, handler: (typeof legacyRoutes)[string][1]) {
  const text = await readBody(req);
  try {
    const company = companyOf(req.headers.authorization);
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch (error) {
      throw new LegacyError(400, 0, `Failed to decode JSON object: ${(error as Error).message}`);
    }
    const data = await handler(company, body);
    sendText(res, 200, envelope(name, 200, 0, 'OK', JSON.stringify(data)));
  } catch (error) {
    const failure = error instanceof LegacyError ? error : new LegacyError(500, 0, (error as Error).message);
    sendText(res, failure.code, envelope(name, failure.code, failure.subcode, failure.message, '{}'));
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

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
    const legacy = legacyRoutes[req.url ?? ''];
    if (legacy) return await handleLegacy(req, res, legacy[0], legacy[1]);
    const route = req.method === 'POST' ? routes[req.url ?? ''] : undefined;
    if (!route) return send(res, 404, { error: 'not found' });
    // Same credentials check as the gateway's GraphQL: a valid Bearer token of the default company.
    let company: string;
    try {
      company = companyOf(req.headers.authorization);
    } catch (error) {
      return send(res, 401, { errors: [{ message: (error as Error).message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    if (company !== COMPANY) return send(res, 403, { errors: [{ message: 'the baseline serves the default company only' }] });
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
