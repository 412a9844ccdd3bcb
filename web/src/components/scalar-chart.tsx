// One scalar chart drawn by uPlot on a canvas: per series a min/max band (from the downsampled
// buckets) and a mean or last-value line. Dragging across the plot zooms in (the owner re-queries
// finer buckets for that x range); a double click zooms back out.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../lib/format.ts';

export interface Bucket {
  x: number;
  min: number;
  max: number;
  mean: number;
  last: number;
}

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /** Canvas line dash (e.g. [6, 4]) to tell series of one color apart. */
  dash?: number[];
  buckets: readonly Bucket[];
}

export interface XRange {
  from: number;
  to: number;
}

export const PALETTE = ['#2f6fde', '#e8591a', '#1a9c5b', '#b8329b', '#c99a06', '#0f9bb5', '#7a4fd6', '#d12c3f', '#5c7a1f', '#6b6b6b'];

function withAlpha(hex: string, alpha: number) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function alignedData(series: readonly ChartSeries[], line: 'mean' | 'last'): uPlot.AlignedData {
  const tables = series.map((s) => {
    const xs = s.buckets.map((b) => b.x);
    return [xs, s.buckets.map((b) => b.max), s.buckets.map((b) => b.min), s.buckets.map((b) => b[line])] as uPlot.AlignedData;
  });
  if (tables.length === 0) return [[]];
  return tables.length === 1 ? tables[0]! : uPlot.join(tables);
}

export function ScalarChart({
  title,
  series,
  line = 'mean',
  xLabel = 'iteration',
  range,
  onZoom,
  height = 240,
}: {
  title: string;
  series: readonly ChartSeries[];
  line?: 'mean' | 'last';
  xLabel?: string;
  /** The zoomed x range, if any (kept when new data arrives). */
  range?: XRange;
  onZoom?: (range: XRange | undefined) => void;
  height?: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const onZoomRef = useRef(onZoom);
  onZoomRef.current = onZoom;
  const structure = series.map((s) => `${s.key}|${s.color}|${s.label}|${s.dash ?? ''}`).join('\n');

  // (Re)create the plot when the set of series changes; data updates below reuse it.
  useEffect(() => {
    const element = holder.current!;
    const uSeries: uPlot.Series[] = [{ label: xLabel }];
    const bands: uPlot.Band[] = [];
    series.forEach((s) => {
      const base = uSeries.length;
      uSeries.push({ label: `${s.label} max`, stroke: 'transparent', width: 0, points: { show: false } });
      uSeries.push({ label: `${s.label} min`, stroke: 'transparent', width: 0, points: { show: false } });
      uSeries.push({ label: s.label, stroke: s.color, width: 1.5, dash: s.dash, points: { show: false } });
      bands.push({ series: [base, base + 1], fill: withAlpha(s.color, 0.16) });
    });
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      series: uSeries,
      bands,
      legend: { show: false },
      scales: { x: { time: false } },
      axes: [
        { stroke: '#666', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' } },
        { stroke: '#666', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' }, size: 60, values: (_u, ticks) => ticks.map((t) => formatNumber(t)) },
      ],
      cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 6 } },
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            u.setScale('x', { min: from, max: to });
            onZoomRef.current?.({ from, to });
          },
        ],
        setCursor: [
          (u) => {
            const target = readout.current;
            if (!target) return;
            const idx = u.cursor.idx;
            if (idx == null) {
              target.textContent = '';
              return;
            }
            const x = u.data[0][idx];
            const parts = [`${xLabel} ${formatNumber(x)}`];
            for (let i = 3; i < u.data.length; i += 3) {
              const value = u.data[i]?.[idx];
              if (value != null) parts.push(`${uSeries[i]!.label}: ${formatNumber(value)} [${formatNumber(u.data[i - 1]?.[idx])}…${formatNumber(u.data[i - 2]?.[idx])}]`);
            }
            target.textContent = parts.join('   ');
          },
        ],
      },
    };
    const instance = new uPlot(options, alignedData(series, line), element);
    plot.current = instance;
    const resetZoom = () => onZoomRef.current?.(undefined);
    instance.over.addEventListener('dblclick', resetZoom);
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== instance.width) instance.setSize({ width, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.over.removeEventListener('dblclick', resetZoom);
      instance.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [structure, height, xLabel]);

  useEffect(() => {
    const instance = plot.current;
    if (!instance) return;
    instance.setData(alignedData(series, line), !range);
    if (range) instance.setScale('x', { min: range.from, max: range.to });
  }, [series, line, range]);

  return (
    <figure className="chart" data-testid="scalar-chart" data-chart={title}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="legend">
          {series.map((s) => (
            <span key={s.key} className="legend-item">
              <i style={s.dash ? { background: `repeating-linear-gradient(90deg, ${s.color} 0 3px, transparent 3px 5px)` } : { background: s.color }} />
              {s.label}
            </span>
          ))}
        </span>
        {range ? (
          <button type="button" className="link" onClick={() => onZoom?.(undefined)}>
            reset zoom
          </button>
        ) : null}
      </figcaption>
      <div ref={holder} className="chart-canvas" />
      <div ref={readout} className="chart-readout" />
    </figure>
  );
}
