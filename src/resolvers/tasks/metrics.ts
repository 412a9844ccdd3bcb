// Metric naming of the legacy model: last_metrics is keyed by md5 of the metric and variant names.
import { createHash } from 'node:crypto';

/** md5 of the UTF-8 name as 32 lowercase hex chars (no normalisation: case and spaces count). */
export const metricHash = (name: string) => createHash('md5').update(name, 'utf8').digest('hex');
