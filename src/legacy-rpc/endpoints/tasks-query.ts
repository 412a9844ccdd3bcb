// Legacy task reads: tasks.get_by_id, get_all, get_all_ex, get_types (tasks spec §5.2.1-5.2.4, §6;
// neighbours spec 0.5, A.8). The request's legacy syntax is parsed here; the query semantics live in
// the domain listing (src/resolvers/tasks/query.ts).
import { TaskNotFoundError } from '../../resolvers/errors.ts';
import {
  dateConstraintsFromTokens,
  findTask,
  findTaskCompanies,
  findTaskUsers,
  listFilterFromTokens,
  listTaskTypes,
  listTasks,
  type OrderItem,
  type Paging,
  type TaskFilter,
} from '../../resolvers/tasks/query.ts';
import {
  applyProjection,
  expandReferences,
  parseProjection,
  projectionQuery,
  referenceRelation,
  type ReferencePath,
} from '../convert-projection.ts';
import {
  applyVersionView,
  requiredString,
  splitLegacyTags,
  toLegacyTask,
  type Row,
} from '../convert.ts';
import { ApiError, type LegacyCall } from '../types.ts';
import { integerMember } from '../members.ts';

const artifactsInOrder = { artifacts: { orderBy: { position: 'asc' as const } } };

/** tasks.get_by_id: the whole stored document, company_origin included (§5.2.1). */
export async function getTaskById({ actor, body, version }: LegacyCall) {
  const id = requiredString(body, 'task');
  const row = await findTask(actor, id, { include: artifactsInOrder });
  if (!row) throw new TaskNotFoundError(id);
  return { task: applyVersionView(toLegacyTask(row), version) };
}

/** tasks.get_types: distinct types of own + public tasks, optionally within projects (§5.2.4). */
export async function getTaskTypes({ actor, body }: LegacyCall) {
  const projects = body.projects ?? [];
  if (!Array.isArray(projects) || projects.some((p) => typeof p !== 'string')) {
    throw new ApiError(400, 12, 'Validation error (expected list of strings): field=projects');
  }
  return { types: await listTaskTypes(actor, projects as string[]) };
}

// ---------------------------------------------------------------------------------------------
// get_all request members (§6.2-6.9)

const listMembers = [
  ['id', 'ids'],
  ['user', 'users'],
  ['type', 'types'],
  ['status', 'statuses'],
  ['project', 'projects'],
] as const;

