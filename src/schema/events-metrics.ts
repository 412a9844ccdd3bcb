// Metrics of tasks in GraphQL: last values, downsampled scalar series (one task or a comparison of
// many), the scalar metric names and debug images by iteration. Resolvers are one-line adapters
// into src/resolvers/events; bad input and invisible tasks are errors with a stable
// `extensions.code` (INVALID_INPUT, TASK_NOT_FOUND).
import { builder } from './builder.ts';
import { TaskRef } from './task.ts';
import {
  listDebugImageIterations,
  type DebugImage,
  type DebugImageIterations,
} from '../resolvers/events/debug-images.ts';
import {
  flattenLastMetrics,
  getMetricsAndVariants,
  getTaskMetricNames,
  getVectorHistogram,
  type LastMetricValue,
  type MetricVariants,
} from '../resolvers/events/metrics.ts';
import {
  compareScalarSeries,
  DEFAULT_SERIES_POINTS,
  getScalarSeries,
  MAX_COMPARE_TASKS,
  MAX_SERIES_POINTS,
  type ScalarBucket,
  type ScalarSeries,
} from '../resolvers/events/series.ts';

const ScalarAxisEnum = builder.enumType('ScalarAxis', {
  description: 'What the x axis of a scalar series follows.',
  values: {
    ITER: { value: 'iter', description: 'The iteration number' },
    TIMESTAMP: { value: 'timestamp', description: 'The event time in epoch milliseconds' },
  } as const,
});

const ScalarBucketRef = builder.objectRef<ScalarBucket>('ScalarBucket').implement({
  description: 'The points of a scalar series within one bucket of x values.',
  fields: (t) => ({
    x: t.exposeFloat('x', { description: 'Start of the bucket: an iteration or epoch milliseconds' }),
    count: t.exposeInt('count', { description: 'Points in the bucket' }),
    min: t.exposeFloat('min'),
    max: t.exposeFloat('max', { description: 'Largest value: a single spike survives downsampling here' }),
    mean: t.exposeFloat('mean'),
    last: t.exposeFloat('last', { description: 'Value of the point with the greatest x in the bucket' }),
  }),
});

const ScalarSeriesRef = builder.objectRef<ScalarSeries>('ScalarSeries').implement({
  description: 'A scalar series (task, metric, variant) downsampled to at most maxPoints buckets.',
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    taskName: t.exposeString('taskName'),
    metric: t.exposeString('metric'),
    variant: t.exposeString('variant'),
    bucketWidth: t.exposeFloat('bucketWidth', {
      nullable: true,
      description: 'Width of every bucket in x units; null when no point is in range',
    }),
    buckets: t.field({ type: [ScalarBucketRef], resolve: (s) => s.buckets, description: 'Non-empty buckets by x' }),
  }),
});

const TaskMetricValueRef = builder.objectRef<LastMetricValue>('TaskMetricValue').implement({
  description: 'The last reported value of a scalar series with its running minimum and maximum.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    variant: t.exposeString('variant'),
    value: t.exposeFloat('value', { nullable: true }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
  }),
});

const MetricVariantsRef = builder.objectRef<{ metric: string; variants: string[] }>('MetricVariants').implement({
  description: 'A metric (graph) and its variants (series).',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    variants: t.exposeStringList('variants'),
  }),
});

const metricVariantList = (metrics: MetricVariants) =>
  Object.entries(metrics).map(([metric, variants]) => ({ metric, variants }));

const MetricEventTypeEnum = builder.enumType('MetricEventType', {
  description: 'The kinds of events a task reports.',
  values: {
    SCALAR: { value: 'training_stats_scalar' },
    VECTOR: { value: 'training_stats_vector' },
    DEBUG_IMAGE: { value: 'training_debug_image' },
    PLOT: { value: 'plot' },
    LOG: { value: 'log' },
  } as const,
});

const VectorPointRef = builder.objectRef<{ iter: number | null; values: unknown }>('VectorPoint').implement({
  description: 'The vector a task reported for one iteration.',
  fields: (t) => ({
    iter: t.int({ nullable: true, resolve: (p) => p.iter }),
    values: t.field({ type: 'JSON', resolve: (p) => p.values, description: 'The reported values (usually numbers)' }),
  }),
});

const DebugImageRef = builder.objectRef<DebugImage>('DebugImage').implement({
  description: 'One debug image (or media) event.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    variant: t.exposeString('variant'),
    iter: t.exposeInt('iter'),
    url: t.exposeString('url'),
    timestamp: t.exposeFloat('timestamp', { description: 'Event time in epoch milliseconds' }),
    event: t.field({ type: 'JSONObject', resolve: (i) => i.event, description: 'The event as reported' }),
  }),
});

type ImageIteration = DebugImageIterations['iterations'][number];

const DebugImageIterationRef = builder.objectRef<ImageIteration>('DebugImageIteration').implement({
  fields: (t) => ({
    iter: t.exposeInt('iter'),
    images: t.field({ type: [DebugImageRef], resolve: (i) => i.images }),
  }),
});

