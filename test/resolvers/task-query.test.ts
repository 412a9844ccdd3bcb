// Task listing (src/resolvers/tasks/query.ts) against real Postgres: filters, ordering, paging,
// tenant scope, and the one-statement-per-call guarantee. Every test seeds its own company.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db, type Prisma } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import type { DomainError } from '../../src/resolvers/errors.ts';
import { newId } from '../../src/resolvers/ids.ts';
import {
  countTasks,
  dateConstraintsFromTokens,
  isKnownTaskPath,
  listFilterFromTokens,
  listTasks,
  listTaskTypes,
  type OrderItem,
  type TaskFilter,
  type TaskListQuery,
} from '../../src/resolvers/tasks/query.ts';
import { seedActor, seedProject, sqlLog, useTestDatabase } from '../helpers/db.ts';

useTestDatabase();

afterEach(() => {
  vi.restoreAllMocks();
});

type TaskData = Omit<Prisma.TaskUncheckedCreateInput, 'id' | 'userId' | 'type' | 'name'> & {
  type?: Prisma.TaskUncheckedCreateInput['type'];
  name?: string;
};

async function seedTask(actor: Actor, data: TaskData = {}) {
  return db.task.create({
    data: {
      id: newId(),
      companyId: actor.companyId,
      userId: actor.userId,
      name: 'task',
      type: 'training',
      ...data,
    },
  });
}

/** Seeds tasks in order with strictly increasing `created`, returning their ids. */
async function seedMany(actor: Actor, rows: TaskData[]) {
  const base = Date.now() - 3_600_000;
  const ids: string[] = [];
  for (const [i, row] of rows.entries()) {
    ids.push((await seedTask(actor, { created: new Date(base + i * 1000), ...row })).id);
  }
  return ids;
}

const idsOf = (page: { rows: Record<string, unknown>[] }) => page.rows.map((row) => row.id as string);
const namesOf = (page: { rows: Record<string, unknown>[] }) => page.rows.map((row) => row.name as string);

/**
 * Lists with a narrow select. Public tasks of concurrently running tests are visible to every
 * company, so unless the filter says otherwise only the actor's own tasks are considered.
 */
async function list(actor: Actor, query: TaskListQuery) {
  const filter = { ...query.filter };
  if (!('users' in filter)) filter.users = own(actor);
  return listTasks(actor, { select: { id: true, name: true }, cursors: true, ...query, filter });
}
const own = (actor: Actor) => ({ include: [actor.userId], exclude: [], includeEmpty: false });
const filtered = (actor: Actor, filter: TaskFilter) => list(actor, { filter });
const ordered = (actor: Actor, ...orderBy: OrderItem[]) => list(actor, { orderBy });
const asc = (path: string): OrderItem => ({ path, descending: false });
const desc = (path: string): OrderItem => ({ path, descending: true });

async function domainError(promise: Promise<unknown>): Promise<DomainError & { field?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError & { field?: string };
  }
  throw new Error('expected a domain error');
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const param = (value: string) => ({ Args: { lr: { section: 'Args', name: 'lr', value, type: 'float' } } });
const metric = (value: number) => ({
  [md5('loss')]: { [md5('total')]: { metric: 'loss', variant: 'total', value, min_value: value - 1, max_value: value + 1 } },
});

describe('listFilterFromTokens (spec 6.3)', () => {
  it.each([
    [['a', 'b'], { include: ['a', 'b'], includeEmpty: false, exclude: [] }],
    [['-archived'], { include: [], includeEmpty: false, exclude: ['archived'] }],
    [['a', '__$not', 'b'], { include: ['a'], includeEmpty: false, exclude: ['b'] }],
    [[null], { include: [], includeEmpty: true, exclude: [] }],
    [['__$not', null, 'a'], { include: ['a'], includeEmpty: true, exclude: [] }],
    [['__$all', 'a', '__$or', 'b'], { include: ['a', 'b'], includeEmpty: false, exclude: [] }],
    [['', '-', 'x'], { include: ['x'], includeEmpty: false, exclude: [] }],
    [['__$not', '-y'], { include: [], includeEmpty: false, exclude: ['y'] }],
  ] as const)('%j', (tokens, expected) => {
    expect(listFilterFromTokens('tags', tokens)).toEqual(expected);
  });

  it.each([[null], [undefined], [[]], [['__$all']], [['']]])('%j gives no condition', (tokens) => {
    expect(listFilterFromTokens('tags', tokens)).toBeUndefined();
  });

  it.each([['archived'], [{ a: 1 }], [5]])('rejects the non-list %j', (value) => {
    expect(() => listFilterFromTokens('tags', value)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'tags' }),
    );
  });
});

