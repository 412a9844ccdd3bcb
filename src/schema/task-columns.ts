// Which task columns a GraphQL selection of Task needs, so list and lookup queries read exactly
// those (the hyper-parameter and metric maps can be large). Relations are planned by plugin-prisma.
import { queryFromInfo } from '@pothos/plugin-prisma';
import { isObjectType, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { GraphQLContext } from './builder.ts';
import type { Task } from '../generated/prisma/client.ts';
import { Prisma } from '../db.ts';

type Column = keyof Task;

const script: Column[] = [
  'scriptBinary', 'scriptRepository', 'scriptTag', 'scriptBranch', 'scriptVersionNum',
  'scriptEntryPoint', 'scriptWorkingDir', 'scriptRequirements', 'scriptDiff',
];
const execution: Column[] = ['testSplit', 'parameters', 'modelDesc', 'modelLabels', 'framework', 'dockerCmd'];

/** Columns behind each field of the GraphQL Task type (a test checks every field is listed). */
export const taskFieldColumns: Record<string, Column[]> = {
  id: ['id'],
  name: ['name'],
  type: ['type'],
  status: ['status'],
  statusReason: ['statusReason'],
  statusMessage: ['statusMessage'],
  statusChanged: ['statusChanged'],
  comment: ['comment'],
  user: ['userId'],
  company: ['companyId'],
  isPublic: ['companyId'],
  created: ['created'],
  started: ['started'],
  completed: ['completed'],
  published: ['published'],
  duration: ['duration'],
  lastUpdate: ['lastUpdate'],
  lastIteration: ['lastIteration'],
  lastWorker: ['lastWorker'],
  lastWorkerReport: ['lastWorkerReport'],
  tags: ['tags'],
  systemTags: ['systemTags'],
  parent: ['parentId'],
  parentId: ['parentId', 'detachedParentId'],
  children: [],
  project: ['projectId'],
  queue: ['queueId'],
  inputModel: ['inputModelId'],
  outputModel: ['outputModelId'],
  inputModelId: ['inputModelId', 'detachedInputModelId'],
  outputModelId: ['outputModelId', 'detachedOutputModelId'],
  artifacts: [],
  script,
  execution,
  output: ['outputDestination', 'outputError', 'outputResult'],
  hyperparams: ['hyperparams'],
  hyperParamList: ['hyperparams'],
  configuration: ['configuration'],
  runtime: ['runtime'],
  lastMetrics: ['lastMetrics'],
  metricStats: ['metricStats'],
  // --- events (metrics & series) ---
  metrics: ['lastMetrics'],
  scalarMetrics: [],
  vectorMetrics: [],
  metricNames: [],
  vectors: [],
  scalarSeries: [],
  debugImages: [],
  // --- events (write & logs) ---
  log: ['id'],
  plots: ['id'],
};

function selectionsAt(info: GraphQLResolveInfo, path: string[]): SelectionSetNode[] {
  let selections: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    selections = fieldsOf(selections, info.fragments)
      .filter((field) => field.name.value === name)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return selections;
}

/** Whether the selection at `path` below the current field asks for any of `names`. */
export function selectsAnyOf(info: GraphQLResolveInfo, path: string[], names: readonly string[]): boolean {
  return fieldsOf(selectionsAt(info, path), info.fragments).some((field) => names.includes(field.name.value));
}

/** The columns needed by the Task selection found at `path` below the current field. */
export function taskColumns(info: GraphQLResolveInfo, path: string[] = []): Partial<Record<Column, true>> {
  const columns: Partial<Record<Column, true>> = { id: true };
  for (const field of fieldsOf(selectionsAt(info, path), info.fragments)) {
    for (const column of taskFieldColumns[field.name.value] ?? []) columns[column] = true;
  }
  return columns;
}

// GraphQL field → Prisma field on Project, Queue and Model where the names differ.
const renamed: Record<string, string> = { company: 'companyId', user: 'userId' };

// The stored scalar fields of each to-one relation's model.
const relationScalars: Record<string, ReadonlySet<string>> = {
  project: new Set(Object.values(Prisma.ProjectScalarFieldEnum)),
  queue: new Set(Object.values(Prisma.QueueScalarFieldEnum)),
  inputModel: new Set(Object.values(Prisma.ModelScalarFieldEnum)),
  outputModel: new Set(Object.values(Prisma.ModelScalarFieldEnum)),
};

/**
 * The select and include for reading Tasks at `path`: the columns of the selection, and for
 * to-one relations whose selection has only scalars (plugin-prisma plans them as `true`), just
 * the selected scalars, so the listing statement joins narrow rows.
 */
export function taskReadQuery(info: GraphQLResolveInfo, path: string[], include: Record<string, unknown> = {}) {
  const narrowed: Record<string, unknown> = { ...include };
  // Task.project is a plain field (src/schema/project.ts) that answers from the joined row: plan
  // the join here, as plugin-prisma would for a relation.
  if (selectsAnyOf(info, path, ['project'])) {
    include = { ...include, project: true };
    narrowed.project = true;
  }
  for (const [name, value] of Object.entries(include)) {
    if (value !== true) continue;
    const fields = fieldsOf(selectionsAt(info, [...path, name]), info.fragments).map((f) => f.name.value);
    const select: Record<string, true> = { id: true };
    if (name === 'parent') {
      for (const f of fields) for (const column of taskFieldColumns[f] ?? []) select[column] = true;
    } else {
      const scalars = relationScalars[name];
      const wanted = fields.filter((f) => f !== '__typename').map((f) => renamed[f] ?? f);
      // A computed field (e.g. isPublic) may need any column: then read the whole row.
      if (!scalars || wanted.some((f) => !scalars.has(f))) continue;
      for (const f of wanted) select[f] = true;
    }
    narrowed[name] = { select };
  }
  return { select: taskColumns(info, path), include: narrowed };
}

function fieldsOf(sets: SelectionSetNode[], fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === 'Field') fields.push(selection);
      else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
      else {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}

// ---------------------------------------------------------------------------------------------
// The read plan of a Task selection, cached per operation

export type TaskReadQuery = ReturnType<typeof taskReadQuery>;

/** Task fields plugin-prisma resolves as relations (their selection must be planned by it). */
const relationFieldsOf = new WeakMap<GraphQLSchema, readonly string[]>();
function taskRelationFields(schema: GraphQLSchema): readonly string[] {
  let names = relationFieldsOf.get(schema);
  if (!names) {
    const type = schema.getType('Task');
    const fields = isObjectType(type) ? Object.values(type.getFields()) : [];
    names = fields.filter((field) => field.extensions?.pothosPrismaRelationField).map((field) => field.name);
    relationFieldsOf.set(schema, names);
  }
  return names;
}

/** Per field node and path (documents are cached, so nodes repeat): the plan, or null when plugin-prisma must plan. */
const plans = new WeakMap<FieldNode, Map<string, TaskReadQuery | null>>();

/**
 * What to read for the Task selection at `path` below the current field: its columns, the joined
 * to-one relations, and the relations plugin-prisma plans (which also prepares their resolvers).
 * A selection without plugin-prisma relations depends only on the document, so its plan is
 * computed once per operation and reused by later requests.
 */
export function taskQueryFor(context: GraphQLContext, info: GraphQLResolveInfo, path: string[]): TaskReadQuery {
  const cacheable = info.fieldNodes.length === 1; // merged field nodes: never cached
  const node = info.fieldNodes[0]!;
  const key = path.join('.');
  let byPath = plans.get(node);
  let plan = cacheable ? byPath?.get(key) : undefined;
  if (plan === undefined) {
    plan = selectsAnyOf(info, path, taskRelationFields(info.schema)) ? null : taskReadQuery(info, path);
    if (cacheable) {
      if (!byPath) plans.set(node, (byPath = new Map()));
      byPath.set(key, plan);
    }
  }
  if (plan) return plan;
  const planned = queryFromInfo({ context, info, path, typeName: 'Task' }) as { include?: Record<string, unknown> };
  return taskReadQuery(info, path, planned.include);
}
