// Project queries and mutations through HTTP: the connection with statistics loaded in one
// aggregate statement for the whole page, metric variants, hyper-parameters, tags, and the typed
// errors of the mutations.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { metricHash } from '../../src/resolvers/tasks/metrics.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, seedProject, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const Projects = graphql(`
  query Projects($filter: ProjectFilter, $orderBy: [ProjectOrder!], $first: Int, $after: String, $state: ProjectTaskState) {
    projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name taskCount stats(state: $state) { totalRuntime statusCounts { status count } } } }
    }
  }
`);

const ProjectDetails = graphql(`
  query ProjectDetails($id: ID!) {
    project(id: $id) {
      id name company
      metricVariants { metric variant metricHash }
      hyperParameters(pageSize: 2) { total remaining parameters { section name } }
      taskTags(includeSystem: true) { tags systemTags }
      modelTags { tags systemTags }
    }
  }
`);

const CreateProject = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      __typename
      ... on MutationCreateProjectSuccess { data { id name description tags } }
      ... on Error { code message }
    }
  }
`);

const UpdateProject = graphql(`
  mutation UpdateProject($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      __typename
      ... on MutationUpdateProjectSuccess { data { id name tags defaultOutputDestination lastUpdate } }
      ... on Error { code }
    }
  }
`);

const DeleteProject = graphql(`
  mutation DeleteProject($input: DeleteProjectInput!) {
    deleteProject(input: $input) {
      __typename
      ... on MutationDeleteProjectSuccess { data { deleted disassociatedModels } }
      ... on Error { code }
    }
  }
`);

const MakePublic = graphql(`
  mutation MakeProjectsPublic($input: ProjectIdsInput!) {
    makeProjectsPublic(input: $input) {
      ... on MutationMakeProjectsPublicSuccess { data { updated } }
      ... on NotFoundError { code ids }
      ... on Error { code }
    }
  }
`);

const MakePrivate = graphql(`
  mutation MakeProjectsPrivate($input: ProjectIdsInput!) {
    makeProjectsPrivate(input: $input) {
      ... on MutationMakeProjectsPrivateSuccess { data { updated } }
      ... on Error { code }
    }
  }
`);

let actor: Actor;
beforeAll(async () => {
  actor = await seedActor();
});

const countOf = (stats: { statusCounts: { status: string; count: number }[] }, status: string) =>
  stats.statusCounts.find((s) => s.status === status)!.count;