describe('dateConstraintsFromTokens (spec 6.5)', () => {
  it('parses operators, treats naive times as UTC and honours offsets', () => {
    expect(
      dateConstraintsFromTokens('status_changed', ['>=2020-08-01T00:00:00', '<2020-08-02', '2020-08-01T10:00:00+02:00']),
    ).toEqual([
      { op: '>=', at: new Date('2020-08-01T00:00:00Z') },
      { op: '<', at: new Date('2020-08-02T00:00:00Z') },
      { op: '=', at: new Date('2020-08-01T08:00:00Z') },
    ]);
    expect(dateConstraintsFromTokens('status_changed', '>2020-08-01 12:30:15.250Z')).toEqual([
      { op: '>', at: new Date('2020-08-01T12:30:15.250Z') },
    ]);
  });

  it('ignores unparseable strings, epoch seconds included', () => {
    expect(dateConstraintsFromTokens('status_changed', ['1596000000', '>=nonsense', '2020-02-30', ''])).toEqual([]);
    expect(dateConstraintsFromTokens('status_changed', null)).toEqual([]);
  });

  it('rejects non-string items', () => {
    expect(() => dateConstraintsFromTokens('status_changed', [1596000000])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => dateConstraintsFromTokens('status_changed', 1596000000)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('isKnownTaskPath', () => {
  it.each([
    ['name', true],
    ['status_changed', true],
    ['script.repository', true],
    ['execution.queue', true],
    ['execution.parameters.lr', true],
    ['hyperparams.Args.lr', true],
    ['hyperparams.Args', true],
    ['configuration.design', true],
    ['configuration.design.value', true],
    [`last_metrics.${md5('loss')}.${md5('total')}.value`, true],
    ['execution.artifacts.key', true],
    ['execution', true],
    ['hyperparams.Args.lr.value', false],
    ['execution.parameters.', false],
    ['no_such_field', false],
    ['script.nope', false],
    ['@text_score', false],
  ])('%s => %s', (path, known) => {
    expect(isKnownTaskPath(path)).toBe(known);
  });
});

describe('scope', () => {
  it('returns own and public tasks, never another company’s', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const mine = await seedTask(actor, { name: 'own' });
    const published = await seedTask(other, { name: 'public', companyId: null, companyOrigin: other.companyId });
    const foreign = await seedTask(other, { name: 'foreign' });
    const ids = (include: string[]) => ({ include, exclude: [], includeEmpty: false });
    const visible = await listTasks(actor, { filter: { ids: ids([mine.id, published.id, foreign.id]) } });
    expect(idsOf(visible).sort()).toEqual([mine.id, published.id].sort());
    expect(await countTasks(actor, { ids: ids([mine.id, published.id, foreign.id]) })).toBe(2);
    expect(idsOf(await listTasks(other, { filter: { ids: ids([mine.id, published.id]) } }))).toEqual([published.id]);
  });
});

describe('list filters', () => {
  const lf = (include: string[], exclude: string[] = [], includeEmpty = false) => ({ include, exclude, includeEmpty });

  it('filters ids, users, statuses and types with include and exclude buckets', async () => {
    const actor = await seedActor();
    const [a, b, c] = await seedMany(actor, [
      { name: 'a', status: 'created', type: 'training' },
      { name: 'b', status: 'queued', type: 'testing' },
      { name: 'c', status: 'completed', type: 'testing' },
    ]);
    const mine = lf([a!, b!, c!]);
    const byStatus = await filtered(actor, { ids: mine, statuses: lf([], ['created']) });
    expect(namesOf(byStatus)).toEqual(['b', 'c']);
    expect(namesOf(await filtered(actor, { ids: mine, types: lf(['testing'], ['x']) }))).toEqual(['b', 'c']);
    expect(namesOf(await filtered(actor, { ids: lf([a!, b!, c!], [b!]) }))).toEqual(['a', 'c']);
    expect(namesOf(await filtered(actor, { ids: mine, users: lf([actor.userId]) }))).toEqual(['a', 'b', 'c']);
    expect(namesOf(await filtered(actor, { ids: mine, users: lf([], [actor.userId]) }))).toEqual([]);
    // values are not validated against the enums: an unknown one simply never matches
    expect(namesOf(await filtered(actor, { ids: mine, statuses: lf(['bogus']) }))).toEqual([]);
    expect(namesOf(await filtered(actor, { ids: mine, statuses: lf(['bogus', 'queued']) }))).toEqual(['b']);
    expect(namesOf(await filtered(actor, { ids: mine, statuses: lf([], ['bogus']) }))).toEqual(['a', 'b', 'c']);
  });

  it('accepts very long value lists', async () => {
    const actor = await seedActor();
    const [a, b, c] = await seedMany(actor, [{ name: 'a' }, { name: 'b' }, { name: 'c', tags: ['t1500'] }]);
    const noise = Array.from({ length: 1500 }, () => newId());
    expect(namesOf(await filtered(actor, { ids: lf([...noise, a!, c!]) }))).toEqual(['a', 'c']);
    expect(namesOf(await filtered(actor, { ids: lf([a!, b!, c!], [...noise, b!]) }))).toEqual(['a', 'c']);
    const tags = Array.from({ length: 1500 }, (_, i) => `t${i + 1}`);
    expect(namesOf(await filtered(actor, { tags: lf(tags) }))).toEqual(['c']);
    expect(namesOf(await filtered(actor, { statuses: lf([...noise, 'created']) }))).toEqual(['a', 'b', 'c']);
  });

  it('filters projects, with null meaning "no project"', async () => {
    const actor = await seedActor();
    const p1 = await seedProject(actor);
    const p2 = await seedProject(actor);
    await seedMany(actor, [
      { name: 'in p1', projectId: p1.id },
      { name: 'in p2', projectId: p2.id },
      { name: 'no project' },
    ]);
    expect(namesOf(await filtered(actor, { projects: lf([p1.id]) }))).toEqual(['in p1']);
    expect(namesOf(await filtered(actor, { projects: lf([], [], true) }))).toEqual(['no project']);
    expect(namesOf(await filtered(actor, { projects: lf([p2.id], [], true) }))).toEqual(['in p2', 'no project']);
    // a missing value is not in the exclude set, so it matches
    expect(namesOf(await filtered(actor, { projects: lf([], [p1.id]) }))).toEqual(['in p2', 'no project']);
    expect(
      namesOf(await filtered(actor, { projects: listFilterFromTokens('project', [null, '-' + p1.id]) })),
    ).toEqual(['no project']);
  });

  it('filters tags and system tags: any-of, exclusion, empty', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'ab', tags: ['a', 'b'] },
      { name: 'a', tags: ['a'], systemTags: ['archived'] },
      { name: 'c', tags: ['c'] },
      { name: 'none' },
    ]);
    const tags = (tokens: unknown[]) => filtered(actor, { tags: listFilterFromTokens('tags', tokens) });
    expect(namesOf(await tags(['a', 'c']))).toEqual(['ab', 'a', 'c']);
    expect(namesOf(await tags(['a', '__$not', 'b']))).toEqual(['a']);
    expect(namesOf(await tags(['-a']))).toEqual(['c', 'none']);
    expect(namesOf(await tags([null]))).toEqual(['none']);
    expect(namesOf(await tags(['c', null]))).toEqual(['c', 'none']);
    expect(namesOf(await filtered(actor, { systemTags: listFilterFromTokens('system_tags', ['-archived']) }))).toEqual([
      'ab',
      'c',
      'none',
    ]);
    expect(namesOf(await filtered(actor, { systemTags: lf(['archived']) }))).toEqual(['a']);
  });
});

