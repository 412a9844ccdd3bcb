// The experiments table: project picker, status/type/tag filters, free-text search, sortable
// columns (base fields, chosen hyper-parameters and last metric values), keyset paging as the
// user scrolls, row selection with bulk lifecycle actions behind a confirmation, and live status
// updates. The whole view is kept in the URL.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../gql/index.ts';
import type { TaskRowFragment } from '../gql/graphql.ts';
import { ConfirmDialog, ErrorNote, MultiSelect, StatusBadge, Tags } from '../components/common.tsx';
import { request, RequestError } from '../lib/client.ts';
import { formatDate, formatDuration, formatNumber, STATUSES, statusLabel, TASK_TYPES } from '../lib/format.ts';
import { ACTION_HINTS, ACTION_LABELS, ACTIONS, runActionOnAll, type Action, type ActionOutcome } from '../lib/lifecycle.ts';
import { useTaskChanges } from '../lib/live.ts';
import { hrefOf, Link, navigate, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import {
  BASE_COLUMNS, columnLabel, filterOfView, hrefOfView, metricColumn, orderOfView, paramColumn, parseColumn,
  viewFromQuery, type ColumnKey, type TableView,
} from './table-view.ts';

const PAGE_SIZE = 50;

graphql(`
  fragment TaskRow on Task {
    id
    name
    type
    status
    statusMessage
    created
    started
    lastUpdate
    lastIteration
    duration
    tags
    project { id name }
    hyperparams @include(if: $withParams)
    lastMetrics @include(if: $withMetrics) { metric variant value min max }
  }
`);

const TaskTable = graphql(`
  query TaskTable(
    $filter: TaskFilter
    $orderBy: [TaskOrder!]
    $first: Int!
    $after: String
    $withParams: Boolean!
    $withMetrics: Boolean!
  ) {
    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      edges { node { ...TaskRow } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const TaskCount = graphql(`
  query TaskCount($filter: TaskFilter) {
    tasks(filter: $filter, first: 1) { totalCount }
  }
`);

const ProjectList = graphql(`
  query ProjectList {
    projects(first: 1000, orderBy: [{ field: NAME }]) { edges { node { id name } } }
  }
`);

// Option lists of the column picker and the tag filter are read when their dropdown opens: over a
// project of 100,000 tasks they are aggregates of every task (seconds), not worth it per page view.
const ProjectColumnOptions = graphql(`
  query ProjectColumnOptions($id: ID!) {
    project(id: $id) {
      id
      hyperParameters(pageSize: 500) { total parameters { section name } }
      metricVariants { metric variant }
    }
  }
`);

const ProjectTags = graphql(`
  query ProjectTags($id: ID!) {
    project(id: $id) { id taskTags { tags } }
  }
`);

const OrganizationTags = graphql(`
  query OrganizationTags {
    organizationTags { tags }
  }
`);

/** Loads once on demand (`load()`), again when `key` changes and it is asked for again. */
function useOnDemand<T>(key: string, fetcher: () => Promise<T>) {
  const [state, setState] = useState<{ key: string; data?: T; loading: boolean; error?: Error }>({ key, loading: false });
  const current = state.key === key ? state : { key, loading: false };
  const load = () => {
    if (current.loading || current.data !== undefined) return;
    setState({ key, loading: true });
    fetcher().then(
      (data) => setState((s) => (s.key === key ? { key, data, loading: false } : s)),
      (error: Error) => setState((s) => (s.key === key ? { key, loading: false, error } : s)),
    );
  };
  return { ...current, load };
}

type Row = TaskRowFragment;

interface Page {
  rows: Row[];
  endCursor: string | null;
  hasNextPage: boolean;
}

function cellValue(row: Row, key: ColumnKey): string {
  const column = parseColumn(key);
  if (!column || column.kind === 'base') return '';
  if (column.kind === 'param') {
    const params = row.hyperparams as Record<string, Record<string, { value?: string }>> | undefined;
    return params?.[column.section]?.[column.name]?.value ?? '';
  }
  const metric = row.lastMetrics?.find((m) => m.metric === column.metric && m.variant === column.variant);
  return formatNumber(metric?.value);
}

export function ExperimentsPage() {
  const { query } = useLocation();
  const view = useMemo(() => viewFromQuery(query), [query.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const setView = useCallback(
    (change: Partial<TableView>, replace = false) => navigate(hrefOfView({ ...view, ...change }), { replace }),
    [view],
  );

  const withParams = view.columns.some((c) => c.startsWith('p:'));
  const withMetrics = view.columns.some((c) => c.startsWith('m:'));
  const filter = useMemo(() => filterOfView(view), [view]);
  const orderBy = useMemo(() => orderOfView(view), [view]);
  const queryKey = JSON.stringify([filter, orderBy, withParams, withMetrics]);

  const [page, setPage] = useState<Page>({ rows: [], endCursor: null, hasNextPage: false });
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<RequestError>();
  const [total, setTotal] = useState<number>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [rowErrors, setRowErrors] = useState<Map<string, { action: Action; code: string; message: string }>>(new Map());
  const [pendingNew, setPendingNew] = useState(0);
  const loadingMore = useRef(false);
  const shownIds = useRef(new Set<string>());
  shownIds.current = new Set(page.rows.map((r) => r.id));
  const generation = useRef(0);

  const loadFirst = useCallback(() => {
    const current = ++generation.current;
    setLoading(true);
    setLoadError(undefined);
    setPendingNew(0);
    const variables = { filter, orderBy, first: PAGE_SIZE, after: null, withParams, withMetrics };
    request(TaskTable, variables).then(
      (data) => {
        if (current !== generation.current) return;
        setPage({
          rows: data.tasks.edges.map((e) => e.node),
          endCursor: data.tasks.pageInfo.endCursor ?? null,
          hasNextPage: data.tasks.pageInfo.hasNextPage,
        });
        setLoading(false);
        // The total is a count over every matching task: asked once per view, after the rows.
        if (!data.tasks.pageInfo.hasNextPage) setTotal(data.tasks.edges.length);
        else {
          request(TaskCount, { filter }).then(
            (count) => current === generation.current && setTotal(count.tasks.totalCount),
            () => {},
          );
        }
      },
      (error: RequestError) => {
        if (current !== generation.current) return;
        setLoadError(error);
        setLoading(false);
      },
    );
    setTotal(undefined);
  }, [queryKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    setSelected(new Set());
    setRowErrors(new Map());
    loadFirst();
  }, [loadFirst]);

  const loadMore = useCallback(() => {
    if (loadingMore.current || !page.hasNextPage || loading) return;
    loadingMore.current = true;
    const current = generation.current;
    const variables = { filter, orderBy, first: PAGE_SIZE, after: page.endCursor, withParams, withMetrics };
    request(TaskTable, variables).then(
      (data) => {
        loadingMore.current = false;
        if (current !== generation.current) return;
        setPage((previous) => {
          const known = new Set(previous.rows.map((r) => r.id));
          return {
            rows: [...previous.rows, ...data.tasks.edges.map((e) => e.node).filter((n) => !known.has(n.id))],
            endCursor: data.tasks.pageInfo.endCursor ?? null,
            hasNextPage: data.tasks.pageInfo.hasNextPage,
          };
        });
      },
      (error: RequestError) => {
        loadingMore.current = false;
        if (current === generation.current) setLoadError(error);
      },
    );
  }, [page, loading, queryKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // Live updates: rows on screen change in place; tasks not on screen are counted so the user can
  // reload when they want (inserting them would move rows under the cursor).
  const live = useTaskChanges(filter, withParams, withMetrics, {
    upsert: (task) => {
      if (!shownIds.current.has(task.id)) {
        setPendingNew((n) => n + 1);
        return;
      }
      setPage((previous) => {
        const index = previous.rows.findIndex((r) => r.id === task.id);
        if (index < 0) return previous;
        const rows = previous.rows.slice();
        rows[index] = { ...rows[index]!, ...task };
        return { ...previous, rows };
      });
    },
    removed: (id) => {
      setPage((previous) => ({ ...previous, rows: previous.rows.filter((r) => r.id !== id) }));
      setSelected((previous) => {
        if (!previous.has(id)) return previous;
        const next = new Set(previous);
        next.delete(id);
        return next;
      });
    },
    reconnected: () => loadFirst(),
  });

  const sentinel = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { rootMargin: '400px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [loadMore]);

  const applyOutcome = (action: Action, outcome: ActionOutcome) => {
    setRowErrors((previous) => {
      const next = new Map(previous);
      if (outcome.error) next.set(outcome.taskId, { action, ...outcome.error });
      else next.delete(outcome.taskId);
      return next;
    });
    if (outcome.error) return;
    if (outcome.deleted) {
      setPage((previous) => ({ ...previous, rows: previous.rows.filter((r) => r.id !== outcome.taskId) }));
      setSelected((previous) => {
        const next = new Set(previous);
        next.delete(outcome.taskId);
        return next;
      });
    } else if (outcome.status) {
      setPage((previous) => ({
        ...previous,
        rows: previous.rows.map((r) =>
          r.id === outcome.taskId ? { ...r, status: outcome.status as Row['status'], statusMessage: outcome.statusMessage ?? null } : r,
        ),
      }));
    }
  };

  const allSelected = page.rows.length > 0 && page.rows.every((r) => selected.has(r.id));
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(page.rows.map((r) => r.id)));
  const toggle = (id: string) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const sortBy = (key: ColumnKey) =>
    setView(view.sort === key ? { descending: !view.descending } : { sort: key, descending: !key.startsWith('p:') && key !== 'name' });

  const visibleBase = BASE_COLUMNS.filter((c) => !(c.id === 'project' && view.project));

  return (
    <div className="experiments">
      <Toolbar view={view} setView={setView} total={total} live={live} />
      {selected.size > 0 ? (
        <BulkBar
          selectedIds={[...selected]}
          rows={page.rows}
          onOutcome={applyOutcome}
          onClear={() => setSelected(new Set())}
        />
      ) : null}
      {pendingNew > 0 ? (
        <div className="banner">
          {pendingNew} other {pendingNew === 1 ? 'task' : 'tasks'} matching the filter changed or appeared.{' '}
          <button type="button" className="link" onClick={loadFirst}>
            Refresh
          </button>
        </div>
      ) : null}
      {loadError ? <ErrorNote error={{ code: loadError.code, message: loadError.message }} /> : null}
      <div className="table-wrap">
        <table className="tasks" data-testid="task-table" aria-busy={loading}>
          <thead>
            <tr>
              <th className="select">
                <input type="checkbox" checked={allSelected} onChange={toggleAll} aria-label="Select all loaded tasks" />
              </th>
              {visibleBase.map((column) => (
                <SortHeader key={column.id} id={column.id} label={column.label} view={view} onSort={sortBy} />
              ))}
              {view.columns.map((key) => (
                <SortHeader
                  key={key}
                  id={key}
                  label={columnLabel(key)}
                  view={view}
                  onSort={sortBy}
                  numeric
                  onRemove={() => setView({ columns: view.columns.filter((c) => c !== key), ...(view.sort === key ? { sort: 'created', descending: true } : {}) })}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => {
              const rowError = rowErrors.get(row.id);
              return (
                <tr key={row.id} data-task-id={row.id} className={selected.has(row.id) ? 'selected' : undefined}>
                  <td className="select">
                    <input type="checkbox" checked={selected.has(row.id)} onChange={() => toggle(row.id)} aria-label={`Select ${row.name}`} />
                  </td>
                  <td className="name">
                    <Link href={`/tasks/${row.id}`}>{row.name}</Link>
                    {rowError ? (
                      <span className="row-error" role="alert" title={rowError.message}>
                        {ACTION_LABELS[rowError.action]} failed: <code>{rowError.code}</code> {rowError.message}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <StatusBadge status={row.status} message={row.statusMessage} />
                  </td>
                  <td className="muted">{row.type.replace('_', ' ')}</td>
                  {view.project ? null : <td className="muted ellipsis">{row.project?.name ?? ''}</td>}
                  <td>
                    <Tags tags={row.tags} />
                  </td>
                  <td className="num">{row.lastIteration || ''}</td>
                  <td className="date">{formatDate(row.created)}</td>
                  <td className="date">{formatDate(row.started)}</td>
                  <td className="date">{formatDate(row.lastUpdate)}</td>
                  <td className="num">{formatDuration(row.duration)}</td>
                  {view.columns.map((key) => (
                    <td key={key} className="num">
                      {cellValue(row, key)}
                    </td>
                  ))}
                </tr>
              );
            })}
            {page.hasNextPage ? (
              <tr ref={sentinel} className="more">
                <td colSpan={visibleBase.length + view.columns.length + 1}>
                  <button type="button" className="link" onClick={loadMore}>
                    Loading more…
                  </button>
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {!loading && page.rows.length === 0 && !loadError ? <p className="page-message">No tasks match.</p> : null}
        {loading && page.rows.length === 0 ? <p className="page-message muted">Loading…</p> : null}
      </div>
    </div>
  );
}

function SortHeader({
  id,
  label,
  view,
  onSort,
  numeric,
  onRemove,
}: {
  id: ColumnKey;
  label: string;
  view: TableView;
  onSort: (id: ColumnKey) => void;
  numeric?: boolean;
  onRemove?: () => void;
}) {
  const active = view.sort === id;
  return (
    <th className={numeric ? 'num' : undefined} aria-sort={active ? (view.descending ? 'descending' : 'ascending') : 'none'} data-column={id}>
      <button type="button" className="sort" onClick={() => onSort(id)} title={`Sort by ${label}`}>
        {label}
        <span className="arrow">{active ? (view.descending ? '▼' : '▲') : ''}</span>
      </button>
      {onRemove ? (
        <button type="button" className="link remove" onClick={onRemove} aria-label={`Remove column ${label}`}>
          ×
        </button>
      ) : null}
    </th>
  );
}

function Toolbar({
  view,
  setView,
  total,
  live,
}: {
  view: TableView;
  setView: (change: Partial<TableView>, replace?: boolean) => void;
  total: number | undefined;
  live: 'connecting' | 'live' | 'offline';
}) {
  const projects = useAsync((signal) => request(ProjectList, {}, signal), 'projects');
  const columnOptions = useOnDemand(view.project ?? '', () => request(ProjectColumnOptions, { id: view.project! }));
  const tagOptions = useOnDemand(view.project ?? '', () =>
    view.project
      ? request(ProjectTags, { id: view.project }).then((data) => data.project?.taskTags?.tags ?? [])
      : request(OrganizationTags, {}).then((data) => data.organizationTags.tags),
  );
  const [search, setSearch] = useState(view.search);
  useEffect(() => setSearch(view.search), [view.search]);
  useEffect(() => {
    if (search === view.search) return;
    const timer = setTimeout(() => setView({ search }, true), 300);
    return () => clearTimeout(timer);
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps

  const paramOptions = (columnOptions.data?.project?.hyperParameters.parameters ?? []).map((p) => paramColumn(p.section, p.name));
  const metricOptions = (columnOptions.data?.project?.metricVariants ?? []).map((m) => metricColumn(m.metric, m.variant));

  return (
    <div className="toolbar">
      <label className="project-picker">
        Project
        <select
          value={view.project ?? ''}
          onChange={(e) => setView({ project: e.target.value || undefined, columns: [], tags: [], sort: 'created', descending: true })}
          data-testid="project-picker"
        >
          <option value="">All projects</option>
          {projects.data?.projects.edges.map(({ node }) => (
            <option key={node.id} value={node.id}>
              {node.name}
            </option>
          ))}
        </select>
      </label>
      <MultiSelect label="Status" options={STATUSES} selected={view.statuses} onChange={(statuses) => setView({ statuses })} format={statusLabel} testId="status-filter" />
      <MultiSelect label="Type" options={TASK_TYPES} selected={view.types} onChange={(types) => setView({ types })} format={statusLabel} testId="type-filter" />
      <MultiSelect
        label="Tags"
        options={tagOptions.data ?? []}
        loading={tagOptions.loading}
        onOpen={tagOptions.load}
        selected={view.tags}
        onChange={(tags) => setView({ tags })}
        testId="tag-filter"
      />
      <input
        type="search"
        className="search"
        placeholder="Search name, id, comment…"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        aria-label="Search"
      />
      <label className="check">
        <input type="checkbox" checked={view.archived} onChange={(e) => setView({ archived: e.target.checked })} /> archived
      </label>
      <MultiSelect
        label="Columns"
        options={view.project ? [...paramOptions, ...metricOptions] : []}
        loading={columnOptions.loading}
        onOpen={() => view.project && columnOptions.load()}
        selected={view.columns}
        onChange={(cols) => setView({ columns: cols })}
        format={(key) => `${key.startsWith('p:') ? 'parameter' : 'metric'} ${columnLabel(key)}`}
        summary={(cols) => (view.project ? (cols.length ? `+${cols.length}` : 'base') : 'pick a project')}
        testId="column-picker"
      />
      <span className="spacer" />
      <span className="muted" data-testid="task-total">
        {total === undefined ? '' : `${total.toLocaleString()} ${total === 1 ? 'task' : 'tasks'}`}
      </span>
      <span className={`live-dot live-${live}`} title={live === 'live' ? 'Live updates on' : live === 'offline' ? 'Live updates unavailable; retrying' : 'Connecting'} data-testid="live-state">
        {live === 'live' ? 'live' : live === 'offline' ? 'offline' : '…'}
      </span>
    </div>
  );
}

function BulkBar({
  selectedIds,
  rows,
  onOutcome,
  onClear,
}: {
  selectedIds: string[];
  rows: readonly Row[];
  onOutcome: (action: Action, outcome: ActionOutcome) => void;
  onClear: () => void;
}) {
  const [confirming, setConfirming] = useState<Action>();
  const [force, setForce] = useState(false);
  const [running, setRunning] = useState<Action>();
  const [summary, setSummary] = useState<{ action: Action; done: number; failed: ActionOutcome[] }>();

  const run = async (action: Action) => {
    setConfirming(undefined);
    setRunning(action);
    setSummary(undefined);
    const outcomes = await runActionOnAll(action, selectedIds, force, (outcome) => onOutcome(action, outcome));
    const failed = outcomes.filter((o) => o.error);
    setSummary({ action, done: outcomes.length - failed.length, failed });
    setRunning(undefined);
    setForce(false);
  };

  const names = selectedIds.map((id) => rows.find((r) => r.id === id)?.name ?? id);
  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      <strong>{selectedIds.length} selected</strong>
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
      <button
        type="button"
        disabled={selectedIds.length < 2}
        onClick={() => navigate(hrefOf('/compare', { ids: selectedIds }))}
        title="Compare scalars and hyper-parameters"
      >
        Compare
      </button>
      <button type="button" className="link" onClick={onClear}>
        Clear selection
      </button>
      {summary ? (
        <span className={summary.failed.length ? 'bulk-summary failed' : 'bulk-summary'} role="status" data-testid="bulk-summary">
          {ACTION_LABELS[summary.action]}: {summary.done} done
          {summary.failed.length ? `, ${summary.failed.length} failed (${summary.failed[0]!.error!.code}: ${summary.failed[0]!.error!.message}${summary.failed.length > 1 ? ', …' : ''})` : ''}
        </span>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={`${ACTION_LABELS[confirming]} ${selectedIds.length} ${selectedIds.length === 1 ? 'task' : 'tasks'}?`}
          confirmLabel={ACTION_LABELS[confirming]}
          danger={confirming === 'delete' || confirming === 'reset'}
          onConfirm={() => void run(confirming)}
          onCancel={() => setConfirming(undefined)}
        >
          <p>{ACTION_HINTS[confirming]}</p>
          <ul className="confirm-list">
            {names.slice(0, 8).map((name, i) => (
              <li key={i}>{name}</li>
            ))}
            {names.length > 8 ? <li className="muted">and {names.length - 8} more</li> : null}
          </ul>
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
