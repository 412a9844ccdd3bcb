// The experiments table's view state (project, filters, columns, sort) and its URL form, so a
// reload or a shared link shows the same table. Also turns the view into the GraphQL filter and
// order of the tasks connection.
import type { TaskFilter, TaskOrder, TaskOrderField, TaskStatus, TaskType } from '../gql/graphql.ts';
import { hrefOf } from '../lib/router.tsx';

export type ColumnKey = string; // a base column id, `p:<section>/<name>` or `m:<metric>/<variant>`

export interface TableView {
  project?: string;
  statuses: string[];
  types: string[];
  tags: string[];
  search: string;
  archived: boolean;
  /** Hyper-parameter and metric columns shown after the base columns. */
  columns: ColumnKey[];
  sort: ColumnKey;
  descending: boolean;
}

export interface BaseColumn {
  id: string;
  label: string;
  field?: TaskOrderField;
}

export const BASE_COLUMNS: readonly BaseColumn[] = [
  { id: 'name', label: 'Name', field: 'NAME' },
  { id: 'status', label: 'Status', field: 'STATUS' },
  { id: 'type', label: 'Type', field: 'TYPE' },
  { id: 'project', label: 'Project', field: 'PROJECT' },
  { id: 'tags', label: 'Tags', field: 'TAGS' },
  { id: 'iterations', label: 'Iterations', field: 'LAST_ITERATION' },
  { id: 'created', label: 'Created', field: 'CREATED' },
  { id: 'started', label: 'Started', field: 'STARTED' },
  { id: 'lastUpdate', label: 'Updated', field: 'LAST_UPDATE' },
  { id: 'duration', label: 'Duration', field: 'DURATION' },
];

const DEFAULT_SORT = 'created';

export type ParsedColumn =
  | { kind: 'base'; column: BaseColumn }
  | { kind: 'param'; section: string; name: string }
  | { kind: 'metric'; metric: string; variant: string };

const join2 = (a: string, b: string) => `${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
export const paramColumn = (section: string, name: string): ColumnKey => `p:${join2(section, name)}`;
export const metricColumn = (metric: string, variant: string): ColumnKey => `m:${join2(metric, variant)}`;

export function parseColumn(key: ColumnKey): ParsedColumn | undefined {
  const base = BASE_COLUMNS.find((c) => c.id === key);
  if (base) return { kind: 'base', column: base };
  const match = /^([pm]):([^/]*)\/([^/]*)$/.exec(key);
  if (!match) return undefined;
  let a: string;
  let b: string;
  try {
    a = decodeURIComponent(match[2]!);
    b = decodeURIComponent(match[3]!);
  } catch {
    return undefined;
  }
  return match[1] === 'p' ? { kind: 'param', section: a, name: b } : { kind: 'metric', metric: a, variant: b };
}

export function columnLabel(key: ColumnKey): string {
  const column = parseColumn(key);
  if (!column) return key;
  if (column.kind === 'base') return column.column.label;
  if (column.kind === 'param') return `${column.section}/${column.name}`;
  return `${column.metric} › ${column.variant}`;
}

export function viewFromQuery(query: URLSearchParams): TableView {
  const sort = query.get('sort') ?? DEFAULT_SORT;
  return {
    project: query.get('project') || undefined,
    statuses: query.getAll('status'),
    types: query.getAll('type'),
    tags: query.getAll('tag'),
    search: query.get('q') ?? '',
    archived: query.get('archived') === '1',
    columns: query.getAll('col').filter((key) => parseColumn(key)?.kind !== 'base' && parseColumn(key)),
    sort: parseColumn(sort) ? sort : DEFAULT_SORT,
    descending: query.has('sort') ? query.get('dir') !== 'asc' : true,
  };
}

export function hrefOfView(view: TableView): string {
  return hrefOf('/', {
    project: view.project,
    status: view.statuses,
    type: view.types,
    tag: view.tags,
    q: view.search || undefined,
    archived: view.archived ? '1' : undefined,
    col: view.columns,
    sort: view.sort === DEFAULT_SORT && view.descending ? undefined : view.sort,
    dir: view.sort === DEFAULT_SORT && view.descending ? undefined : view.descending ? 'desc' : 'asc',
  });
}

export function filterOfView(view: TableView): TaskFilter {
  return {
    ...(view.project ? { projects: { anyOf: [view.project] } } : {}),
    ...(view.statuses.length ? { statuses: { anyOf: view.statuses as TaskStatus[] } } : {}),
    ...(view.types.length ? { types: { anyOf: view.types as TaskType[] } } : {}),
    ...(view.tags.length ? { tags: { anyOf: view.tags } } : {}),
    ...(view.search.trim() ? { search: view.search.trim() } : {}),
    systemTags: view.archived ? { anyOf: ['archived'] } : { noneOf: ['archived'] },
  };
}

export function orderOfView(view: TableView): TaskOrder[] {
  const direction = view.descending ? 'DESC' : 'ASC';
  const column = parseColumn(view.sort);
  if (!column) return [{ field: 'CREATED', direction: 'DESC' }];
  if (column.kind === 'base') return column.column.field ? [{ field: column.column.field, direction }] : [];
  if (column.kind === 'param') return [{ hyperParam: { section: column.section, name: column.name }, direction }];
  return [{ metric: { metric: column.metric, variant: column.variant, value: 'LAST' }, direction }];
}