describe('pattern filters', () => {
  it('matches name and comment as case-sensitive regular expressions', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'Train ResNet', comment: 'baseline run' },
      { name: 'train resnet v2', comment: 'Baseline tuned' },
      { name: 'evaluate' },
    ]);
    expect(namesOf(await filtered(actor, { name: 'resnet' }))).toEqual(['train resnet v2']);
    expect(namesOf(await filtered(actor, { name: '^Train ResNet$' }))).toEqual(['Train ResNet']);
    expect(namesOf(await filtered(actor, { name: '(?i)RESNET' }))).toEqual(['Train ResNet', 'train resnet v2']);
    expect(namesOf(await filtered(actor, { comment: '^base' }))).toEqual(['Train ResNet']);
    expect(namesOf(await filtered(actor, { name: '' }))).toHaveLength(3);
  });

  it.each(['(', '[[:foo:]]', 'a**'])('answers INVALID_REGEX for the malformed pattern %s', async (pattern) => {
    const actor = await seedActor();
    await seedTask(actor, { name: 'x' });
    const error = await domainError(filtered(actor, { name: pattern }));
    expect(error).toMatchObject({ code: 'INVALID_REGEX', field: 'name' });
    const commentError = await domainError(countTasks(actor, { comment: pattern }));
    expect(commentError).toMatchObject({ code: 'INVALID_REGEX', field: 'comment' });
  });

  it('answers INVALID_REGEX (not a 500) even when no task is in scope', async () => {
    const actor = await seedActor();
    const error = await domainError(filtered(actor, { name: '[[:foo:]]' }));
    expect(error).toMatchObject({ code: 'INVALID_REGEX', field: 'name' });
  });

  it('matches _any_ / _all_ fields case-insensitively, including parameter values', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'alpha', comment: 'nothing', scriptRepository: 'git@host:ALPHA.git', hyperparams: param('0.1') },
      { name: 'beta', comment: 'about Alpha', hyperparams: param('alpha') },
      { name: 'gamma', tags: ['ALPHA-tag'] },
      { name: 'delta' },
    ]);
    const anyOf = (fields: string[], pattern = 'alpha') => filtered(actor, { anyOf: { pattern, fields } });
    expect(namesOf(await anyOf(['name', 'comment']))).toEqual(['alpha', 'beta']);
    expect(namesOf(await anyOf(['script.repository']))).toEqual(['alpha']);
    expect(namesOf(await anyOf(['execution.parameters.lr']))).toEqual(['beta']);
    expect(namesOf(await anyOf(['hyperparams.Args.lr'], '^0\\.1$'))).toEqual(['alpha']);
    expect(namesOf(await anyOf(['tags']))).toEqual(['gamma']);
    expect(namesOf(await anyOf(['created', 'last_iteration']))).toEqual([]); // non-strings never match
    expect(namesOf(await anyOf([]))).toEqual(['alpha', 'beta', 'gamma', 'delta']);
    expect(namesOf(await filtered(actor, { allOf: { pattern: 'a', fields: ['name', 'comment'] } }))).toEqual([
      'beta',
    ]);
    expect(await domainError(anyOf(['name', 'no_such_field']))).toMatchObject({
      code: 'UNKNOWN_FIELD',
      field: 'no_such_field',
    });
    expect(await domainError(anyOf(['name'], '(unclosed'))).toMatchObject({ code: 'INVALID_REGEX', field: 'anyOf' });
  });
});

