// Legacy events.* metric reads (neighbours spec B.5.7–B.5.10), translated to the events domain
// services. Typed endpoints are validated by schema/events.conf (400/12); the "required_fields"
// ones check member presence here (400/11).
import { getDebugImages } from '../../resolvers/events/debug-images.ts';
import { compareScalarHistograms, getScalarHistogram, type HistogramKey } from '../../resolvers/events/histogram.ts';
import {
  getLatestScalarValues,
  getMetricsAndVariants,
  getTaskMetricNames,
  getVectorHistogram,
} from '../../resolvers/events/metrics.ts';
import type { Row } from '../convert.ts';
import { ApiError, type EndpointDefinition } from '../types.ts';
import { requirePresent } from '../members.ts';

/** The legacy cap on tasks of one multi-task histogram. */
const MAX_HISTOGRAM_TASKS = 100;


/** A member that must be a string (raw-style endpoints pass any JSON value through). */
function text(body: Row, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new ApiError(400, 12, `Validation error (expected string): field=${field}`);
  return value;
}

export const eventMetricEndpoints: EndpointDefinition[] = [
  {
    name: 'events.scalar_metrics_iter_histogram',
    minVersion: '1.0',
    // The histogram is the whole `data` (wrapped, so a metric named "data" stays a metric).
    handler: async ({ actor, body }) => ({
      data: await getScalarHistogram(actor, body.task as string, {
        samples: body.samples as number,
        key: body.key as HistogramKey,
      }),
    }),
  },
  {
    name: 'events.multi_task_scalar_metrics_iter_histogram',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      const tasks = typeof body.tasks === 'string' ? body.tasks.split(',').map((id) => id.trim()) : (body.tasks as string[]);
      const metrics = await compareScalarHistograms(actor, tasks, {
        samples: body.samples as number,
        key: body.key as HistogramKey,
        sameCompany: true,
        maxTasks: MAX_HISTOGRAM_TASKS,
      });
      return { metrics };
    },
  },
  {
    name: 'events.get_task_metrics',
    minVersion: '1.0',
    handler: async ({ actor, body }) => ({
      metrics: await getTaskMetricNames(actor, body.tasks as string[], body.event_type as string),
    }),
  },
  {
    name: 'events.get_scalar_metrics_and_variants',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['task']);
      return { metrics: await getMetricsAndVariants(actor, text(body, 'task'), 'training_stats_scalar') };
    },
  },
  {
    name: 'events.get_vector_metrics_and_variants',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['task']);
      return { metrics: await getMetricsAndVariants(actor, text(body, 'task'), 'training_stats_vector') };
    },
  },
  {
    name: 'events.vector_metrics_iter_histogram',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['task', 'metric', 'variant']);
      const histogram = await getVectorHistogram(actor, text(body, 'task'), text(body, 'metric'), text(body, 'variant'));
      return { ...histogram };
    },
  },
  {
    name: 'events.get_task_latest_scalar_values',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['task']);
      const latest = await getLatestScalarValues(actor, text(body, 'task'));
      return {
        metrics: latest.metrics,
        last_iter: latest.lastIter,
        name: latest.name,
        status: latest.status,
        last_timestamp: latest.lastTimestamp,
      };
    },
  },
  {
    name: 'events.debug_images',
    minVersion: '2.7',
    handler: async ({ actor, body }) => {
      const page = await getDebugImages(actor, {
        metrics: body.metrics as { task: string; metric: string }[],
        iters: body.iters as number,
        navigateEarlier: body.navigate_earlier as boolean,
        refresh: body.refresh as boolean,
        scrollId: (body.scroll_id as string | undefined) ?? null,
      });
      return page.scrollId === null ? { metrics: page.metrics } : { metrics: page.metrics, scroll_id: page.scrollId };
    },
  },
];
