// The legacy tasks.* read wire (get_by_id, get_all, get_all_ex, get_types), tested at the handler
// level: documents, filters in legacy token syntax, projection, references, paging and ordering.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { legacyDate } from '../../src/legacy-rpc/convert.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { metricHash } from '../../src/resolvers/tasks/metrics.ts';
import { seedActor, seedProject, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';
import { call, failure, type Doc } from '../helpers/task-handlers.ts';

useTestDatabase();





const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

/** Every member name of the document outside free-form maps is snake_case and no value is null. */
function expectWireShape(value: unknown, path = ''): void {
  if (value === null) throw new Error(`null at ${path}`);
  if (typeof value !== 'object') return;
  if (Array.isArray(value)) return value.forEach((item, i) => expectWireShape(item, `${path}[${i}]`));
  const maps = ['hyperparams', 'configuration', 'runtime', 'last_metrics', 'metric_stats', 'execution.parameters', 'execution.model_desc', 'execution.model_labels', 'script.requirements'];
  if (maps.includes(path)) return;
  for (const [key, inner] of Object.entries(value)) {
    expect(key, `member of ${path}`).toMatch(/^[a-z][a-z_]*$/);
    expectWireShape(inner, path ? `${path}.${key}` : key);
  }
}

let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor({ userName: 'alice' });
  other = await seedActor();
});

describe('legacyDate', () => {
  it.each([
    ['2020-08-10T12:34:56.789Z', '2020-08-10T12:34:56.789000+00:00'],
    ['2020-08-10T12:34:56.001Z', '2020-08-10T12:34:56.001000+00:00'],
    ['2020-08-10T12:34:56.000Z', '2020-08-10T12:34:56+00:00'],
  ])('%s → %s', (input, expected) => {
    expect(legacyDate(new Date(input))).toBe(expected);
  });
});