const DebugImagePageRef = builder.objectRef<DebugImageIterations>('DebugImagePage').implement({
  description: 'Iterations of debug images, newest first.',
  fields: (t) => ({
    iterations: t.field({ type: [DebugImageIterationRef], resolve: (p) => p.iterations }),
    hasMore: t.exposeBoolean('hasMore', { description: 'Whether earlier iterations exist' }),
    nextBefore: t.int({
      nullable: true,
      description: 'Pass as `before` for the next (earlier) page; null on the last page',
      resolve: (p) => (p.hasMore ? (p.iterations.at(-1)?.iter ?? null) : null),
    }),
  }),
});

const ScalarMetricSelectorRef = builder.inputType('ScalarMetricSelector', {
  description: 'A metric to compare; without variant every variant of the metric.',
  fields: (t) => ({
    metric: t.string({ required: true }),
    variant: t.string(),
  }),
});

builder.prismaObjectFields(TaskRef, (t) => ({
  metrics: t.field({
    type: [TaskMetricValueRef],
    description: 'Last value, minimum and maximum of every scalar series, by metric and variant',
    resolve: (task) => flattenLastMetrics(task.lastMetrics),
  }),
  scalarMetrics: t.field({
    type: [MetricVariantsRef],
    description: 'Scalar metrics with their variants, most reported first (≤ 100 × 100)',
    resolve: async (task, _args, { actor }) =>
      metricVariantList(await getMetricsAndVariants(actor, task.id, 'training_stats_scalar')),
  }),
  vectorMetrics: t.field({
    type: [MetricVariantsRef],
    description: 'Vector metrics with their variants, most reported first (≤ 100 × 100)',
    resolve: async (task, _args, { actor }) =>
      metricVariantList(await getMetricsAndVariants(actor, task.id, 'training_stats_vector')),
  }),
  metricNames: t.stringList({
    description: 'Metrics that reported events of a kind, most reported first (≤ 100)',
    args: { eventType: t.arg({ type: MetricEventTypeEnum, required: true }) },
    resolve: async (task, { eventType }, { actor }) =>
      (await getTaskMetricNames(actor, [task.id], eventType))[0]?.metrics ?? [],
  }),
  vectors: t.field({
    type: [VectorPointRef],
    nullable: true, // a refused argument (e.g. text with NUL) nulls this field only, not the task
    description: 'The vectors of one metric and variant by iteration (≤ 10,000)',
    args: { metric: t.arg.string({ required: true }), variant: t.arg.string({ required: true }) },
    resolve: async (task, { metric, variant }, { actor }) => {
      const histogram = await getVectorHistogram(actor, task.id, metric, variant);
      return histogram.iterations.map((iter, i) => ({ iter, values: histogram.vectors[i] }));
    },
  }),
  scalarSeries: t.field({
    type: ScalarSeriesRef,
    nullable: true, // a refused argument nulls this field only, not the task (or a mutation's payload) around it
    description: `One scalar series downsampled to at most maxPoints (1…${MAX_SERIES_POINTS}) buckets, optionally within [from, to]`,
    args: {
      metric: t.arg.string({ required: true }),
      variant: t.arg.string({ required: true }),
      maxPoints: t.arg.int({ defaultValue: DEFAULT_SERIES_POINTS }),
      xAxis: t.arg({ type: ScalarAxisEnum, defaultValue: 'iter' }),
      from: t.arg.float({ description: 'Smallest x (iteration or epoch ms) to include' }),
      to: t.arg.float({ description: 'Largest x to include' }),
    },
    resolve: (task, args, { actor }) =>
      getScalarSeries(actor, task.id, {
        metric: args.metric,
        variant: args.variant,
        maxPoints: args.maxPoints ?? undefined,
        axis: args.xAxis ?? undefined,
        from: args.from,
        to: args.to,
      }),
  }),
  debugImages: t.field({
    type: DebugImagePageRef,
    nullable: true, // as scalarSeries: bad paging arguments null this field only
    description: 'Debug images by iteration, newest first; images of recycled file names are left out',
    args: {
      metric: t.arg.string({ description: 'Only this metric' }),
      first: t.arg.int({ defaultValue: 10, description: 'Iterations per page (1…100)' }),
      before: t.arg.int({ description: 'Only iterations below this one (nextBefore of the previous page)' }),
    },
    resolve: (task, args, { actor }) =>
      listDebugImageIterations(actor, task.id, { metric: args.metric, first: args.first ?? undefined, before: args.before }),
  }),
}));

builder.queryField('compareScalars', (t) =>
  t.field({
    type: [ScalarSeriesRef],
    description: `The same downsampled scalar series of many tasks (own or public, up to ${MAX_COMPARE_TASKS}): one series per task × metric × variant that has points, by task, selector and variant.`,
    args: {
      taskIds: t.arg.idList({ required: true }),
      metrics: t.arg({ type: [ScalarMetricSelectorRef], required: true }),
      maxPoints: t.arg.int({ defaultValue: DEFAULT_SERIES_POINTS }),
      xAxis: t.arg({ type: ScalarAxisEnum, defaultValue: 'iter' }),
      from: t.arg.float(),
      to: t.arg.float(),
    },
    resolve: (_root, args, { actor }) =>
      compareScalarSeries(actor, {
        taskIds: args.taskIds.map(String),
        metrics: args.metrics,
        maxPoints: args.maxPoints ?? undefined,
        axis: args.xAxis ?? undefined,
        from: args.from,
        to: args.to,
      }),
  }),
);