describe('parent and status_changed', () => {
  it('matches the legacy parent value, including __DELETED__<id>', async () => {
    const actor = await seedActor();
    const parent = await seedTask(actor, { name: 'parent' });
    const [child] = await seedMany(actor, [{ name: 'child', parentId: parent.id }]);
    const gone = newId();
    await seedMany(actor, [{ name: 'orphan', detachedParentId: gone }]);
    expect(namesOf(await filtered(actor, { parent: parent.id }))).toEqual(['child']);
    expect(namesOf(await filtered(actor, { parent: `__DELETED__${gone}` }))).toEqual(['orphan']);
    expect(namesOf(await filtered(actor, { parent: gone }))).toEqual([]);
    expect(child).toBeDefined();
  });

  it('AND-s status_changed constraints, the later of the same operator winning', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'jul31', statusChanged: new Date('2020-07-31T12:00:00Z') },
      { name: 'aug1', statusChanged: new Date('2020-08-01T12:00:00Z') },
      { name: 'aug2', statusChanged: new Date('2020-08-02T12:00:00Z') },
      { name: 'never' },
    ]);
    const changed = (tokens: string[]) =>
      filtered(actor, { statusChanged: dateConstraintsFromTokens('status_changed', tokens) });
    expect(namesOf(await changed(['>=2020-08-01T00:00:00', '<2020-08-02']))).toEqual(['aug1']);
    expect(namesOf(await changed(['>2020-07-01', '>2020-08-01T13:00:00']))).toEqual(['aug2']);
    expect(namesOf(await changed(['2020-08-01T12:00:00Z']))).toEqual(['aug1']);
    expect(namesOf(await changed(['<=2020-08-01T12:00:00', 'garbage']))).toEqual(['jul31', 'aug1']);
  });
});