describe('tasks.create → tasks.get_by_id', () => {
  it('returns the stored document: snake_case, nested objects, ISO dates, unset fields omitted', async () => {
    const project = await seedProject(actor);
    const { id } = await call(actor, 'create', {
      name: '  my experiment ',
      type: 'training',
      project: project.id,
      comment: 'hello',
      tags: ['b', 'a'],
      system_tags: ['development'],
      output_dest: ' http://files:8081 ',
      parent: null,
      script: { repository: 'https://github.com/x/y.git', entry_point: 'train.py', branch: 'master', requirements: { pip: 'torch==1.5\n' } },
      execution: {
        test_split: 3,
        model_labels: { cat: 1, dog: 2 },
        framework: 'pytorch',
        artifacts: [
          {
            key: 'data', type: 'pandas', mode: 'output', uri: 'http://files:8081/p/t/data.csv.gz', content_size: 1234,
            timestamp: 1597053900, type_data: { preview: 'rows', content_type: 'text/csv', data_hash: 'abc' },
            display_data: [['rows', 10]],
          },
          { key: 'in', type: 'custom', mode: 'input' },
        ],
      },
      hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1', type: 'float' } } },
      configuration: { General: { name: 'General', value: '{"a": 1}', type: 'dictionary' } },
      input: { view: {} }, // unknown members are ignored
    });
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    const { task } = await call(actor, 'get_by_id', { task: id });
    expect(task).toEqual({
      id,
      name: 'my experiment',
      user: actor.userId,
      company: actor.companyId,
      type: 'training',
      status: 'created',
      comment: 'hello',
      created: expect.stringMatching(ISO),
      project: project.id,
      tags: ['a', 'b'],
      system_tags: ['development'],
      output: { destination: 'http://files:8081' },
      execution: {
        test_split: 3,
        parameters: {},
        model_desc: {},
        model_labels: { cat: 1, dog: 2 },
        framework: 'pytorch',
        artifacts: [
          {
            key: 'data', type: 'pandas', mode: 'output', uri: 'http://files:8081/p/t/data.csv.gz', content_size: 1234,
            timestamp: 1597053900, type_data: { preview: 'rows', content_type: 'text/csv', data_hash: 'abc' },
            display_data: [['rows', 10]],
          },
          { key: 'in', type: 'custom', mode: 'input' },
        ],
      },
      script: {
        binary: 'python', repository: 'https://github.com/x/y.git', branch: 'master', entry_point: 'train.py',
        requirements: { pip: 'torch==1.5\n' },
      },
      hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1', type: 'float' } } },
      configuration: { General: { name: 'General', value: '{"a": 1}', type: 'dictionary' } },
      runtime: {},
      last_update: task.created,
      last_iteration: 0,
      last_metrics: {},
      metric_stats: {},
    });
    expectWireShape(task);
    for (const absent of ['started', 'completed', 'published', 'parent', 'status_changed', 'company_origin', 'last_worker']) {
      expect(task).not.toHaveProperty(absent);
    }
  });

  it('shows status-change times with the legacy date format and __DELETED__ parents', async () => {
    const parent = await seedTask(actor);
    const child = await seedTask(actor, { parentId: null, detachedParentId: parent.id, statusChanged: new Date('2020-08-10T10:00:01.123Z'), started: new Date('2020-08-10T10:00:00Z') });
    const { task } = await call(actor, 'get_by_id', { task: child.id });
    expect(task).toMatchObject({
      parent: `__DELETED__${parent.id}`,
      status_changed: '2020-08-10T10:00:01.123000+00:00',
      started: '2020-08-10T10:00:00+00:00',
    });
  });

  it('answers 400/101 for unknown and foreign tasks, 400/12 without a task id', async () => {
    const foreign = await seedTask(other);
    expect(await failure(call(actor, 'get_by_id', { task: foreign.id }))).toEqual([400, 101]);
    expect(await failure(call(actor, 'get_by_id', { task: newId() }))).toEqual([400, 101]);
    expect(await failure(call(actor, 'get_by_id', {}))).toEqual([400, 12]);
    expect(await failure(call(actor, 'get_by_id', { task: 5 }))).toEqual([400, 12]);
  });

  it('keys last_metrics by md5 of metric and variant (spec §4.4 test vectors)', async () => {
    expect(metricHash('loss')).toBe('81513effdf5790b79549208838404407');
    expect(metricHash('total')).toBe('fbb44b4487415b134bce9c790a27fe5e');
    expect(metricHash('Metric1')).toBe('761d72c0b2cff1ebf303edbe70bf1d5c');
    expect(metricHash('Variant1')).toBe('824e8fde8038b5c2ead2a528fbbd621e');
    expect(metricHash(':monitor:machine')).toBe('29c6dd717a649f7c1835bfa9249b3142');
    expect(metricHash('é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f');
    const entry = (metric: string, variant: string, value: number) => ({
      [metricHash(metric)]: { [metricHash(variant)]: { metric, variant, value, min_value: 0, max_value: value } },
    });
    const project = await seedProject(actor);
    const [low, high] = await Promise.all([
      seedTask(actor, { projectId: project.id, name: 'low', lastMetrics: entry('loss', 'total', 0.12) }),
      seedTask(actor, { projectId: project.id, name: 'high', lastMetrics: entry('loss', 'total', 2.5) }),
    ]);
    const { task } = await call(actor, 'get_by_id', { task: low.id });
    expect(task.last_metrics).toEqual({
      '81513effdf5790b79549208838404407': {
        fbb44b4487415b134bce9c790a27fe5e: { metric: 'loss', variant: 'total', value: 0.12, min_value: 0, max_value: 0.12 },
      },
    });
    const path = 'last_metrics.81513effdf5790b79549208838404407.fbb44b4487415b134bce9c790a27fe5e.value';
    const { tasks } = await call(actor, 'get_all', { project: [project.id], order_by: [`-${path}`], only_fields: ['id', path] });
    expect(tasks).toEqual([
      { id: high.id, last_metrics: { '81513effdf5790b79549208838404407': { fbb44b4487415b134bce9c790a27fe5e: { value: 2.5 } } } },
      { id: low.id, last_metrics: { '81513effdf5790b79549208838404407': { fbb44b4487415b134bce9c790a27fe5e: { value: 0.12 } } } },
    ]);
  });
});

describe('tasks.get_all filters (legacy token syntax)', () => {
  let project: { id: string };
  let ids: Record<string, string>;
  beforeAll(async () => {
    project = await seedProject(actor);
    const seed = async (name: string, data: Parameters<typeof seedTask>[1]) => [name, (await seedTask(actor, { name, ...data })).id] as const;
    ids = Object.fromEntries(
      await Promise.all([
        seed('alpha one', { projectId: project.id, tags: ['a'], comment: 'first', statusChanged: new Date('2020-08-01T00:00:00Z') }),
        seed('alpha two', { projectId: project.id, tags: ['a', 'b'], systemTags: ['archived'], status: 'in_progress', statusChanged: new Date('2020-08-03T00:00:00Z') }),
        seed('beta', { projectId: project.id, tags: ['b'], status: 'stopped', type: 'testing' }),
        seed('gamma', { tags: [], status: 'published' }),
      ]),
    );
  });
  const names = async (body: Record<string, unknown>, version = '2.9') =>
    ((await call(actor, 'get_all', { user: [actor.userId], name: '^(alpha|beta|gamma)', ...body, only_fields: ['name'] }, version)).tasks as Doc[])
      .map((t) => t.name)
      .sort();

  it.each([
    [{ system_tags: ['-archived'] }, ['alpha one', 'beta', 'gamma']],
    [{ tags: ['a', 'b'] }, ['alpha one', 'alpha two', 'beta']],
    [{ tags: ['a', '__$not', 'b'] }, ['alpha one']],
    [{ tags: [null] }, ['gamma']],
    [{ project: [null] }, ['gamma']],
    [{ status: ['-created'] }, ['alpha two', 'beta', 'gamma']],
    [{ status: ['in_progress', 'stopped'], type: ['-testing'] }, ['alpha two']],
    [{ name: 'two$' }, ['alpha two']],
    [{ comment: 'fir' }, ['alpha one']],
    [{ status_changed: ['>=2020-08-02', '<2020-09-01T00:00:00Z'] }, ['alpha two']],
    [{ _any_: { pattern: 'ALPHA', fields: ['name', 'comment'] } }, ['alpha one', 'alpha two']],
    [{ _all_: { pattern: 'a', fields: ['name', 'tags'] } }, ['alpha one', 'alpha two']],
    [{ search_text: 'beta' }, ['beta']],
    [{ page_size: 1 }, ['alpha one', 'alpha two', 'beta', 'gamma']], // page_size without page is ignored
  ])('%j', async (body, expected) => {
    expect(await names(body)).toEqual(expected);
  });

  it('splits legacy tags into system tags below 2.3', async () => {
    expect(await names({ tags: ['-archived'] }, '2.2')).toEqual(['alpha one', 'beta', 'gamma']);
    expect(await names({ tags: ['-archived'] }, '2.9')).toEqual(['alpha one', 'alpha two', 'beta', 'gamma']);
  });

  it.each([
    [{ tags: 'a' }, [400, 12]],
    [{ id: 'x' }, [400, 12]],
    [{ _any_: { pattern: 'a' } }, [400, 12]],
    [{ _any_: { pattern: 'a', fields: ['name'], extra: 1 } }, [400, 12]],
    [{ _all_: 'name' }, [400, 12]],
    [{ name: '(' }, [400, 21]],
    [{ order_by: ['@text_score'] }, [400, 16]],
    [{ order_by: ['execution.parameters.'] }, [400, 12]],
    [{ order_by: ['hyperparams.Args.lr.value'] }, [400, 12]],
    [{ order_by: ['bogus'] }, [400, 14]],
    [{ page: 0 }, [400, 11]],
    [{ page: 0, page_size: 0 }, [400, 11]],
    [{ page: -1, page_size: 2 }, [400, 12]],
    [{ page: 0, page_size: -2 }, [400, 12]],
  ])('%j fails with %j', async (body, expected) => {
    expect(await failure(call(actor, 'get_all', { user: [actor.userId], ...body }))).toEqual(expected);
  });

  it('pages the ordered list only when page is given', async () => {
    const page = (n: number) =>
      call(actor, 'get_all', { project: [project.id], order_by: ['-name'], page: n, page_size: 2, only_fields: ['name'] });
    expect((await page(0)).tasks).toEqual([{ name: 'beta' }, { name: 'alpha two' }]);
    expect((await page(1)).tasks).toEqual([{ name: 'alpha one' }]);
    expect((await page(2)).tasks).toEqual([]);
  });

  it('orders by several fields with the - prefix, empty values last', async () => {
    const { tasks } = await call(actor, 'get_all', {
      user: [actor.userId], name: '^(alpha|beta|gamma)', order_by: ['comment', '-name'], only_fields: ['name', 'comment'],
    });
    expect(tasks).toEqual([{ name: 'alpha one', comment: 'first' }, { name: 'gamma' }, { name: 'beta' }, { name: 'alpha two' }]);
  });

  it('answers get_types for own and public tasks, optionally per project', async () => {
    expect((await call(actor, 'get_types', { projects: [project.id] })).types.sort()).toEqual(['testing', 'training']);
    expect(await failure(call(actor, 'get_types', { projects: 'x' }))).toEqual([400, 12]);
  });
});

describe('ordering by hyper-parameters', () => {
  it('orders numeric values numerically (also through execution.parameters), missing ones last', async () => {
    const project = await seedProject(actor);
    const item = (value: string) => ({ Args: { lr: { section: 'Args', name: 'lr', value } } });
    const seeded = await Promise.all(
      [['t9', item('9')], ['t10', item('10')], ['t2', item('2')], ['none', {}]].map(([name, hyperparams]) =>
        seedTask(actor, { name: name as string, projectId: project.id, hyperparams: hyperparams as object }),
      ),
    );
    expect(seeded).toHaveLength(4);
    for (const path of ['hyperparams.Args.lr', 'execution.parameters.lr']) {
      const { tasks } = await call(actor, 'get_all', { project: [project.id], order_by: [path], only_fields: ['name'] });
      expect(tasks.map((t: Doc) => t.name)).toEqual(['t2', 't9', 't10', 'none']);
    }
    const { tasks } = await call(actor, 'get_all', { project: [project.id], order_by: ['-hyperparams.Args.lr'], only_fields: ['name'] });
    expect(tasks.map((t: Doc) => t.name)).toEqual(['t10', 't9', 't2', 'none']);
  });
});

describe('only_fields projection', () => {
  let task: { id: string };
  beforeAll(async () => {
    task = await seedTask(actor, {
      name: 'projected',
      status: 'in_progress',
      statusMessage: 'running',
      scriptRepository: 'https://r.git',
      hyperparams: {
        Args: { lr: { section: 'Args', name: 'lr', value: '0.1' }, 'a.b': { section: 'Args', name: 'a.b', value: 'dotted' } },
        Other: { x: { section: 'Other', name: 'x', value: '1' } },
      },
      configuration: { design: { name: 'design', value: 'layers: 3', type: 'yaml' } },
    });
    await db.taskArtifact.createMany({
      data: [
        { taskId: task.id, key: 'k1', type: 't', mode: 'output', position: 0, uri: 'u1' },
        { taskId: task.id, key: 'k2', type: 't', mode: 'input', position: 1 },
      ],
    });
  });
  const project = async (only_fields: unknown, action = 'get_all', version = '2.9') =>
    (await call(actor, action, { id: [task.id], only_fields }, version)).tasks as Doc[];

  it('returns only the requested paths; get_all omits id unless requested (the original quirk)', async () => {
    expect(await project(['status', 'status_message'])).toEqual([{ status: 'in_progress', status_message: 'running' }]);
    expect(await project(['id', 'name'])).toEqual([{ id: task.id, name: 'projected' }]);
  });

  it('projects nested paths, through the artifact list, with the broader path winning', async () => {
    expect(await project(['script.repository', 'execution.artifacts.key', 'execution.test_split'])).toEqual([
      { script: { repository: 'https://r.git' }, execution: { test_split: 0, artifacts: [{ key: 'k1' }, { key: 'k2' }] } },
    ]);
    expect(await project(['script', 'script.repository'])).toEqual([
      { script: { binary: 'python', repository: 'https://r.git', entry_point: '', requirements: {} } },
    ]);
    expect(await project(['hyperparams.Args.lr', 'hyperparams.Args.a%2Eb', 'configuration.design.value'])).toEqual([
      {
        hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1' }, 'a.b': { section: 'Args', name: 'a.b', value: 'dotted' } } },
        configuration: { design: { value: 'layers: 3' } },
      },
    ]);
    expect(await project(['execution.parameters.lr'])).toEqual([{ hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1' } } } }]);
  });

  it('excludes fields given with a - prefix and hides company_origin by default', async () => {
    const [doc] = await project(['-execution', '-script', '-hyperparams', '-configuration']);
    expect(doc).toMatchObject({ id: task.id, name: 'projected', status: 'in_progress' });
    for (const gone of ['execution', 'script', 'hyperparams', 'configuration', 'company_origin']) expect(doc).not.toHaveProperty(gone);
    expect(await project(['name', '-name'])).toEqual([{}]);
  });

  it('reads only the columns the projection needs', async () => {
    sqlLog.length = 0;
    await project(['name', 'status']);
    const listing = sqlLog.find((sql) => sql.includes('FROM "task"') && sql.includes('AS "name"'))!;
    expect(listing).toBeDefined();
    expect(listing).not.toMatch(/"hyperparams" AS|"script_diff" AS|"last_metrics" AS/);
  });

  it.each([
    [['bogus'], [400, 14]],
    [['script.bogus'], [400, 14]],
    [['project.name'], [400, 14]], // joins are a get_all_ex feature
    [['hyperparams.Args.lr.value'], [400, 12]],
    [['configuration.a.b.c'], [400, 12]],
    [['execution.parameters.'], [400, 12]],
    [[''], [400, 12]],
  ])('%j fails with %j', async (only_fields, expected) => {
    expect(await failure(project(only_fields))).toEqual(expected);
  });

  it('accepts the `projection` alias and `x.*` paths', async () => {
    const { tasks } = await call(actor, 'get_all', { id: [task.id], projection: ['script.*'] });
    expect(tasks).toEqual([{ script: { binary: 'python', repository: 'https://r.git', entry_point: '', requirements: {} } }]);
  });
});

describe('tasks.get_all_ex', () => {
  it('returns references as {id} objects, always with the task id', async () => {
    const project = await seedProject(actor);
    const task = await seedTask(actor, { projectId: project.id });
    const { tasks } = await call(actor, 'get_all_ex', { id: [task.id], only_fields: ['name', 'project', 'user', 'company'] });
    expect(tasks).toEqual([
      { id: task.id, name: 'seeded task', project: { id: project.id }, user: { id: actor.userId }, company: { id: actor.companyId } },
    ]);
    const [full] = (await call(actor, 'get_all_ex', { id: [task.id] })).tasks;
    expect(full).toMatchObject({ id: task.id, project: { id: project.id }, user: { id: actor.userId }, company: { id: actor.companyId } });
    expect(full).not.toHaveProperty('company_origin');
  });

  it('joins referenced documents: project.name, user.name, <ref>.*', async () => {
    const project = await seedProject(actor, `joined ${newId().slice(0, 6)}`);
    const task = await seedTask(actor, { projectId: project.id });
    const { tasks } = await call(actor, 'get_all_ex', { id: [task.id], only_fields: ['project.name', 'user.name', 'company.name'] });
    expect(tasks).toEqual([
      {
        id: task.id,
        project: { id: project.id, name: project.name },
        user: { id: actor.userId, name: 'alice' },
        company: { id: actor.companyId, name: expect.any(String) },
      },
    ]);
    const [whole] = (await call(actor, 'get_all_ex', { id: [task.id], only_fields: ['project.*'] })).tasks;
    expect(whole.project).toMatchObject({
      id: project.id, name: project.name, company: actor.companyId, user: actor.userId, created: expect.stringMatching(ISO),
      tags: [], system_tags: [], featured: 9999,
    });
  });

  it('joins models in the caller scope only; others stay {id}', async () => {
    const model = (owner: Actor, name: string) =>
      db.model.create({ data: { id: newId(), companyId: owner.companyId, userId: owner.userId, name } });
    const [own, foreign] = await Promise.all([model(actor, 'own model'), model(other, 'foreign model')]);
    const task = await seedTask(actor, { inputModelId: own.id, outputModelId: foreign.id });
    const { tasks } = await call(actor, 'get_all_ex', {
      id: [task.id], only_fields: ['execution.model.name', 'output.model.name', 'name'],
    });
    expect(tasks).toEqual([
      { id: task.id, name: 'seeded task', execution: { model: { id: own.id, name: 'own model' } }, output: { model: { id: foreign.id } } },
    ]);
  });

  it('names unknown fields with 400/14', async () => {
    await expect(call(actor, 'get_all_ex', { only_fields: ['nope'] })).rejects.toMatchObject({ code: 400, subcode: 14, message: expect.stringContaining('object=Task') });
    await expect(call(actor, 'get_all_ex', { only_fields: ['-nope'] })).rejects.toMatchObject({ code: 400, subcode: 14 });
  });
});
