// The task queries through HTTP: the connection's filters, orderings, keyset paging under
// concurrent inserts, totalCount, typed errors, and a bounded number of SQL statements.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, seedProject, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const Tasks = graphql(`
  query Tasks($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int, $after: String, $last: Int, $before: String) {
    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name status lastUpdate project { id name } hyperParamList { name value } } }
    }
  }
`);

const TaskById = graphql(`
  query TaskById($id: ID!) {
    task(id: $id) { id name status parent { id } children { id } project { name } artifacts { key } }
  }
`);

const QueueTasksWithProjects = graphql(`
  query QueueTasksWithProjects($id: ID!) {
    queue(id: $id) { entries { task { name project { id name taskCount } } } }
  }
`);

const ListWithProjectCounts = graphql(`
  query ListWithProjectCounts($filter: TaskFilter) {
    tasks(filter: $filter, first: 10) { edges { node { name project { name taskCount } } } }
  }
`);

const TaskTypes = graphql(`query TaskTypes($projects: [ID!]) { taskTypes(projects: $projects) }`);

let actor: Actor;
beforeAll(async () => {
  actor = await seedActor();
});

const names = (r: { data?: { tasks: { edges: { node: { name: string } }[] } } }) => r.data!.tasks.edges.map((e) => e.node.name);

describe('task(id)', () => {
  it('returns own and public tasks with relations, null for others', async () => {
    const project = await seedProject(actor, 'the project');
    const parent = await seedTask(actor, { name: 'parent', projectId: project.id });
    const child = await seedTask(actor, { name: 'child', parentId: parent.id });
    await db.taskArtifact.create({ data: { taskId: parent.id, key: 'a', type: 't', position: 0 } });
    const result = await executeAs(actor, TaskById, { id: parent.id });
    expect(result.data!.task).toEqual({
      id: parent.id, name: 'parent', status: 'created', parent: null, children: [{ id: child.id }], project: { name: 'the project' }, artifacts: [{ key: 'a' }],
    });
    const stranger = await seedActor();
    expect((await executeAs(stranger, TaskById, { id: parent.id })).data!.task).toBeNull();
    await db.task.update({ where: { id: parent.id }, data: { companyId: null, companyOrigin: actor.companyId } });
    expect((await executeAs(stranger, TaskById, { id: parent.id })).data!.task).toMatchObject({ id: parent.id });
  });

  it('a malformed id is a typed INVALID_INPUT error', async () => {
    const result = await executeAs(actor, TaskById, { id: 'bad id with spaces' });
    expect(result.status).toBe(200);
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});

describe('tasks connection', () => {
  it('filters by project and status, orders by lastUpdate desc, and counts', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    const base = Date.now();
    for (let i = 0; i < 6; i++) {
      await seedTask(a, { name: `t${i}`, projectId: project.id, status: i % 2 ? 'completed' : 'failed', lastUpdate: new Date(base - i * 1000) });
    }
    await seedTask(a, { name: 'elsewhere', status: 'completed' });
    const result = await executeAs(a, Tasks, {
      filter: { projects: { anyOf: [project.id] }, statuses: { anyOf: ['completed'] } },
      orderBy: [{ field: 'LAST_UPDATE', direction: 'DESC' }],
      first: 2,
    });
    expect(result.errors).toBeUndefined();
    expect(names(result)).toEqual(['t1', 't3']);
    expect(result.data!.tasks.totalCount).toBe(3);
    expect(result.data!.tasks.pageInfo.hasNextPage).toBe(true);
    expect(result.data!.tasks.edges[0]!.node.project).toEqual({ id: project.id, name: project.name });
  });

  it('orders by a hyper-parameter numerically with empty values last', async () => {
    const a = await seedActor();
    const hp = (value: string) => ({ Args: { lr: { section: 'Args', name: 'lr', value } } });
    await seedTask(a, { name: 'ten', hyperparams: hp('10') });
    await seedTask(a, { name: 'nine', hyperparams: hp('9') });
    await seedTask(a, { name: 'none' });
    await seedTask(a, { name: 'hundred', hyperparams: hp('100') });
    // Public tasks of other tests are visible to everyone: look at this user's tasks only.
    const filter = { users: { anyOf: [a.userId] } };
    const asc = await executeAs(a, Tasks, { filter, orderBy: [{ hyperParam: { section: 'Args', name: 'lr' } }] });
    expect(names(asc)).toEqual(['nine', 'ten', 'hundred', 'none']);
    const desc = await executeAs(a, Tasks, { filter, orderBy: [{ hyperParam: { section: 'Args', name: 'lr' }, direction: 'DESC' }] });
    expect(names(desc)).toEqual(['hundred', 'ten', 'nine', 'none']);
  });

  it('keyset paging sees every pre-existing row exactly once while rows are inserted between pages', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    const start = Date.now() - 100_000;
    const original = new Set<string>();
    for (let i = 0; i < 25; i++) {
      original.add((await seedTask(a, { name: `row ${i}`, projectId: project.id, lastUpdate: new Date(start + (i % 7) * 1000) })).id);
    }
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await executeAs(a, Tasks, {
        filter: { projects: { anyOf: [project.id] } },
        orderBy: [{ field: 'LAST_UPDATE', direction: 'DESC' }],
        first: 4,
        after,
      });
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.tasks.edges.map((e) => e.node.id));
      // Rows land before, inside and after the current position of the walk.
      await seedTask(a, { name: 'new early', projectId: project.id, lastUpdate: new Date(start + 50_000) });
      await seedTask(a, { name: 'new tie', projectId: project.id, lastUpdate: new Date(start + 3000) });
      await seedTask(a, { name: 'new late', projectId: project.id, lastUpdate: new Date(start - 50_000) });
      after = result.data!.tasks.pageInfo.endCursor;
      if (!result.data!.tasks.pageInfo.hasNextPage) break;
    }
    expect(new Set(seen).size).toBe(seen.length); // no duplicates
    for (const id of original) expect(seen).toContain(id); // no gaps
  });

  it('pages backwards with last/before in forward order', async () => {
    const a = await seedActor();
    for (let i = 0; i < 5; i++) await seedTask(a, { name: `n${i}`, created: new Date(1_700_000_000_000 + i) });
    const filter = { users: { anyOf: [a.userId] } };
    const all = await executeAs(a, Tasks, { filter, orderBy: [{ field: 'CREATED' }], first: 5 });
    const cursor = all.data!.tasks.edges[3]!.cursor;
    const back = await executeAs(a, Tasks, { filter, orderBy: [{ field: 'CREATED' }], last: 2, before: cursor });
    expect(names(back)).toEqual(['n1', 'n2']);
    expect(back.data!.tasks.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it.each([
    [{ filter: { name: '([' } }, 'INVALID_REGEX'],
    [{ first: -1 }, 'INVALID_INPUT'],
    [{ after: 'not-a-cursor' }, 'INVALID_INPUT'],
    [{ orderBy: [{ field: 'NAME', configuration: 'x' }] }, 'INVALID_INPUT'],
    [{ orderBy: [{ field: 'SEARCH_SCORE' }] }, 'INVALID_FIELD_VALUE'],
    [{ orderBy: [{ configuration: '' }] }, 'INVALID_INPUT', 'orderBy[0].configuration'],
    [{ orderBy: [{ field: 'NAME' }, { hyperParam: { section: 'Args', name: '' } }] }, 'INVALID_INPUT', 'orderBy[1].hyperParam.name'],
    [{ orderBy: [{ hyperParam: { section: '', name: 'lr' } }] }, 'INVALID_INPUT', 'orderBy[0].hyperParam.section'],
    [{ after: '\\', orderBy: [{ configuration: '' }] }, 'INVALID_INPUT', 'orderBy[0].configuration'],
  ] as const)('%j is refused with %s, not a 500', async (variables, code, field?: string) => {
    const result = await executeAs(actor, Tasks, variables as never);
    expect(result.status).toBe(200);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    if (field) expect(result.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('a cursor from another ordering is refused', async () => {
    const a = await seedActor();
    await seedTask(a);
    await seedTask(a);
    const page = await executeAs(a, Tasks, { orderBy: [{ field: 'NAME' }], first: 1 });
    const result = await executeAs(a, Tasks, { orderBy: [{ field: 'CREATED' }], first: 1, after: page.data!.tasks.pageInfo.endCursor });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('reads 50 tasks with relations in a bounded number of SQL statements (no N+1)', async () => {
    const a = await seedActor();
    const projects = await Promise.all([seedProject(a), seedProject(a), seedProject(a)]);
    await db.task.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({
        id: newId(), companyId: a.companyId, userId: a.userId, name: `bulk ${i}`, type: 'training' as const,
        projectId: i % 5 === 4 ? null : projects[i % 3]!.id, // every fifth task has no project
      })),
    });
    sqlLog.length = 0;
    const result = await executeAs(a, Tasks, { filter: { users: { anyOf: [a.userId] } }, first: 50 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.tasks.edges).toHaveLength(50);
    for (const { node } of result.data!.tasks.edges) {
      const i = Number(node.name.slice('bulk '.length));
      const project = i % 5 === 4 ? null : projects[i % 3]!;
      expect(node.project, node.name).toEqual(project && { id: project.id, name: project.name });
    }
    const statements = sqlLog.filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK)/i.test(sql.trim()));
    // one listing statement (the project is joined into it) and one count
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(2);
  });

  it('Task.project of tasks loaded by another type comes from one batched lookup, readable projects only', async () => {
    const a = await seedActor();
    const [p1, p2] = await Promise.all([seedProject(a, 'first'), seedProject(a, 'second')]);
    const stranger = await seedActor();
    const foreign = await seedProject(stranger, 'foreign');
    const queue = await db.queue.create({ data: { id: newId(), companyId: a.companyId, name: `q-${newId()}` } });
    const tasks = [];
    for (const [i, projectId] of [p1.id, p2.id, p1.id, null, foreign.id].entries()) {
      const task = await seedTask(a, { name: `queued ${i}`, projectId: projectId ?? undefined });
      tasks.push(task);
      await db.queueEntry.create({ data: { queueId: queue.id, taskId: task.id, rank: i } });
    }
    sqlLog.length = 0;
    const result = await executeAs(a, QueueTasksWithProjects, { id: queue.id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.queue!.entries.map((e) => [e.task.name, e.task.project?.name ?? null])).toEqual([
      ['queued 0', 'first'], ['queued 1', 'second'], ['queued 2', 'first'], ['queued 3', null],
      // a project of another company reads as absent, as everywhere
      ['queued 4', null],
    ]);
    expect(result.data!.queue!.entries[0]!.task.project).toEqual({ id: p1.id, name: 'first', taskCount: 2 });
    const projectLookups = sqlLog.filter((sql) => /FROM "public"\."project"/.test(sql) && !/count/i.test(sql));
    expect(projectLookups, projectLookups.join('\n---\n')).toHaveLength(1);
  });

  it('a listing joins whole project rows when the project selection has computed fields', async () => {
    const a = await seedActor();
    const project = await seedProject(a, 'computed');
    await seedTask(a, { name: 'one', projectId: project.id });
    await seedTask(a, { name: 'two', projectId: project.id });
    const result = await executeAs(a, ListWithProjectCounts, { filter: { projects: { anyOf: [project.id] } } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.tasks.edges.map((e) => e.node.project)).toEqual([
      { name: 'computed', taskCount: 2 },
      { name: 'computed', taskCount: 2 },
    ]);
  });

  it('a document read again reuses its plan; merged fields, fragments and relations each read what they select', async () => {
    const a = await seedActor();
    const project = await seedProject(a, 'planned');
    const parent = await seedTask(a, { name: 'the parent', projectId: project.id });
    await seedTask(a, { name: 'the child', projectId: project.id, parentId: parent.id });
    const filter = { projects: { anyOf: [project.id] } };
    const names = `query Names($filter: TaskFilter) { tasks(filter: $filter, orderBy: [{ field: NAME }]) { edges { node { name } } } }`;
    for (let round = 0; round < 3; round++) {
      sqlLog.length = 0;
      const result = await executeAs<{ tasks: { edges: { node: Record<string, unknown> }[] } }, unknown>(a, names, { filter });
      expect(result.data!.tasks.edges.map((e) => e.node)).toEqual([{ name: 'the child' }, { name: 'the parent' }]);
      const listing = sqlLog.find((sql) => /FROM "task"/.test(sql))!;
      expect(listing).toMatch(/AS "name"/);
      expect(listing).not.toMatch(/AS "status"|__k0/); // exactly the selected columns, no sort keys without cursors
    }
    // the same field twice (merged) and through a fragment, then with a relation planned by plugin-prisma
    // The same field twice is merged into one execution, also when the second is switched on by a
    // variable: the plan of the merged selection must not be the cached one of the first alone.
    const merged = `fragment S on Task { status project { name } }
      query Merged($filter: TaskFilter, $more: Boolean!) {
        tasks(filter: $filter, orderBy: [{ field: NAME }]) { edges { node { name } } }
        tasks(filter: $filter, orderBy: [{ field: NAME }]) @include(if: $more) { edges { cursor node { ...S } } }
      }`;
    const withRelation = `query WithParent($filter: TaskFilter) {
        tasks(filter: $filter, orderBy: [{ field: NAME }]) { edges { node { name parent { name } } } }
      }`;
    type Edges = { tasks: { edges: { cursor?: string; node: Record<string, unknown> }[] } };
    for (let round = 0; round < 2; round++) {
      const alone = await executeAs<Edges, unknown>(a, merged, { filter, more: false });
      expect(alone.errors).toBeUndefined();
      expect(alone.data!.tasks.edges.map((e) => e.node.name)).toEqual(['the child', 'the parent']);
      const result = await executeAs<Edges, unknown>(a, merged, { filter, more: true });
      expect(result.errors).toBeUndefined();
      expect(result.data!.tasks.edges.map((e) => e.node)).toEqual([
        { name: 'the child', status: 'created', project: { name: 'planned' } },
        { name: 'the parent', status: 'created', project: { name: 'planned' } },
      ]);
      expect(result.data!.tasks.edges.every((e) => typeof e.cursor === 'string' && e.cursor.length > 0)).toBe(true);
      const related = await executeAs<Edges, unknown>(a, withRelation, { filter });
      expect(related.errors).toBeUndefined();
      expect(related.data!.tasks.edges.map((e) => e.node)).toEqual([
        { name: 'the child', parent: { name: 'the parent' } },
        { name: 'the parent', parent: null },
      ]);
    }
    // and the plain document still reads only its own columns afterwards
    sqlLog.length = 0;
    await executeAs(a, names, { filter });
    expect(sqlLog.find((sql) => /FROM "task"/.test(sql))).not.toMatch(/AS "status"/);
  });

  it('taskTypes lists the types in use', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    await seedTask(a, { type: 'testing', projectId: project.id });
    await seedTask(a, { type: 'inference' });
    expect((await executeAs(a, TaskTypes, { projects: [project.id] })).data!.taskTypes).toEqual(['testing']);
    // without projects: this company's types plus those of any public task
    expect((await executeAs(a, TaskTypes, {})).data!.taskTypes).toEqual(expect.arrayContaining(['inference', 'testing']));
  });
});
