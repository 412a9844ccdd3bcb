// The HOCON request schemas of the legacy RPC: coverage, includes, version picking and the
// request-model rules of tasks spec 1.8. No database involved.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assertSchemasFor,
  loadLegacySchemas,
  type LoadedLegacySchemas,
} from '../../src/legacy-rpc/schemas.ts';
import { legacyEndpoints } from '../../src/legacy-rpc/endpoints/index.ts';
import { ApiError } from '../../src/legacy-rpc/types.ts';

const taskEndpoints = [
  // tasks spec section 5
  'get_by_id', 'get_all', 'get_all_ex', 'get_types', 'create', 'validate', 'update',
  'update_batch', 'reset', 'delete', 'started', 'stop', 'stopped', 'failed', 'completed', 'close',
  'publish', 'enqueue', 'dequeue', 'set_requirements', 'edit', 'clone', 'ping',
  'add_or_update_artifacts', 'make_public', 'make_private',
  // neighbours spec A.7
  'get_hyper_params', 'edit_hyper_params', 'delete_hyper_params', 'get_configurations',
  'get_configuration_names', 'edit_configuration', 'delete_configuration',
].map((action) => `tasks.${action}`);
// Every endpoint the server registers must have a schema, and no schema may lack an endpoint.
const allEndpoints = [...new Set(legacyEndpoints.map((endpoint) => endpoint.name))].sort();

let schemas: LoadedLegacySchemas;
let tmp: string;