describe('projects connection', () => {
  it('pages with totalCount and computes stats for the whole page in one aggregate statement', async () => {
    const a = await seedActor();
    const projects = [];
    for (let i = 0; i < 12; i++) projects.push(await seedProject(a, `bulk ${String(i).padStart(2, '0')}`));
    const started = new Date('2021-01-01T00:00:00Z');
    for (const [i, project] of projects.entries()) {
      await seedTask(a, { projectId: project.id, status: 'completed', started, completed: new Date(started.getTime() + 1000 * i + 900) });
      await seedTask(a, { projectId: project.id, status: 'created', systemTags: ['archived'] });
    }
    sqlLog.length = 0;
    const result = await executeAs(a, Projects, { filter: { name: '^bulk' }, orderBy: [{ field: 'NAME', direction: 'DESC' }], first: 10 });
    expect(result.errors).toBeUndefined();
    const page = result.data!.projects;
    expect(page.totalCount).toBe(12);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.map((e) => e.node.name)[0]).toBe('bulk 11');
    const first = page.edges[0]!.node;
    expect(first.taskCount).toBe(2);
    expect(first.stats.totalRuntime).toBe(11);
    expect(countOf(first.stats, 'completed')).toBe(1);
    expect(countOf(first.stats, 'created')).toBe(0);
    expect(first.stats.statusCounts).toHaveLength(10);
    const statements = sqlLog.filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK)/i.test(sql.trim()));
    expect(statements.filter((sql) => /GROUP BY/i.test(sql)), statements.join('\n---\n')).toHaveLength(2); // stats + taskCount
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(4);

    const next = await executeAs(a, Projects, { filter: { name: '^bulk' }, orderBy: [{ field: 'NAME', direction: 'DESC' }], first: 10, after: page.pageInfo.endCursor, state: 'ALL' });
    expect(next.data!.projects.edges.map((e) => e.node.name)).toEqual(['bulk 01', 'bulk 00']);
    const all = next.data!.projects.edges[0]!.node.stats;
    expect([countOf(all, 'completed'), countOf(all, 'created')]).toEqual([1, 1]);
    const archived = await executeAs(a, Projects, { filter: { name: '^bulk 00$' }, state: 'ARCHIVED' });
    expect(archived.data!.projects.edges[0]!.node.stats.totalRuntime).toBe(0);
  });

  it('is scoped: another company sees none of them; ownOnly leaves public ones out', async () => {
    const a = await seedActor();
    const b = await seedActor();
    const mine = await seedProject(a, 'scoped project');
    expect((await executeAs(b, Projects, { filter: { ids: [mine.id] } })).data!.projects.totalCount).toBe(0);
    await db.project.update({ where: { id: mine.id }, data: { companyId: null, companyOrigin: a.companyId } });
    expect((await executeAs(b, Projects, { filter: { ids: [mine.id] } })).data!.projects.totalCount).toBe(1);
    expect((await executeAs(b, Projects, { filter: { ids: [mine.id], ownOnly: true } })).data!.projects.totalCount).toBe(0);
  });

  it('a malformed regular expression is a GraphQL error with code INVALID_REGEX', async () => {
    const result = await executeAs(actor, Projects, { filter: { name: '([' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_REGEX');
  });
});

describe('project(id)', () => {
  it('returns metric variants, hyper-parameter keys and tags; null for other companies', async () => {
    const project = await seedProject(actor, `details ${newId().slice(0, 6)}`);
    const item = (section: string, name: string) => ({ section, name, value: '1' });
    await seedTask(actor, {
      projectId: project.id,
      tags: ['t2', 't1'],
      systemTags: ['development'],
      lastMetrics: { [metricHash('loss')]: { [metricHash('val')]: { metric: 'loss', variant: 'val', value: 1 } } },
      hyperparams: { Args: { lr: item('Args', 'lr'), bs: item('Args', 'bs') }, General: { x: item('General', 'x') } },
    });
    await db.model.create({ data: { id: newId(), companyId: actor.companyId, userId: actor.userId, name: 'm', projectId: project.id, tags: ['mt'] } });
    const result = await executeAs(actor, ProjectDetails, { id: project.id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.project).toEqual({
      id: project.id, name: project.name, company: actor.companyId,
      metricVariants: [{ metric: 'loss', variant: 'val', metricHash: metricHash('loss') }],
      hyperParameters: { total: 3, remaining: 1, parameters: [{ section: 'Args', name: 'bs' }, { section: 'Args', name: 'lr' }] },
      taskTags: { tags: ['t1', 't2'], systemTags: ['development'] },
      modelTags: { tags: ['mt'], systemTags: null },
    });
    const other = await seedActor();
    expect((await executeAs(other, ProjectDetails, { id: project.id })).data!.project).toBeNull();
  });
});

describe('project mutations', () => {
  it('createProject: typed errors for duplicates and short names', async () => {
    const a = await seedActor();
    const created = await executeAs(a, CreateProject, { input: { name: '  gql project ', description: 'd', tags: ['x'] } });
    expect(created.data!.createProject).toMatchObject({ __typename: 'MutationCreateProjectSuccess', data: { name: 'gql project', tags: ['x'] } });
    expect((await executeAs(a, CreateProject, { input: { name: 'gql project' } })).data!.createProject).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await executeAs(a, CreateProject, { input: { name: 'ab' } })).data!.createProject).toMatchObject({ __typename: 'ValidationError', code: 'DATA_VALIDATION' });
  });

  it('updateProject: null clears, omitted stays, public is read-only, others not found', async () => {
    const a = await seedActor();
    // last updated a minute ago: the update's own stamp is then later even within the same millisecond
    const project = await db.project.create({
      data: { id: newId(), companyId: a.companyId, userId: a.userId, name: 'upd', tags: ['keep'], defaultOutputDestination: 's3://x', lastUpdate: new Date(Date.now() - 60_000) },
    });
    const result = await executeAs(a, UpdateProject, { input: { projectId: project.id, name: 'updated', defaultOutputDestination: null } });
    expect(result.data!.updateProject).toMatchObject({ data: { name: 'updated', tags: ['keep'], defaultOutputDestination: null } });
    expect(new Date((result.data!.updateProject as { data: { lastUpdate: string } }).data.lastUpdate).getTime()).toBeGreaterThan(project.lastUpdate.getTime());
    expect((await executeAs(await seedActor(), UpdateProject, { input: { projectId: project.id, name: 'x y z' } })).data!.updateProject).toMatchObject({ __typename: 'NotFoundError', code: 'PROJECT_NOT_FOUND' });
    expect((await executeAs(a, UpdateProject, { input: { projectId: project.id, name: null } })).data!.updateProject).toMatchObject({ code: 'DATA_VALIDATION' });
    await executeAs(a, MakePublic, { input: { ids: [project.id] } });
    expect((await executeAs(a, UpdateProject, { input: { projectId: project.id, name: 'again' } })).data!.updateProject).toMatchObject({ __typename: 'PublicReadOnlyError', code: 'PUBLIC_READ_ONLY' });
  });

  it('deleteProject: PROJECT_HAS_TASKS / PROJECT_HAS_MODELS without force; force detaches models', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    const task = await seedTask(a, { projectId: project.id });
    expect((await executeAs(a, DeleteProject, { input: { projectId: project.id } })).data!.deleteProject).toMatchObject({ code: 'PROJECT_HAS_TASKS' });
    await db.task.update({ where: { id: task.id }, data: { systemTags: ['archived'] } });
    await db.model.create({ data: { id: newId(), companyId: a.companyId, userId: a.userId, name: 'm', projectId: project.id } });
    expect((await executeAs(a, DeleteProject, { input: { projectId: project.id } })).data!.deleteProject).toMatchObject({ code: 'PROJECT_HAS_MODELS' });
    expect((await executeAs(a, DeleteProject, { input: { projectId: project.id, force: true } })).data!.deleteProject).toEqual({
      __typename: 'MutationDeleteProjectSuccess', data: { deleted: true, disassociatedModels: 1 },
    });
    expect(await db.project.findUnique({ where: { id: project.id } })).toBeNull();
  });

  it('makeProjectsPublic / makeProjectsPrivate round trip; foreign ids are NotFoundError', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    const ghost = newId();
    expect((await executeAs(a, MakePublic, { input: { ids: [project.id, ghost] } })).data!.makeProjectsPublic).toEqual({ code: 'PROJECT_NOT_FOUND', ids: [ghost] });
    expect((await executeAs(a, MakePublic, { input: { ids: [project.id] } })).data!.makeProjectsPublic).toEqual({ data: { updated: 1 } });
    expect((await executeAs(await seedActor(), MakePrivate, { input: { ids: [project.id] } })).data!.makeProjectsPrivate).toEqual({ code: 'PROJECT_NOT_FOUND' });
    expect((await executeAs(a, MakePrivate, { input: { ids: [project.id] } })).data!.makeProjectsPrivate).toEqual({ data: { updated: 1 } });
    expect((await executeAs(a, MakePrivate, { input: { ids: [] } })).data!.makeProjectsPrivate).toEqual({ code: 'INVALID_INPUT' });
  });
});