/** `_any_`/`_all_` (and aliases): exactly `{pattern, fields}`, else 400/12 (§6.6). */
function multiFieldPattern(body: Row, names: readonly string[]): TaskFilter['anyOf'] {
  const name = names.find((n) => body[n] !== undefined && body[n] !== null);
  if (!name) return undefined;
  const value = body[name];
  const incorrect = () =>
    new ApiError(400, 12, `Validation error (incorrect field format): field=${name}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw incorrect();
  const keys = Object.keys(value).sort();
  if (keys.length !== 2 || keys[0] !== 'fields' || keys[1] !== 'pattern') throw incorrect();
  const { pattern, fields } = value as { pattern: unknown; fields: unknown };
  const fieldList = Array.isArray(fields) && fields.every((f) => typeof f === 'string');
  if (typeof pattern !== 'string' || !fieldList) throw incorrect();
  return { pattern, fields: fields as string[] };
}

/** The filter members of a get_all body in the domain's terms (legacy tags split below 2.3). */
export function taskFilterFromLegacy(body: Row, version: string): TaskFilter {
  const filter: TaskFilter = {};
  for (const [member, key] of listMembers) {
    const list = listFilterFromTokens(member, body[member]);
    if (list) filter[key] = list;
  }
  const { tags, systemTags } = splitLegacyTags(version, body.tags, body.system_tags);
  const tagFilter = listFilterFromTokens('tags', tags);
  if (tagFilter) filter.tags = tagFilter;
  const systemTagFilter = listFilterFromTokens('system_tags', systemTags);
  if (systemTagFilter) filter.systemTags = systemTagFilter;
  for (const member of ['name', 'comment'] as const) {
    const pattern = body[member];
    if (typeof pattern === 'string' && pattern !== '') filter[member] = pattern;
  }
  if (typeof body.parent === 'string') filter.parent = body.parent;
  const statusChanged = dateConstraintsFromTokens('status_changed', body.status_changed);
  if (statusChanged.length > 0) filter.statusChanged = statusChanged;
  const anyOf = multiFieldPattern(body, ['_any_', '_or_']);
  if (anyOf) filter.anyOf = anyOf;
  const allOf = multiFieldPattern(body, ['_all_', '_and_']);
  if (allOf) filter.allOf = allOf;
  const searchText = body.search_text;
  if (typeof searchText === 'string' && searchText.trim() !== '') filter.searchText = searchText;
  return filter;
}

/** `order_by`: a string or list of paths, `-` for descending; paths are the document's (§6.8). */
export function orderFromLegacy(value: unknown): OrderItem[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const order: OrderItem[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      throw new ApiError(400, 12, 'Validation error (expected list of strings): field=order_by');
    }
    if (item === '' || item === '-') continue;
    const descending = item.startsWith('-');
    const path = descending ? item.slice(1) : item;
    if (path === 'execution.parameters.') {
      throw new ApiError(400, 12, `Validation error (invalid task field): path=${item}`);
    }
    order.push({ path, descending });
  }
  return order.length > 0 ? order : undefined;
}


/**
 * Paging applies only when `page` is given (§6.9): then `page_size` is required and > 0 (missing or
 * 0 ⇒ 400/11, negative ⇒ 400/12) and `page` >= 0 (⇒ 400/12). `page_size` alone is ignored.
 */
export function pagingFromLegacy(body: Row): Paging | undefined {
  const page = integerMember(body, 'page');
  if (page === undefined) return undefined;
  const pageSize = integerMember(body, 'page_size');
  if (pageSize === undefined || pageSize === 0) {
    throw new ApiError(
      400,
      11,
      'Missing required fields (page_size is required when page is requested): field=page_size',
    );
  }
  if (pageSize < 0) throw new ApiError(400, 12, 'Validation error (page_size must be >0)');
  if (page < 0) throw new ApiError(400, 12, 'Validation error (page must be >=0)');
  return { kind: 'offset', page, pageSize };
}

/**
 * tasks.get_all (`extended` = tasks.get_all_ex, §6.11): filters, ordering, paging and projection;
 * only the columns the projection needs are read. get_all_ex returns references as `{id}` objects
 * and joins `<reference>.<member>` paths.
 */
export async function getAllTasks({ actor, body, version }: LegacyCall, extended: boolean) {
  const filter = taskFilterFromLegacy(body, version);
  const orderBy = orderFromLegacy(body.order_by);
  const paging = pagingFromLegacy(body);
  const projection = parseProjection(body.only_fields ?? body.projection, extended);
  const page = await listTasks(actor, { filter, orderBy, paging, ...projectionQuery(projection) });

  const [users, companies] = await Promise.all(
    (['user', 'company'] as const).map(async (ref) => {
      if (!projection.joins.has(ref)) return new Map<string, Row>();
      const ids = page.rows.map((row) => row[ref === 'user' ? 'userId' : 'companyId'] as string);
      const found: Row[] =
        ref === 'user' ? await findTaskUsers(actor, ids) : await findTaskCompanies(actor, ids);
      return new Map(found.map((r) => [r.id as string, r]));
    }),
  );

  const tasks = page.rows.map((row) => {
    const doc = applyVersionView(applyProjection(toLegacyTask(row), projection), version);
    if (!extended) return doc;
    const related = (ref: ReferencePath, id: string): Row | undefined => {
      if (ref === 'user') return users!.get(id);
      if (ref === 'company') return companies!.get(id);
      const joined = row[referenceRelation(ref)!] as Row | null | undefined;
      // Projects and models are seen in the caller's scope (own or public).
      if (!joined || joined.id !== id) return undefined;
      return joined.companyId === null || joined.companyId === actor.companyId ? joined : undefined;
    };
    return expandReferences(doc, projection, related);
  });
  return { tasks };
}