describe('search_text', () => {
  it('ORs words, honours phrases and negation, escapes LIKE wildcards', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'cats and dogs' },
      { name: 'just dogs', comment: 'no felines' },
      { name: 'birds', scriptRepository: 'github.com/cats/repo' },
      { name: 'fish 50% off' },
      { name: 'fish 500 off' },
    ]);
    const search = (searchText: string) => filtered(actor, { searchText });
    expect(namesOf(await search('CATS dogs'))).toEqual(['cats and dogs', 'just dogs', 'birds']);
    expect(namesOf(await search('dogs -cats'))).toEqual(['just dogs']);
    expect(namesOf(await search('"and dogs" birds'))).toEqual(['cats and dogs']);
    expect(namesOf(await search('50%'))).toEqual(['fish 50% off']);
    expect(namesOf(await search('-dogs'))).toEqual([]);
  });

  it('orders by @text_score (most relevant first), which requires search text', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'unrelated', scriptEntryPoint: 'loss.py' }, // 1
      { name: 'loss curve', comment: 'loss study' }, // 20
      { name: 'other', comment: 'loss' }, // 10
      { name: 'nothing here' },
    ]);
    const page = await list(actor, { filter: { searchText: 'loss' }, orderBy: [asc('@text_score')] });
    expect(namesOf(page)).toEqual(['loss curve', 'other', 'unrelated']);
    expect(await domainError(ordered(actor, asc('@text_score')))).toMatchObject({ code: 'INVALID_FIELD_VALUE' });
    // negations only: nothing matches, and the constant relevance is still a valid sort key
    expect(namesOf(await list(actor, { filter: { searchText: '-loss' }, orderBy: [asc('@text_score')] }))).toEqual([]);
  });
});

describe('ordering', () => {
  it('puts empty values last in both directions and breaks ties by id', async () => {
    const actor = await seedActor();
    const ids = await seedMany(actor, [
      { name: 'b', comment: 'beta' },
      { name: 'a', comment: '' },
      { name: 'c', comment: 'alpha' },
      { name: 'd' },
      { name: 'e', comment: 'alpha' },
    ]);
    expect(namesOf(await ordered(actor, asc('comment')))).toEqual([
      ...(ids[2]! < ids[4]! ? ['c', 'e'] : ['e', 'c']),
      'b',
      ...(ids[1]! < ids[3]! ? ['a', 'd'] : ['d', 'a']),
    ]);
    const descending = namesOf(await ordered(actor, desc('comment'), asc('name')));
    expect(descending).toEqual(['b', 'c', 'e', 'a', 'd']);
    expect(namesOf(await ordered(actor, desc('name')))).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('orders dates with missing values last, and defaults to creation order', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'first', started: new Date('2021-01-02Z') },
      { name: 'second' },
      { name: 'third', started: new Date('2021-01-01Z') },
    ]);
    expect(namesOf(await ordered(actor, asc('started')))).toEqual(['third', 'first', 'second']);
    expect(namesOf(await ordered(actor, desc('started')))).toEqual(['first', 'third', 'second']);
    expect(namesOf(await ordered(actor))).toEqual(['first', 'second', 'third']);
    expect(namesOf(await ordered(actor, desc('created')))).toEqual(['third', 'second', 'first']);
  });

  it('orders hyper-parameters numerically, text after numbers, missing last', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'abc', hyperparams: param('abc') },
      { name: '100', hyperparams: param('100') },
      { name: 'missing' },
      { name: '9', hyperparams: param('9') },
      { name: 'empty', hyperparams: param('') },
      { name: '10', hyperparams: param('10') },
      { name: '-2.5e1', hyperparams: param('-2.5e1') },
    ]);
    const ascending = ['-2.5e1', '9', '10', '100', 'abc'];
    for (const path of ['hyperparams.Args.lr', 'execution.parameters.lr']) {
      const up = namesOf(await ordered(actor, asc(path), asc('name')));
      expect(up.slice(0, 5)).toEqual(ascending);
      expect(up.slice(5).sort()).toEqual(['empty', 'missing']);
      // Decision: descending mirrors ascending (text first, then numbers from the largest).
      const down = namesOf(await ordered(actor, desc(path), asc('name')));
      expect(down.slice(0, 5)).toEqual([...ascending].reverse());
      expect(down.slice(5)).toEqual(['empty', 'missing']);
    }
  });

  it('orders configuration values numerically too', async () => {
    const actor = await seedActor();
    const config = (value: string) => ({ batch: { name: 'batch', value, type: 'int' } });
    await seedMany(actor, [
      { name: 'x', configuration: config('64') },
      { name: 'y', configuration: config('8') },
      { name: 'z' },
    ]);
    expect(namesOf(await ordered(actor, asc('configuration.batch')))).toEqual(['y', 'x', 'z']);
    expect(namesOf(await ordered(actor, desc('execution.model_desc.batch')))).toEqual(['x', 'y', 'z']);
  });

  it('orders last_metrics values by number, missing last', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'ten', lastMetrics: metric(10) },
      { name: 'none' },
      { name: 'two', lastMetrics: metric(2) },
      { name: 'minus', lastMetrics: metric(-1.5) },
    ]);
    const path = (member: string) => `last_metrics.${md5('loss')}.${md5('total')}.${member}`;
    expect(namesOf(await ordered(actor, asc(path('value'))))).toEqual(['minus', 'two', 'ten', 'none']);
    expect(namesOf(await ordered(actor, desc(path('max_value'))))).toEqual(['ten', 'two', 'minus', 'none']);
  });

  it('orders lists by smallest element ascending, largest descending, empty last', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'bz', tags: ['z', 'b'] },
      { name: 'none' },
      { name: 'c', tags: ['c'] },
    ]);
    expect(namesOf(await ordered(actor, asc('tags')))).toEqual(['bz', 'c', 'none']);
    expect(namesOf(await ordered(actor, desc('tags')))).toEqual(['bz', 'c', 'none']);
  });

  it('rejects unknown and malformed paths', async () => {
    const actor = await seedActor();
    expect(await domainError(ordered(actor, asc('no_such_field')))).toMatchObject({
      code: 'UNKNOWN_FIELD',
      field: 'no_such_field',
    });
    for (const path of ['hyperparams.Args.lr.value', 'execution.parameters.', 'hyperparams.']) {
      expect(await domainError(ordered(actor, asc(path)))).toMatchObject({ code: 'INVALID_INPUT' });
    }
  });
});

