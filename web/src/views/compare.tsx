// Compare several tasks: their scalars overlaid (one chart per metric, a series per task and
// variant) and their hyper-parameters and last metric values side by side, differences marked.
import { useMemo, useState } from 'react';
import { graphql } from '../gql/index.ts';
import type { CompareTasksQuery } from '../gql/graphql.ts';
import { ErrorNote, StatusBadge } from '../components/common.tsx';
import { MetricChart } from '../components/metric-chart.tsx';
import { PALETTE } from '../components/scalar-chart.tsx';
import { request, type RequestError } from '../lib/client.ts';
import { formatNumber } from '../lib/format.ts';
import { Link, useLocation } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';

const CompareTasks = graphql(`
  query CompareTasks($ids: [ID!]!) {
    tasks(filter: { ids: $ids }, first: 100) {
      edges {
        node {
          id
          name
          status
          hyperParamList { section name value }
          lastMetrics { metric variant value min max }
          scalarMetrics { metric variants }
        }
      }
    }
  }
`);

type CompareTask = CompareTasksQuery['tasks']['edges'][number]['node'];

interface Row {
  key: string;
  group: string;
  label: string;
  values: (string | undefined)[];
  differs: boolean;
}

function rowsOf(tasks: CompareTask[], entries: (task: CompareTask) => [group: string, label: string, value: string][]): Row[] {
  const rows = new Map<string, Row>();
  tasks.forEach((task, column) => {
    for (const [group, label, value] of entries(task)) {
      const key = `${group}\u0000${label}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { key, group, label, values: tasks.map(() => undefined), differs: false }));
      row.values[column] = value;
    }
  });
  const result = [...rows.values()];
  for (const row of result) row.differs = new Set(row.values.map((v) => v ?? '\u0000missing')).size > 1;
  return result.sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label));
}

export function ComparePage() {
  const { query } = useLocation();
  const ids = useMemo(() => [...new Set(query.getAll('ids').flatMap((v) => v.split(',')).filter(Boolean))], [query]);
  const loaded = useAsync((signal) => request(CompareTasks, { ids }, signal), ids.join(','));
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [line, setLine] = useState<'mean' | 'last'>('mean');

  const tasks = useMemo(() => {
    const found = loaded.data?.tasks.edges.map((e) => e.node) ?? [];
    return ids.map((id) => found.find((t) => t.id === id)).filter((t): t is CompareTask => t !== undefined);
  }, [loaded.data, ids]);
  const params = useMemo(() => rowsOf(tasks, (t) => t.hyperParamList.map((p) => [p.section, p.name, p.value])), [tasks]);
  const metrics = useMemo(
    () => rowsOf(tasks, (t) => t.lastMetrics.map((m) => [m.metric, m.variant, formatNumber(m.value)])),
    [tasks],
  );
  const metricNames = useMemo(() => [...new Set(tasks.flatMap((t) => t.scalarMetrics.map((m) => m.metric)))].sort(), [tasks]);
  const taskIds = useMemo(() => tasks.map((t) => t.id), [tasks]);

  if (ids.length === 0) return <p className="page-message">Select tasks in the <Link href="/">experiments table</Link> and choose Compare.</p>;
  if (loaded.error) return <ErrorNote error={{ code: (loaded.error as RequestError).code, message: loaded.error.message }} />;
  if (!loaded.data) return <p className="page-message muted">Loading…</p>;
  const missing = ids.filter((id) => !tasks.some((t) => t.id === id));

  const table = (title: string, rows: Row[], testId: string) => {
    const shown = onlyDiff ? rows.filter((r) => r.differs) : rows;
    return (
      <section className="card wide">
        <h2>
          {title} <span className="muted small">({rows.filter((r) => r.differs).length} of {rows.length} differ)</span>
        </h2>
        <table className="grid compare" data-testid={testId}>
          <thead>
            <tr>
              <th />
              <th />
              {tasks.map((task, i) => (
                <th key={task.id}>
                  <i className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
                  <Link href={`/tasks/${task.id}`}>{task.name}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} className={row.differs ? 'differs' : undefined} data-differs={row.differs}>
                <td className="muted">{row.group}</td>
                <th>{row.label}</th>
                {row.values.map((value, i) => (
                  <td key={i} className={value === undefined ? 'missing' : 'value'}>
                    {value ?? '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  };

  return (
    <div className="compare-page">
      <h1>Compare {tasks.length} tasks</h1>
      <div className="compare-tasks">
        {tasks.map((task, i) => (
          <span key={task.id} className="compare-task">
            <i className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
            <Link href={`/tasks/${task.id}`}>{task.name}</Link> <StatusBadge status={task.status} />
          </span>
        ))}
      </div>
      {missing.length ? <ErrorNote error={{ code: 'TASK_NOT_FOUND', message: `Not found: ${missing.join(', ')}` }} /> : null}
      <div className="console-bar">
        <label className="check">
          <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} /> only differences
        </label>
        <label>
          Line{' '}
          <select value={line} onChange={(e) => setLine(e.target.value as 'mean' | 'last')}>
            <option value="mean">mean of bucket</option>
            <option value="last">last of bucket</option>
          </select>
        </label>
      </div>
      {table('Hyper-parameters', params, 'compare-params')}
      {table('Last metric values', metrics, 'compare-metrics')}
      <section className="card wide">
        <h2>Scalars</h2>
        {metricNames.length === 0 ? <p className="muted">No scalars reported.</p> : null}
        <div className="chart-grid">
          {metricNames.map((metric) => (
            <MetricChart key={metric} taskIds={taskIds} metric={metric} line={line} labelByTask />
          ))}
        </div>
      </section>
    </div>
  );
}