beforeAll(async () => {
  schemas = await loadLegacySchemas();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'legacy-schemas-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The 400/12 message of a failing validation (fails the test when validation passes). */
function rejection(endpoint: string, version: string, body: Record<string, unknown>) {
  try {
    schemas.validate(endpoint, version, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const { code, subcode, message } = error as ApiError;
    expect([code, subcode]).toEqual([400, 12]);
    return message;
  }
  throw new Error(`${endpoint} accepted ${JSON.stringify(body)}`);
}

function writeDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'dir-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('coverage', () => {
  it('has a schema for exactly the endpoints served, including every tasks.* endpoint', () => {
    expect(taskEndpoints).toHaveLength(33);
    for (const name of taskEndpoints) expect(allEndpoints).toContain(name);
    expect(schemas.endpoints()).toEqual(allEndpoints);
    for (const name of allEndpoints) expect(schemas.has(name)).toBe(true);
    expect(schemas.has('tasks.foo')).toBe(false);
  });

  it.each([
    ['tasks.get_by_id', ['2.1']],
    ['tasks.get_types', ['2.8']],
    ['tasks.create', ['2.1', '2.9']],
    ['tasks.validate', ['2.1', '2.9']],
    ['tasks.edit', ['2.1', '2.9']],
    ['tasks.clone', ['2.5', '2.9']],
    ['tasks.enqueue', ['1.5']],
    ['tasks.dequeue', ['1.5']],
    ['tasks.completed', ['2.2']],
    ['tasks.add_or_update_artifacts', ['2.6']],
    ['tasks.make_public', ['2.9']],
    ['tasks.make_private', ['2.9']],
    ['tasks.edit_hyper_params', ['2.9']],
    ['auth.login', ['2.1']],
    ['auth.logout', ['2.2']],
  ])('%s has schema versions %j', (endpoint, versions) => {
    expect(schemas.versions(endpoint)).toEqual(versions);
  });

  it('assertSchemasFor lists the endpoints without a schema', () => {
    expect(() => assertSchemasFor(schemas, allEndpoints)).not.toThrow();
    expect(() => assertSchemasFor(schemas, [...allEndpoints, 'tasks.foo', 'queues.peek_task'])).toThrow(
      /without a request schema: queues\.peek_task, tasks\.foo$/,
    );
  });

  it('refuses to validate an endpoint it has no schema for', () => {
    expect(() => schemas.validate('tasks.foo', '2.9', {})).toThrow(/No request schema/);
  });
});

describe('includes', () => {
  it('resolves the shared definitions of _common.conf', () => {
    // force, status_reason and status_message come from _references in _common.conf
    expect(schemas.validate('tasks.stopped', '2.9', { task: 't' })).toEqual({
      task: 't',
      force: false,
      status_reason: '',
      status_message: '',
    });
  });

  it('loads local includes, plain or wrapped, and skips "_" files as services', async () => {
    const dir = writeDir({
      '_shared.conf': '_refs { id { type: string } }',
      'more/_extra.conf': '_more { flag { type: boolean, default: true } }',
      'svc.conf': [
        'include "_shared.conf"',
        'include required(file("more/_extra.conf"))',
        'act { "2.1" { request { type: object, required: [id], properties { id = ${_refs.id}, flag = ${_more.flag} } } } }',
      ].join('\n'),
    });
    const loaded = await loadLegacySchemas(dir);
    expect(loaded.endpoints()).toEqual(['svc.act']);
    expect(loaded.validate('svc.act', '2.9', { id: 'x' })).toEqual({ id: 'x', flag: true });
  });

  it.each([
    ['a URL', 'include url("http://127.0.0.1:9/x.conf")'],
    ['an absolute path', 'include "<outside>"'],
    ['an absolute file()', 'include file("<outside>")'],
    ['a parent-relative path', 'include "../outside.conf"'],
    ['the module path', 'include classpath("x.conf")'],
    ['the object form', 'include { url: "http://127.0.0.1:9/x.conf" }'],
    ['the @ shorthand', 'a: @"x.conf"'],
    ['a substituted target', 'include ${where}'],
    ['a value-level include', 'a = include url("http://127.0.0.1:9/x.conf")'],
    ['a value transform', 'a: "x" | eval'],
  ])('refuses %s at load time', async (_label, directive) => {
    const outside = path.join(tmp, 'outside.conf');
    fs.writeFileSync(outside, 'x: 1');
    const dir = writeDir({
      'x.conf': 'y: 1',
      'svc.conf': `${directive.replace('<outside>', outside)}\nact { "2.1" { request { type: object } } }`,
    });
    await expect(loadLegacySchemas(dir)).rejects.toThrow(/include|not allowed/);
  });

  it('refuses a non-local include in an included file', async () => {
    const dir = writeDir({
      '_shared.conf': 'include url("http://127.0.0.1:9/x.conf")',
      'svc.conf': 'include "_shared.conf"\nact { "2.1" { request { type: object } } }',
    });
    await expect(loadLegacySchemas(dir)).rejects.toThrow(/_shared\.conf.*only local files/);
  });

  it('refuses a missing include and a malformed version block', async () => {
    const missing = writeDir({ 'svc.conf': 'include "_nope.conf"\nact { "2.1" { request {} } }' });
    await expect(loadLegacySchemas(missing)).rejects.toThrow(/no such file/);
    const noRequest = writeDir({ 'svc.conf': 'act { "2.1" { response { type: object } } }' });
    await expect(loadLegacySchemas(noRequest)).rejects.toThrow(/needs a request schema/);
    const typo = writeDir({ 'svc.conf': 'act { "2.1" { request { type: object, maximun: 3 } } }' });
    await expect(loadLegacySchemas(typo)).rejects.toThrow(/bad request schema/);
  });

  it('does not treat quoted or commented text as an include', async () => {
    const dir = writeDir({
      'svc.conf': [
        '// include url("http://127.0.0.1:9/x.conf") | @',
        '# include "/etc/x.conf"',
        'act { "2.1" { description: "include url(\\"x\\") | @", request { type: object,',
        '  description: """include "/x.conf" """ } } }',
      ].join('\n'),
    });
    expect((await loadLegacySchemas(dir)).endpoints()).toEqual(['svc.act']);
  });
});

describe('version picking', () => {
  it('tasks.edit: hyperparams is an unknown member at 2.8 and a typed one at 2.9', () => {
    const body = { task: 't', hyperparams: 'not an object' };
    expect(schemas.validate('tasks.edit', '2.8', body)).toEqual({ task: 't', force: false });
    expect(rejection('tasks.edit', '2.9', body)).toBe(
      "Validation error (error for field 'hyperparams'. must be of type object)",
    );
    const maps = { hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1' } } }, configuration: {} };
    expect(schemas.validate('tasks.edit', '2.9', { task: 't', ...maps })).toMatchObject(maps);
    expect(schemas.validate('tasks.edit', '2.10', { task: 't', ...maps })).toMatchObject(maps);
  });

  it('tasks.clone: new_hyperparams only from 2.9', () => {
    const body = { task: 't', new_hyperparams: { Args: {} } };
    expect(schemas.validate('tasks.clone', '2.5', body)).not.toHaveProperty('new_hyperparams');
    expect(schemas.validate('tasks.clone', '2.9', body)).toHaveProperty('new_hyperparams');
  });

  it('below every schema version the oldest one applies', () => {
    expect(schemas.validate('tasks.get_types', '1.0', {})).toEqual({ projects: [] });
    expect(schemas.validate('tasks.enqueue', '1.0', { task: 't', queue: 'q' })).toMatchObject({ queue: 'q' });
    expect(rejection('tasks.get_hyper_params', '2.0', { tasks: [] })).toMatch(/field 'tasks'/);
    expect(schemas.validate('tasks.create', '1.5', { name: 'abc', type: 'training', hyperparams: {} }))
      .toEqual({ name: 'abc', type: 'training' });
  });

  it('rejects a malformed version (the router resolves versions first)', () => {
    expect(() => schemas.validate('tasks.ping', 'v2', { task: 't' })).toThrow(/Not an API version/);
  });
});

describe('validation errors name the field', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ['tasks.get_by_id', '2.9', {}, "Validation error (error for field 'task'. field is required!)"],
    ['tasks.get_by_id', '2.9', { task: 5 }, "Validation error (error for field 'task'. must be of type string)"],
    ['tasks.stop', '2.1', { task: ['a'] }, "Validation error (error for field 'task'. must be of type string)"],
    ['tasks.create', '2.9', { name: 'abc', type: 'bogus' }, "Validation error (error for field 'type'. must be one of: training, testing, inference, data_processing, application, monitor, controller, optimizer, service, qc, custom)"],
    ['tasks.create', '2.9', { name: 'abc' }, "Validation error (error for field 'type'. field is required!)"],
    ['tasks.create', '2.9', { name: 'abc', type: 'training', execution: { artifacts: [{ type: 'model' }] } }, "Validation error (error for field 'execution.artifacts.0.key'. field is required!)"],
    ['tasks.add_or_update_artifacts', '2.9', { task: 't', artifacts: [{ key: 'a', type: 'b' }, { key: 'c' }] }, "Validation error (error for field 'artifacts.1.type'. field is required!)"],
    ['tasks.add_or_update_artifacts', '2.9', { task: 't', artifacts: [{ key: 'a', type: 'b', mode: 'both' }] }, "Validation error (error for field 'artifacts.0.mode'. must be one of: input, output)"],
    ['tasks.edit_hyper_params', '2.9', { task: 't', hyperparams: [{ section: 's', name: 'n', value: 'v' }], replace_hyperparams: 'some' }, "Validation error (error for field 'replace_hyperparams'. must be one of: none, section, all)"],
    ['tasks.edit_hyper_params', '2.9', { task: 't', hyperparams: [] }, "Validation error (error for field 'hyperparams'. must contain at least 1 item(s))"],
    ['tasks.edit_hyper_params', '2.9', { task: 't', hyperparams: [{ section: '', name: 'n', value: 'v' }] }, "Validation error (error for field 'hyperparams.0.section'. must not be empty)"],
    ['tasks.edit_hyper_params', '2.9', { task: 't', hyperparams: [{ section: 's', name: 'n', value: 1 }] }, "Validation error (error for field 'hyperparams.0.value'. must be of type string)"],
    ['tasks.delete_configuration', '2.9', { task: 't' }, "Validation error (error for field 'configuration'. field is required!)"],
    ['tasks.make_public', '2.9', { ids: [] }, "Validation error (error for field 'ids'. must contain at least 1 item(s))"],
    ['tasks.set_requirements', '2.9', { task: 't', requirements: 'numpy' }, "Validation error (error for field 'requirements'. must be of type object)"],
    ['auth.login', '2.9', { expiration_sec: 31536001 }, "Validation error (error for field 'expiration_sec'. must be <= 31536000)"],
    ['auth.login', '2.9', { expiration_sec: 'soon' }, "Validation error (error for field 'expiration_sec'. must be of type integer)"],
  ])('%s %s %j', (endpoint, version, body, message) => {
    expect(rejection(endpoint, version, body)).toBe(message);
  });

  it('accepts the edge values', () => {
    expect(schemas.validate('auth.login', '2.9', { expiration_sec: 31536000 })).toEqual({ expiration_sec: 31536000 });
    expect(schemas.validate('auth.logout', '2.9', {})).toEqual({});
    for (const mode of ['none', 'section', 'all']) {
      const body = { task: 't', hyperparams: [{ section: 's', name: 'n', value: '' }], replace_hyperparams: mode };
      expect(schemas.validate('tasks.edit_hyper_params', '2.9', body)).toEqual(body);
    }
  });
});

