// Task fields and their columns, for the hand-written SQL of the hot paths (listing, status
// compare-and-set). Typed over every scalar field so a new schema field must be mapped here.
import { Prisma } from '../../db.ts';

/** Prisma field -> DB column. Typed over every scalar field so a new schema field must be mapped. */
export const taskColumns: Record<Prisma.TaskScalarFieldEnum, string> = {
  id: 'id',
  companyId: 'company',
  companyOrigin: 'company_origin',
  userId: 'user',
  name: 'name',
  type: 'type',
  status: 'status',
  statusReason: 'status_reason',
  statusMessage: 'status_message',
  statusChanged: 'status_changed',
  comment: 'comment',
  created: 'created',
  started: 'started',
  completed: 'completed',
  published: 'published',
  duration: 'duration',
  parentId: 'parent',
  detachedParentId: 'detached_parent',
  detachedInputModelId: 'detached_input_model',
  detachedOutputModelId: 'detached_output_model',
  projectId: 'project',
  tags: 'tags',
  systemTags: 'system_tags',
  outputDestination: 'output_destination',
  outputModelId: 'output_model',
  outputError: 'output_error',
  outputResult: 'output_result',
  testSplit: 'test_split',
  parameters: 'parameters',
  inputModelId: 'input_model',
  modelDesc: 'model_desc',
  modelLabels: 'model_labels',
  framework: 'framework',
  dockerCmd: 'docker_cmd',
  queueId: 'queue',
  scriptBinary: 'script_binary',
  scriptRepository: 'script_repository',
  scriptTag: 'script_tag',
  scriptBranch: 'script_branch',
  scriptVersionNum: 'script_version_num',
  scriptEntryPoint: 'script_entry_point',
  scriptWorkingDir: 'script_working_dir',
  scriptRequirements: 'script_requirements',
  scriptDiff: 'script_diff',
  hyperparams: 'hyperparams',
  configuration: 'configuration',
  runtime: 'runtime',
  lastWorker: 'last_worker',
  lastWorkerReport: 'last_worker_report',
  lastUpdate: 'last_update',
  lastIteration: 'last_iteration',
  lastMetrics: 'last_metrics',
  metricStats: 'metric_stats',
};


// SQL types of the columns whose parameters need a cast when written.
const casts: Partial<Record<Prisma.TaskScalarFieldEnum, string>> = {
  type: '"TaskType"',
  status: '"TaskStatus"',
  outputResult: '"OutputResult"',
  statusChanged: 'timestamptz',
  created: 'timestamptz',
  started: 'timestamptz',
  completed: 'timestamptz',
  published: 'timestamptz',
  lastWorkerReport: 'timestamptz',
  lastUpdate: 'timestamptz',
  duration: 'int',
  testSplit: 'int',
  lastIteration: 'int',
  parameters: 'jsonb',
  modelDesc: 'jsonb',
  modelLabels: 'jsonb',
  scriptRequirements: 'jsonb',
  hyperparams: 'jsonb',
  configuration: 'jsonb',
  runtime: 'jsonb',
  lastMetrics: 'jsonb',
  metricStats: 'jsonb',
};
const arrays = new Set<string>(['tags', 'systemTags']);

/** `"column" = <value>` for an UPDATE's SET list; `field` must be a task scalar field. */
export function assignment(field: string, value: unknown): Prisma.Sql {
  const column = taskColumns[field as Prisma.TaskScalarFieldEnum];
  if (!column) throw new Error(`not a task column: ${field}`);
  const target = Prisma.raw(`"${column}"`);
  if (value === null || value === undefined) return Prisma.sql`${target} = NULL`;
  if (arrays.has(field)) {
    // via jsonb: array parameters are not portable across the pg and PGlite adapters
    return Prisma.sql`${target} = ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(value)}::jsonb))`;
  }
  const cast = casts[field as Prisma.TaskScalarFieldEnum];
  if (cast === 'jsonb') return Prisma.sql`${target} = ${JSON.stringify(value)}::jsonb`;
  if (cast) return Prisma.sql`${target} = ${value}::${Prisma.raw(cast)}`;
  return Prisma.sql`${target} = ${value}`;
}

/**
 * The task fields of a select that asks for scalar columns only (`{ field: true }`), so they can
 * be returned by the statement that writes them; undefined for anything richer.
 */
export function scalarSelection(query: { select?: object; include?: object }): string[] | undefined {
  if (query.include || !query.select) return undefined;
  const fields = Object.entries(query.select);
  if (fields.some(([field, value]) => value !== true || !(field in taskColumns))) return undefined;
  return fields.map(([field]) => field);
}

/** `"column" AS "field", …` of the given task fields, for a RETURNING or SELECT list. */
export const returningList = (fields: string[]) =>
  Prisma.raw(
    fields.map((field) => `"${taskColumns[field as Prisma.TaskScalarFieldEnum]}" AS "${field}"`).join(', '),
  );
