// One task: overview (status, timestamps, queue, worker, parent, project), hyper-parameters and
// configuration, artifacts, the console log with a live tail, and scalar charts with live points.
// Lifecycle actions sit in the header with their errors next to them.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../gql/index.ts';
import type { LogLineFieldsFragment, TaskOverviewFragment, TaskPageQuery } from '../gql/graphql.ts';
import { ConfirmDialog, ErrorNote, StatusBadge, Tags } from '../components/common.tsx';
import { MetricChart } from '../components/metric-chart.tsx';
import { request, type RequestError } from '../lib/client.ts';
import { formatBytes, formatDuration, formatFullDate, formatNumber } from '../lib/format.ts';
import { ACTION_HINTS, ACTION_LABELS, ACTIONS, runAction, type Action } from '../lib/lifecycle.ts';
import { useLogTail, useScalarTail, useTaskPageChanges, type ScalarPoints } from '../lib/live.ts';
import { hrefOf, Link, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';

graphql(`
  fragment TaskOverview on Task {
    id
    name
    type
    status
    statusReason
    statusMessage
    statusChanged
    created
    started
    completed
    published
    lastUpdate
    lastIteration
    duration
    user
    lastWorker
    lastWorkerReport
    tags
    systemTags
    parentId
    parent { id name }
    queue { id name }
    project { id name }
    lastMetrics { metric variant value min max }
  }
`);

graphql(`
  fragment LogLineFields on LogLine {
    time
    timestamp
    level
    msg
    worker
  }
`);

const TaskPageQueryDoc = graphql(`
  query TaskPage($id: ID!) {
    task(id: $id) {
      ...TaskOverview
      comment
      hyperParamList { section name value type description }
      configuration { name type description value }
      artifacts { key type mode uri contentSize contentType hash timestamp preview }
      script { repository branch entryPoint workingDir versionNum }
      outputModel { id name uri }
      inputModel { id name uri }
    }
  }
`);

const TaskScalarMetrics = graphql(`
  query TaskScalarMetrics($id: ID!) {
    task(id: $id) { id scalarMetrics { metric variants } }
  }
`);

const TaskLog = graphql(`
  query TaskLog($id: ID!, $before: String) {
    task(id: $id) {
      id
      log(last: 200, before: $before) {
        edges { node { ...LogLineFields } }
        pageInfo { hasPreviousPage startCursor }
      }
    }
  }
`);

type FullTask = NonNullable<TaskPageQuery['task']>;
const TABS = ['overview', 'parameters', 'artifacts', 'console', 'scalars'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = {
  overview: 'Overview',
  parameters: 'Parameters & configuration',
  artifacts: 'Artifacts',
  console: 'Console',
  scalars: 'Scalars',
};

export function TaskPage({ id }: { id: string }) {
  const { query } = useLocation();
  const tab: Tab = (TABS as readonly string[]).includes(query.get('tab') ?? '') ? (query.get('tab') as Tab) : 'overview';
  const loaded = useAsync((signal) => request(TaskPageQueryDoc, { id }, signal), id);
  const [deleted, setDeleted] = useState(false);

  const live = useTaskPageChanges(id, {
    upsert: (change) => loaded.setData((current) => (current?.task ? { task: { ...current.task, ...change } } : current)),
    removed: () => setDeleted(true),
    reconnected: loaded.reload,
  });

  if (loaded.error) return <ErrorNote error={{ code: (loaded.error as RequestError).code, message: loaded.error.message }} />;
  if (!loaded.data) return <p className="page-message muted">Loading…</p>;
  const task = loaded.data.task;
  if (!task) {
    return (
      <p className="page-message">
        No task with id <code>{id}</code>. <Link href="/">Back to the experiments</Link>
      </p>
    );
  }

  return (
    <div className="task-page">
      <div className="task-head">
        <div>
          <div className="crumbs">
            <Link href="/">Experiments</Link>
            {task.project ? (
              <>
                {' / '}
                <Link href={hrefOf('/', { project: task.project.id })}>{task.project.name}</Link>
              </>
            ) : null}
          </div>
          <h1>
            {task.name} <StatusBadge status={task.status} message={task.statusMessage} />
            <span className={`live-dot live-${live}`} title="Live updates">
              {live === 'live' ? 'live' : live === 'offline' ? 'offline' : '…'}
            </span>
          </h1>
          <div className="muted small">
            <code>{task.id}</code> · {task.type.replace('_', ' ')} · <Tags tags={task.tags} />
          </div>
          {deleted ? <p className="error-note">This task was deleted.</p> : null}
        </div>
        <TaskActions task={task} onDone={(action) => (action === 'delete' ? navigate('/') : loaded.reload())} />
      </div>
      <nav className="tabs" role="tablist">
        {TABS.map((t) => (
          <Link key={t} href={hrefOf(`/tasks/${id}`, { tab: t === 'overview' ? undefined : t })} role="tab" aria-selected={t === tab} className={t === tab ? 'active' : undefined}>
            {TAB_LABELS[t]}
          </Link>
        ))}
      </nav>
      {tab === 'overview' ? <Overview task={task} /> : null}
      {tab === 'parameters' ? <Parameters task={task} /> : null}
      {tab === 'artifacts' ? <Artifacts task={task} /> : null}
      {tab === 'console' ? <Console id={id} /> : null}
      {tab === 'scalars' ? <Scalars id={id} /> : null}
    </div>
  );
}

function TaskActions({ task, onDone }: { task: FullTask; onDone: (action: Action) => void }) {
  const [confirming, setConfirming] = useState<Action>();
  const [force, setForce] = useState(false);
  const [running, setRunning] = useState<Action>();
  const [error, setError] = useState<{ action: Action; code: string; message: string }>();

  const run = async (action: Action) => {
    setConfirming(undefined);
    setRunning(action);
    setError(undefined);
    const outcome = await runAction(action, task.id, force);
    setRunning(undefined);
    setForce(false);
    if (outcome.error) setError({ action, ...outcome.error });
    else onDone(action);
  };

  return (
    <div className="task-actions">
      <div className="buttons">
        {ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'delete' ? 'danger' : undefined}
            disabled={running !== undefined}
            onClick={() => setConfirming(action)}
            data-action={action}
          >
            {running === action ? `${ACTION_LABELS[action]}…` : ACTION_LABELS[action]}
          </button>
        ))}
      </div>
      {error ? (
        <div className="action-error" data-testid="action-error">
          <ErrorNote error={{ code: error.code, message: `${ACTION_LABELS[error.action]}: ${error.message}` }} onDismiss={() => setError(undefined)} />
        </div>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={`${ACTION_LABELS[confirming]} “${task.name}”?`}
          confirmLabel={ACTION_LABELS[confirming]}
          danger={confirming === 'delete' || confirming === 'reset'}
          onConfirm={() => void run(confirming)}
          onCancel={() => setConfirming(undefined)}
        >
          <p>{ACTION_HINTS[confirming]}</p>
          {confirming !== 'enqueue' ? (
            <label className="check">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> force (skip the status checks)
            </label>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </>
  );
}

function Overview({ task }: { task: FullTask & TaskOverviewFragment }) {
  const metrics = [...task.lastMetrics].sort((a, b) => a.metric.localeCompare(b.metric) || a.variant.localeCompare(b.variant));
  return (
    <div className="overview">
      <section className="card">
        <h2>Status</h2>
        <dl className="fields">
          <Field label="Status">
            <StatusBadge status={task.status} message={task.statusMessage} />
          </Field>
          <Field label="Reason">{task.statusReason || task.statusMessage || '—'}</Field>
          <Field label="Status changed">{formatFullDate(task.statusChanged)}</Field>
          <Field label="Queue">{task.queue?.name ?? '—'}</Field>
          <Field label="Worker">{task.lastWorker ? `${task.lastWorker} (last report ${formatFullDate(task.lastWorkerReport)})` : '—'}</Field>
          <Field label="Iterations">{task.lastIteration}</Field>
          <Field label="Run time">{formatDuration(task.duration) || '—'}</Field>
        </dl>
      </section>
      <section className="card">
        <h2>Task</h2>
        <dl className="fields">
          <Field label="Project">{task.project ? <Link href={hrefOf('/', { project: task.project.id })}>{task.project.name}</Link> : '—'}</Field>
          <Field label="Parent">
            {task.parent ? <Link href={`/tasks/${task.parent.id}`}>{task.parent.name}</Link> : (task.parentId ?? '—')}
          </Field>
          <Field label="Created">{formatFullDate(task.created)}</Field>
          <Field label="Started">{formatFullDate(task.started)}</Field>
          <Field label="Completed">{formatFullDate(task.completed)}</Field>
          <Field label="Published">{formatFullDate(task.published)}</Field>
          <Field label="Last update">{formatFullDate(task.lastUpdate)}</Field>
          <Field label="User">
            <code>{task.user}</code>
          </Field>
          <Field label="Comment">{task.comment || '—'}</Field>
        </dl>
      </section>
      <section className="card">
        <h2>Code and models</h2>
        <dl className="fields">
          <Field label="Repository">{task.script.repository || '—'}</Field>
          <Field label="Branch">{task.script.branch || '—'}</Field>
          <Field label="Commit">{task.script.versionNum ? <code>{task.script.versionNum}</code> : '—'}</Field>
          <Field label="Entry point">{task.script.entryPoint || '—'}</Field>
          <Field label="Input model">{task.inputModel ? `${task.inputModel.name} (${task.inputModel.uri})` : '—'}</Field>
          <Field label="Output model">{task.outputModel ? `${task.outputModel.name} (${task.outputModel.uri})` : '—'}</Field>
        </dl>
      </section>
      <section className="card wide">
        <h2>Last metric values</h2>
        {metrics.length === 0 ? (
          <p className="muted">No scalars reported.</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>Metric</th>
                <th>Variant</th>
                <th className="num">Last</th>
                <th className="num">Min</th>
                <th className="num">Max</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={`${m.metric}/${m.variant}`}>
                  <td>{m.metric}</td>
                  <td>{m.variant}</td>
                  <td className="num">{formatNumber(m.value)}</td>
                  <td className="num">{formatNumber(m.min)}</td>
                  <td className="num">{formatNumber(m.max)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function Parameters({ task }: { task: FullTask }) {
  const sections = useMemo(() => {
    const bySection = new Map<string, FullTask['hyperParamList']>();
    for (const param of task.hyperParamList) bySection.set(param.section, [...(bySection.get(param.section) ?? []), param]);
    return [...bySection.entries()];
  }, [task.hyperParamList]);
  return (
    <div className="parameters">
      <section className="card wide">
        <h2>Hyper-parameters</h2>
        {sections.length === 0 ? <p className="muted">None.</p> : null}
        {sections.map(([section, params]) => (
          <div key={section} className="param-section">
            <h3>{section}</h3>
            <table className="grid">
              <tbody>
                {params.map((p) => (
                  <tr key={p.name}>
                    <th>{p.name}</th>
                    <td className="value">{p.value}</td>
                    <td className="muted">{p.type ?? ''}</td>
                    <td className="muted">{p.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>
      <section className="card wide">
        <h2>Configuration</h2>
        {task.configuration.length === 0 ? <p className="muted">None.</p> : null}
        {task.configuration.map((item) => (
          <div key={item.name} className="config-item">
            <h3>
              {item.name} {item.type ? <span className="muted small">({item.type})</span> : null}
            </h3>
            {item.description ? <p className="muted small">{item.description}</p> : null}
            <pre>{item.value}</pre>
          </div>
        ))}
      </section>
    </div>
  );
}

const isWebLink = (uri: string | null | undefined) => !!uri && /^https?:\/\//i.test(uri);

function Artifacts({ task }: { task: FullTask }) {
  if (task.artifacts.length === 0) return <p className="page-message muted">No artifacts.</p>;
  return (
    <table className="grid artifacts">
      <thead>
        <tr>
          <th>Key</th>
          <th>Mode</th>
          <th>Type</th>
          <th>Location</th>
          <th className="num">Size</th>
          <th>Hash</th>
          <th>Preview</th>
        </tr>
      </thead>
      <tbody>
        {task.artifacts.map((a) => (
          <tr key={`${a.mode}/${a.key}`}>
            <td>{a.key}</td>
            <td className="muted">{a.mode.toLowerCase()}</td>
            <td>{a.type}</td>
            <td className="ellipsis">
              {isWebLink(a.uri) ? (
                <a href={a.uri!} target="_blank" rel="noreferrer noopener">
                  {a.uri}
                </a>
              ) : (
                <code>{a.uri ?? '—'}</code>
              )}
            </td>
            <td className="num">{formatBytes(a.contentSize)}</td>
            <td className="muted ellipsis">{a.hash ?? ''}</td>
            <td className="muted ellipsis">{a.preview ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Console({ id }: { id: string }) {
  const [lines, setLines] = useState<LogLineFieldsFragment[]>([]);
  const [older, setOlder] = useState<{ has: boolean; cursor: string | null }>({ has: false, cursor: null });
  const [error, setError] = useState<RequestError>();
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);
  const pendingLive = useRef<LogLineFieldsFragment[] | null>([]);

  const loadLatest = useCallback(() => {
    pendingLive.current = [];
    request(TaskLog, { id, before: null }).then(
      (data) => {
        const fetched = data.task?.log?.edges.map((e) => e.node) ?? [];
        const lastTime = fetched.at(-1)?.timestamp ?? -Infinity;
        const live = (pendingLive.current ?? []).filter((l) => l.timestamp > lastTime);
        pendingLive.current = null;
        setLines([...fetched, ...live]);
        setOlder({ has: data.task?.log?.pageInfo.hasPreviousPage ?? false, cursor: data.task?.log?.pageInfo.startCursor ?? null });
      },
      setError,
    );
  }, [id]);
  useEffect(loadLatest, [loadLatest]);

  const live = useLogTail(
    id,
    true,
    (newLines) => {
      if (pendingLive.current) pendingLive.current.push(...newLines);
      else setLines((previous) => [...previous, ...newLines].slice(-20_000));
    },
    loadLatest,
  );

  const loadEarlier = () =>
    request(TaskLog, { id, before: older.cursor }).then((data) => {
      setLines((previous) => [...(data.task?.log?.edges.map((e) => e.node) ?? []), ...previous]);
      setOlder({ has: data.task?.log?.pageInfo.hasPreviousPage ?? false, cursor: data.task?.log?.pageInfo.startCursor ?? null });
    }, setError);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);

  return (
    <div className="console">
      <div className="console-bar">
        {older.has ? (
          <button type="button" onClick={() => void loadEarlier()}>
            Load earlier lines
          </button>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
        <span className={`live-dot live-${live}`}>{live === 'live' ? 'live tail' : live}</span>
        <span className="muted small">{lines.length} lines</span>
      </div>
      {error ? <ErrorNote error={{ code: error.code, message: error.message }} /> : null}
      <pre
        ref={box}
        className="log"
        data-testid="console-log"
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
          if (atBottom !== follow) setFollow(atBottom);
        }}
      >
        {lines.length === 0 ? <span className="muted">No console output.</span> : null}
        {lines.map((line, i) => (
          <div key={i} className={`log-line level-${line.level ?? 'info'}`}>
            <span className="log-time">{new Date(line.timestamp).toLocaleTimeString()}</span>
            {line.msg}
          </div>
        ))}
      </pre>
    </div>
  );
}

function Scalars({ id }: { id: string }) {
  const metrics = useAsync((signal) => request(TaskScalarMetrics, { id }, signal), id);
  const [line, setLine] = useState<'mean' | 'last'>('mean');
  const [points, setPoints] = useState<ScalarPoints>([]);
  const known = useMemo(() => new Set(metrics.data?.task?.scalarMetrics.map((m) => m.metric) ?? []), [metrics.data]);

  const live = useScalarTail(
    id,
    metrics.data ? [] : undefined,
    (newPoints) => {
      setPoints((previous) => [...previous, ...newPoints].slice(-50_000));
      if (newPoints.some((p) => !known.has(p.metric))) metrics.reload();
    },
    () => {
      setPoints([]);
      metrics.reload();
    },
  );

  if (metrics.error) return <ErrorNote error={{ message: metrics.error.message }} />;
  if (!metrics.data) return <p className="page-message muted">Loading…</p>;
  const list = metrics.data.task?.scalarMetrics ?? [];
  return (
    <div className="scalars">
      <div className="console-bar">
        <label>
          Line{' '}
          <select value={line} onChange={(e) => setLine(e.target.value as 'mean' | 'last')}>
            <option value="mean">mean of bucket</option>
            <option value="last">last of bucket</option>
          </select>
        </label>
        <span className="muted small">The band spans each bucket's min…max. Drag to zoom (finer buckets are loaded), double-click to reset.</span>
        <span className={`live-dot live-${live}`}>{live === 'live' ? 'live' : live}</span>
      </div>
      {list.length === 0 ? <p className="page-message muted">No scalars reported yet.</p> : null}
      <div className="chart-grid">
        {list.map((m) => (
          <MetricChart key={m.metric} taskIds={[id]} metric={m.metric} livePoints={points} line={line} />
        ))}
      </div>
    </div>
  );
}