describe('paging', () => {
  it('pages by offset and validates page/page_size', async () => {
    const actor = await seedActor();
    const ids = await seedMany(actor, Array.from({ length: 5 }, (_, i) => ({ name: `t${i}` })));
    const page = (n: number) => list(actor, { paging: { kind: 'offset', page: n, pageSize: 2 } });
    const pages = [await page(0), await page(1), await page(2), await page(3)];
    expect(pages.map(idsOf)).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4), []]);
    expect(pages.map((p) => p.hasNextPage)).toEqual([true, true, false, false]);
    expect(pages.map((p) => p.hasPreviousPage)).toEqual([false, true, true, true]);
    expect(await domainError(page(-1))).toMatchObject({ code: 'INVALID_INPUT', field: 'page' });
    expect(
      await domainError(list(actor, { paging: { kind: 'offset', page: 0, pageSize: 0 } })),
    ).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('pages forward by keyset without duplicates or gaps while rows are inserted', async () => {
    const actor = await seedActor();
    const original = await seedMany(actor, Array.from({ length: 9 }, (_, i) => ({ name: `n${i + 1}` })));
    const orderBy = [asc('name')];
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await list(actor, { orderBy, paging: { kind: 'keyset', first: 3, after } });
      expect(page.cursors).toHaveLength(page.rows.length);
      expect(page.hasPreviousPage).toBe(after !== undefined);
      seen.push(...idsOf(page));
      pages++;
      // insert rows before, at and after the current position between fetches
      await seedTask(actor, { name: `n${pages}a` });
      await seedTask(actor, { name: `n${pages * 3}` }); // ties with the cursor row
      await seedTask(actor, { name: 'n0' });
      if (!page.hasNextPage) break;
      after = page.cursors.at(-1);
      expect(pages).toBeLessThan(20);
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen).toContain(id);
  });

  it('pages backward by keyset in forward order, with inserts between fetches', async () => {
    const actor = await seedActor();
    const original = await seedMany(actor, Array.from({ length: 7 }, (_, i) => ({ name: `m${i + 1}` })));
    const orderBy = [desc('created')];
    const first = await list(actor, { orderBy, paging: { kind: 'keyset', last: 3 } });
    // descending by created: the last three are the three oldest, returned in forward order
    expect(idsOf(first)).toEqual([original[2], original[1], original[0]]);
    expect(first.hasPreviousPage).toBe(true);
    expect(first.hasNextPage).toBe(false);
    const seen = idsOf(first);
    let before = first.cursors[0];
    for (let i = 0; i < 10 && before; i++) {
      await seedTask(actor, { name: `new${i}` }); // newest: sorts first, before every cursor
      const page = await list(actor, { orderBy, paging: { kind: 'keyset', last: 3, before } });
      expect(page.hasNextPage).toBe(true);
      seen.unshift(...idsOf(page));
      before = page.hasPreviousPage ? page.cursors[0] : undefined;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen).toContain(id);
    const forward = await list(actor, { orderBy, paging: { kind: 'all' } });
    expect(idsOf(forward)).toEqual(seen);
  });

  it('pages by keyset over numeric parameters, metrics and empty values', async () => {
    const actor = await seedActor();
    const values = ['3', '20', 'x', '', '1', '100', 'y', '3'];
    await seedMany(actor, [
      ...values.map((value, i) => ({ name: `p${i}`, hyperparams: param(value), lastMetrics: metric(i % 3) })),
      { name: 'missing' },
    ]);
    for (const orderBy of [
      [asc('hyperparams.Args.lr')],
      [desc('hyperparams.Args.lr')],
      [asc(`last_metrics.${md5('loss')}.${md5('total')}.value`), desc('name')],
      [desc('tags'), asc('started')],
    ]) {
      const all = idsOf(await list(actor, { orderBy }));
      const paged: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await list(actor, { orderBy, paging: { kind: 'keyset', first: 2, after } });
        paged.push(...idsOf(page));
        if (!page.hasNextPage) break;
        after = page.cursors.at(-1);
      }
      expect(paged).toEqual(all);
    }
  });

  it('returns every row with the default page size and cursor round-trips on created', async () => {
    const actor = await seedActor();
    const ids = await seedMany(actor, Array.from({ length: 3 }, () => ({})));
    const page = await list(actor, { paging: { kind: 'keyset' } });
    expect(idsOf(page)).toEqual(ids);
    expect(page.hasNextPage).toBe(false);
    const rest = await list(actor, { paging: { kind: 'keyset', after: page.cursors[0] } });
    expect(idsOf(rest)).toEqual(ids.slice(1));
    const none = await list(actor, { paging: { kind: 'keyset', first: 0 } });
    expect(none.rows).toEqual([]);
    expect(none.hasNextPage).toBe(true);
  });

  it('returns the sort keys only when cursors are asked for', async () => {
    const a = await seedActor();
    await seedTask(a, { name: 'keyed' });
    const plain = await listTasks(a, { filter: { users: own(a) }, select: { id: true }, paging: { kind: 'keyset', first: 5 } });
    expect(plain.rows.map((row) => Object.keys(row))).toEqual([['id']]);
    expect(() => plain.cursors).toThrow(/cursors were not requested/);
    const keyed = await listTasks(a, { filter: { users: own(a) }, select: { id: true }, cursors: true, paging: { kind: 'keyset', first: 5 } });
    expect(keyed.rows.map((row) => Object.keys(row))).toEqual([['id']]);
    expect(keyed.cursors).toHaveLength(1);
  });

  it('rejects malformed or foreign cursors and negative counts', async () => {
    const actor = await seedActor();
    await seedMany(actor, [{ name: 'a' }, { name: 'b' }]);
    const byName = await list(actor, { orderBy: [asc('name')], paging: { kind: 'keyset', first: 1 } });
    const cursor = byName.cursors[0]!;
    const keyset = (paging: object, orderBy = [asc('name')]) =>
      list(actor, { orderBy, paging: { kind: 'keyset', ...paging } });
    expect(await domainError(keyset({ after: 'garbage!' }))).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
    expect(await domainError(keyset({ before: cursor }, [desc('name')]))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'before',
    });
    const forged = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
    expect(await domainError(keyset({ after: forged }))).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as string[];
    const badDate = Buffer.from(JSON.stringify([decoded[0], 'not-a-bool', 'x', 'y'])).toString('base64url');
    expect(await domainError(keyset({ after: badDate }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await domainError(keyset({ first: -1 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
    expect(await domainError(keyset({ last: -1 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'last' });
    expect(namesOf(byName)).toEqual(['a']);
    expect(namesOf(await keyset({ after: cursor }))).toEqual(['b']);
  });
});

describe('projection', () => {
  it('returns the selected scalar fields with Prisma names, plus id', async () => {
    const actor = await seedActor();
    const project = await seedProject(actor);
    const task = await seedTask(actor, { name: 'sel', statusReason: 'why', projectId: project.id });
    const page = await listTasks(actor, {
      filter: { ids: { include: [task.id], exclude: [], includeEmpty: false } },
      select: { statusReason: true, projectId: true, project: true, name: false },
    });
    expect(page.rows).toEqual([{ id: task.id, statusReason: 'why', projectId: project.id }]);
  });

  it('returns rows shaped like findMany without a select', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, {
      name: 'full',
      tags: ['t'],
      hyperparams: param('0.5'),
      lastMetrics: metric(3),
      statusChanged: new Date('2020-01-01T00:00:00.123Z'),
      duration: 5,
      outputResult: 'success',
    });
    const page = await listTasks(actor, { filter: { ids: { include: [task.id], exclude: [], includeEmpty: false } } });
    expect(page.rows).toEqual(await db.task.findMany({ where: { id: task.id } }));
  });
});

describe('counts and types', () => {
  it('counts matching tasks in scope', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    await seedMany(actor, [{ name: 'a', status: 'queued' }, { name: 'b' }, { name: 'c', status: 'queued' }]);
    await seedTask(other, { name: 'foreign', status: 'queued' });
    expect(await countTasks(actor, { users: own(actor) })).toBe(3);
    expect(await countTasks(other, { users: own(actor) })).toBe(0);
    const queued = { include: ['queued'], exclude: [], includeEmpty: false };
    expect(await countTasks(actor, { users: own(actor), statuses: queued })).toBe(2);
  });

  it('lists distinct types of own and public tasks, optionally by project', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const project = await seedProject(actor);
    await seedTask(actor, { type: 'testing', projectId: project.id });
    await seedTask(actor, { type: 'testing' });
    await seedTask(actor, { type: 'inference' });
    await seedTask(other, { type: 'controller' });
    const otherProject = await seedProject(other);
    await seedTask(other, { type: 'controller', projectId: otherProject.id });
    // other tests' public tasks are visible too, so only assert on what this test owns
    expect(await listTaskTypes(actor)).toEqual(expect.arrayContaining(['testing', 'inference']));
    expect(await listTaskTypes(actor, [])).toEqual(expect.arrayContaining(['testing', 'inference']));
    expect(await listTaskTypes(actor, [project.id])).toEqual(['testing']);
    expect(await listTaskTypes(actor, [otherProject.id])).toEqual([]);
    expect(await listTaskTypes(other, [otherProject.id])).toEqual(['controller']);
    const publicProject = await seedProject(other);
    await seedTask(other, { type: 'qc', companyId: null, projectId: publicProject.id });
    await seedTask(other, { type: 'monitor', companyId: null, projectId: publicProject.id });
    expect(await listTaskTypes(actor, [publicProject.id, project.id])).toEqual(['testing', 'monitor', 'qc']);
  });
});

describe('statements', () => {
  it('issues exactly one SQL statement per listTasks and countTasks call', async () => {
    const actor = await seedActor();
    await seedMany(actor, [
      { name: 'a', tags: ['x'], hyperparams: param('1') },
      { name: 'b', tags: ['x'], hyperparams: param('2') },
    ]);
    sqlLog.length = 0;
    const total = () => sqlLog.length;
    const page = await listTasks(actor, {
      filter: {
        users: own(actor),
        tags: { include: ['x'], exclude: [], includeEmpty: false },
        name: '^[ab]$',
        searchText: 'a b',
        anyOf: { pattern: '.', fields: ['name', 'execution.parameters.lr'] },
      },
      orderBy: [desc('hyperparams.Args.lr'), asc('@text_score')],
      paging: { kind: 'keyset', first: 1 },
    });
    expect(namesOf(page)).toEqual(['b']);
    expect(total()).toBe(1);
    await countTasks(actor, { name: 'a' });
    expect(total()).toBe(2);
  });
});
