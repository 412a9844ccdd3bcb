// The chart of one metric for one or several tasks: loads the downsampled series of every variant
// (compareScalars), re-queries finer buckets for a zoomed x range, and folds in live points.
import { useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../gql/index.ts';
import type { MetricSeriesQuery } from '../gql/graphql.ts';
import { request, type RequestError } from '../lib/client.ts';
import type { ScalarPoints } from '../lib/live.ts';
import { ErrorNote } from './common.tsx';
import { PALETTE, ScalarChart, type Bucket, type ChartSeries, type XRange } from './scalar-chart.tsx';

const MetricSeries = graphql(`
  query MetricSeries($taskIds: [ID!]!, $metric: String!, $maxPoints: Int!, $from: Float, $to: Float) {
    compareScalars(taskIds: $taskIds, metrics: [{ metric: $metric }], maxPoints: $maxPoints, from: $from, to: $to) {
      taskId
      taskName
      metric
      variant
      bucketWidth
      buckets { x min max mean last count }
    }
  }
`);

const DASHES: (number[] | undefined)[] = [undefined, [6, 4], [2, 3], [10, 3, 2, 3]];

type Series = MetricSeriesQuery['compareScalars'][number];

/** Buckets per chart: about one per horizontal pixel. */
const maxPointsFor = (element: HTMLElement | null) => Math.max(100, Math.min(4000, Math.round(element?.clientWidth ?? 1000)));

/** Folds points reported after the series was read into its buckets (new x: a bucket of its own). */
function withLivePoints(series: Series, points: ScalarPoints): Bucket[] {
  const mine = points.filter((p) => p.metric === series.metric && p.variant === series.variant);
  if (mine.length === 0) return series.buckets;
  const buckets = series.buckets.map((b) => ({ ...b }));
  const width = series.bucketWidth ?? 1;
  for (const point of mine) {
    const last = buckets.at(-1);
    if (last && point.iteration < last.x) continue; // already in the series that was read
    if (last && point.iteration < last.x + width) {
      last.min = Math.min(last.min, point.value);
      last.max = Math.max(last.max, point.value);
      last.mean = (last.mean * last.count + point.value) / (last.count + 1);
      last.count += 1;
      last.last = point.value;
    } else {
      buckets.push({ x: point.iteration, min: point.value, max: point.value, mean: point.value, last: point.value, count: 1 });
    }
  }
  return buckets;
}

export function MetricChart({
  taskIds,
  metric,
  livePoints,
  line,
  labelByTask,
}: {
  taskIds: readonly string[];
  metric: string;
  /** Points of this task reported since the page opened (single-task charts). */
  livePoints?: ScalarPoints;
  line: 'mean' | 'last';
  /** Series labels name the task (compare view) rather than only the variant. */
  labelByTask?: boolean;
}) {
  const [range, setRange] = useState<XRange>();
  const [series, setSeries] = useState<Series[]>();
  const [error, setError] = useState<RequestError>();
  const box = useRef<HTMLDivElement>(null);
  const [reloads, setReloads] = useState(0);
  const pointsAtLoad = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    pointsAtLoad.current = livePoints?.length ?? 0;
    request(
      MetricSeries,
      { taskIds: [...taskIds], metric, maxPoints: maxPointsFor(box.current), from: range?.from ?? null, to: range?.to ?? null },
      controller.signal,
    ).then(
      (data) => {
        setSeries(data.compareScalars);
        setError(undefined);
      },
      (err: RequestError) => {
        if (!controller.signal.aborted) setError(err);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [taskIds.join(','), metric, range?.from, range?.to, reloads]);

  // Many live points since the last read: read the series again (downsampled) instead of growing.
  useEffect(() => {
    if (!range && livePoints && livePoints.length - pointsAtLoad.current > 2000) setReloads((n) => n + 1);
  }, [livePoints, range]);

  const chartSeries = useMemo<ChartSeries[]>(() => {
    if (!series) return [];
    const taskOrder = new Map(taskIds.map((id, i) => [id, i]));
    const variants = [...new Set(series.map((s) => s.variant))].sort();
    return series
      .slice()
      .sort((a, b) => (taskOrder.get(a.taskId) ?? 0) - (taskOrder.get(b.taskId) ?? 0) || a.variant.localeCompare(b.variant))
      .map((s, i) => ({
        key: `${s.taskId}/${s.variant}`,
        label: labelByTask ? (variants.length > 1 ? `${s.taskName} › ${s.variant}` : s.taskName) : s.variant,
        // Compared tasks keep their own color (as in the tables); their variants differ by dash.
        color: PALETTE[(labelByTask ? (taskOrder.get(s.taskId) ?? i) : i) % PALETTE.length]!,
        dash: labelByTask ? DASHES[variants.indexOf(s.variant) % DASHES.length] : undefined,
        buckets: livePoints && !range ? withLivePoints(s, livePoints) : s.buckets,
      }));
  }, [series, livePoints, range, labelByTask, taskIds]);

  return (
    <div ref={box} className="metric-chart">
      {error ? <ErrorNote error={{ code: error.code, message: error.message }} /> : null}
      {series && series.length === 0 ? <p className="muted">{metric}: no points</p> : null}
      {series && series.length > 0 ? <ScalarChart title={metric} series={chartSeries} line={line} range={range} onZoom={setRange} /> : null}
      {!series && !error ? <div className="chart-placeholder muted">{metric}: loading…</div> : null}
    </div>
  );
}
