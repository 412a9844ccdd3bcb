// SQL fragments of the get_all engine (tasks spec §6) shared by the flat entities (projects, users,
// tags): list filters, regular-expression filters, ordering with empty values last, offset paging.
// Column names come from the callers' whitelists; every caller-supplied value is a bound parameter.
import { Prisma } from '../db.ts';
import { ValidationError } from './errors.ts';
import type { ListFilter } from './tasks/query.ts';

const quoted = (column: string) => Prisma.raw(column.split('.').map((part) => `"${part}"`).join('.'));

/**
 * A list filter on a text column or a text[] column (`array`): any of `include`, none of
 * `exclude`, or (with `includeEmpty`) an empty value. Undefined when there is nothing to check.
 */
export function listFilterSql(column: string, array: boolean, filter: ListFilter | undefined): Prisma.Sql | undefined {
  if (!filter) return undefined;
  const ref = quoted(column);
  const include = filter.include.filter(Boolean);
  const exclude = filter.exclude.filter(Boolean);
  const parts: Prisma.Sql[] = [];
  if (include.length) {
    parts.push(array ? Prisma.sql`${ref} && ARRAY[${Prisma.join(include)}]::text[]` : Prisma.sql`${ref} IN (${Prisma.join(include)})`);
  }
  if (exclude.length) {
    parts.push(
      array
        ? Prisma.sql`NOT (${ref} && ARRAY[${Prisma.join(exclude)}]::text[])`
        : Prisma.sql`(${ref} IS NULL OR ${ref} NOT IN (${Prisma.join(exclude)}))`,
    );
  }
  let condition = parts.length ? Prisma.join(parts, ' AND ') : undefined;
  if (filter.includeEmpty) {
    const empty = array ? Prisma.sql`cardinality(${ref}) = 0` : Prisma.sql`NULLIF(${ref}, '') IS NULL`;
    condition = condition ? Prisma.sql`((${condition}) OR ${empty})` : empty;
  }
  return condition;
}

/** A case-sensitive regular expression matched anywhere in a text column (INVALID_REGEX if malformed). */
export function patternSql(field: string, column: string, pattern: string | undefined): Prisma.Sql | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    new RegExp(pattern);
  } catch {
    throw new ValidationError(field, 'malformed regular expression', 'INVALID_REGEX');
  }
  return Prisma.sql`${quoted(column)} ~ ${pattern}`;
}

/** `AND` of the defined conditions (`TRUE` when none). */
export function allOf(conditions: (Prisma.Sql | undefined)[]): Prisma.Sql {
  const defined = conditions.filter((c): c is Prisma.Sql => c !== undefined);
  return defined.length ? Prisma.join(defined, ' AND ') : Prisma.sql`TRUE`;
}

/**
 * ORDER BY items for field names with an optional leading `-` (descending); empty values sort last
 * in both directions, then `tieBreaker`. Unknown fields ⇒ UNKNOWN_FIELD.
 */
export function orderSql(orderBy: readonly string[] | undefined, columns: Readonly<Record<string, string>>, tieBreaker = 'id'): Prisma.Sql {
  const items = (orderBy ?? []).filter((item) => item !== '' && item !== '-').map((item) => {
    const descending = item.startsWith('-');
    const field = descending ? item.slice(1) : item;
    const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
    if (!column) throw new ValidationError('order_by', `unknown field ${field}`, 'UNKNOWN_FIELD');
    const ref = quoted(column);
    return Prisma.sql`(NULLIF(${ref}::text, '') IS NULL), ${ref} ${Prisma.raw(descending ? 'DESC' : 'ASC')}`;
  });
  items.push(Prisma.sql`${quoted(tieBreaker)} ASC`);
  return Prisma.join(items);
}

/** A legacy page (`page` numbers from 0), or a window of rows (GraphQL offset connections). */
export type OffsetPage = { page: number; pageSize: number } | { offset: number; limit: number };

/** LIMIT/OFFSET of a page (page ≥ 0, pageSize ≥ 1, else INVALID_INPUT); empty without a page. */
export function pageSql(page: OffsetPage | undefined): Prisma.Sql {
  if (!page) return Prisma.empty;
  if ('offset' in page) {
    if (!Number.isInteger(page.offset) || page.offset < 0 || !Number.isInteger(page.limit) || page.limit < 0) {
      throw new ValidationError('first', 'must be a non-negative integer', 'INVALID_INPUT');
    }
    return Prisma.sql`LIMIT ${page.limit} OFFSET ${page.offset}`;
  }
  if (!Number.isInteger(page.page) || page.page < 0) throw new ValidationError('page', 'page must be >=0', 'INVALID_INPUT');
  if (!Number.isInteger(page.pageSize) || page.pageSize < 1) {
    throw new ValidationError('page_size', 'page_size must be >0', 'INVALID_INPUT');
  }
  return Prisma.sql`LIMIT ${page.pageSize} OFFSET ${page.page * page.pageSize}`;
}

/** Turns PostgreSQL's "invalid regular expression" (a pattern JavaScript accepts) into INVALID_REGEX. */
export async function withRegexErrors<T>(field: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: string }).code === '2201B') {
      throw new ValidationError(field, 'malformed regular expression', 'INVALID_REGEX');
    }
    throw error;
  }
}