describe('request-model rules', () => {
  it('treats null as absent: defaults apply, required members are missing', () => {
    expect(schemas.validate('tasks.delete', '2.9', { task: 't', force: null, move_to_trash: null, status_reason: null }))
      .toEqual({ task: 't', force: false, move_to_trash: true });
    expect(schemas.validate('tasks.edit_hyper_params', '2.9', { task: 't', hyperparams: [{ section: 's', name: 'n', value: 'v' }], replace_hyperparams: null }))
      .toMatchObject({ replace_hyperparams: 'none' });
    expect(rejection('tasks.ping', '2.9', { task: null })).toBe(
      "Validation error (error for field 'task'. field is required!)",
    );
    expect(schemas.validate('tasks.delete_hyper_params', '2.9', { task: 't', hyperparams: [{ section: 's', name: null }] }))
      .toEqual({ task: 't', hyperparams: [{ section: 's' }] });
  });

  it('keeps null inside free-form maps (parameter values, model labels)', () => {
    const execution = { model: null, parameters: { lr: null }, model_labels: { cat: null } };
    expect(schemas.validate('tasks.create', '2.9', { name: 'abc', type: 'training', execution }))
      .toEqual({ name: 'abc', type: 'training', execution: { parameters: { lr: null }, model_labels: { cat: null } } });
  });

  it.each<[unknown, boolean]>([
    [true, true], [false, false], ['false', true], ['true', true], ['0', true], ['', false],
    [0, false], [1, true], [-1, true], [0.0, false], [[], false], [[0], true], [{}, false], [{ a: 1 }, true],
  ])('coerces boolean member %j by Python truthiness to %s', (given, expected) => {
    expect(schemas.validate('tasks.reset', '2.9', { task: 't', force: given, clear_all: given }))
      .toMatchObject({ force: expected, clear_all: expected });
  });

  it('coerces booleans nested in lists of items and integers the way int() does', () => {
    expect(schemas.validate('auth.login', '2.9', { expiration_sec: '3600' })).toEqual({ expiration_sec: 3600 });
    expect(schemas.validate('auth.login', '2.9', { expiration_sec: 59.9 })).toEqual({ expiration_sec: 59 });
    const artifacts = [{ key: 'a', type: 'b', content_size: '12', timestamp: 1_600_000_000.5 }];
    expect(schemas.validate('tasks.add_or_update_artifacts', '2.9', { task: 't', artifacts }))
      .toEqual({ task: 't', artifacts: [{ key: 'a', type: 'b', mode: 'output', content_size: 12, timestamp: 1_600_000_000 }] });
  });

  it('drops unknown top-level members of typed requests', () => {
    const body = { name: 'abc', type: 'testing', input: { view: {} }, status: 'queued', created: 'x', project: 'p' };
    expect(schemas.validate('tasks.create', '2.9', body)).toEqual({ name: 'abc', type: 'testing', project: 'p' });
    expect(schemas.validate('tasks.ping', '2.9', { task: 't', extra: [1, 2] })).toEqual({ task: 't' });
    expect(schemas.validate('auth.logout', '2.9', { anything: 1 })).toEqual({});
  });

  it('keeps undescribed members of nested objects (execution, script)', () => {
    const execution = { parameters: { a: 1 }, unknown_setting: 'kept' };
    const script = { repository: 'r', entry_point: 'e.py', extra: true };
    expect(schemas.validate('tasks.edit', '2.9', { task: 't', execution, script }))
      .toEqual({ task: 't', force: false, execution, script });
  });

  it('passes free-form requests through untouched (list checks are the handler\'s)', () => {
    const body = { tags: 'not-a-list', page: null, only_fields: ['id'], unknown: 1 };
    expect(schemas.validate('tasks.get_all', '2.9', body)).toEqual(body);
    expect(schemas.validate('tasks.get_all_ex', '2.9', body)).toEqual(body);
    expect(schemas.validate('tasks.update_batch', '2.9', { task: 't', name: 'n' })).toEqual({ task: 't', name: 'n' });
  });

  it('leaves tag shape checks to the handler (400/16) but types list items', () => {
    expect(schemas.validate('tasks.create', '2.9', { name: 'abc', type: 'training', tags: 'x' })).toMatchObject({ tags: 'x' });
    expect(rejection('tasks.create', '2.9', { name: 'abc', type: 'training', tags: ['a', 3] })).toMatch(/field 'tags\.1'/);
    expect(rejection('tasks.clone', '2.9', { task: 't', new_task_tags: 'x' })).toMatch(/field 'new_task_tags'/);
  });

  it('does not modify the request it is given', () => {
    const body = { task: 't', force: 'yes', status_reason: null, artifacts: [{ key: 'a', type: 'b' }], junk: 1 };
    const copy = structuredClone(body);
    schemas.validate('tasks.add_or_update_artifacts', '2.9', body);
    schemas.validate('tasks.stop', '2.9', body);
    expect(body).toEqual(copy);
  });
});

describe('cost per request', () => {
  it('parses and compiles only at load: validate never calls the HOCON parser', async () => {
    const hocon = createRequire(import.meta.url)('@pushcorn/hocon-parser') as { parse: (...a: unknown[]) => unknown };
    const parse = vi.spyOn(hocon, 'parse');
    try {
      expect(await loadLegacySchemas()).toBe(schemas); // loaded once per directory
      const body = { name: 'train', type: 'training', tags: ['a'], execution: { parameters: { lr: 0.1 } } };
      for (let i = 0; i < 10_000; i++) {
        schemas.validate('tasks.create', '2.9', body);
        schemas.validate('tasks.stopped', '2.9', { task: 't', force: 'false' });
      }
      expect(parse).not.toHaveBeenCalled(); // (the speed itself is measured by bench/, not by a timed test)
      // the spy does see the loader's calls
      await loadLegacySchemas(writeDir({ 'svc.conf': 'act { "2.1" { request { type: object } } }' }));
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
