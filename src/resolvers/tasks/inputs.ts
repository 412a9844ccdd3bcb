// Domain input shapes for writing tasks, shared by GraphQL and the legacy adapter, and their
// translation into Prisma data. Validation rules of legacy spec §5.2.5 live here.
import type { Prisma, TaskType } from '../../generated/prisma/client.ts';
import { ValidationError } from '../errors.ts';
import type { ArtifactInput } from './artifacts.ts';
import type { Configuration, HyperParams } from './hyperparams.ts';

export const taskTypes = [
  'training',
  'testing',
  'inference',
  'data_processing',
  'application',
  'monitor',
  'controller',
  'optimizer',
  'service',
  'qc',
  'custom',
] as const satisfies readonly TaskType[];

export interface ScriptInput {
  binary?: string | null;
  repository?: string | null;
  tag?: string | null;
  branch?: string | null;
  versionNum?: string | null;
  entryPoint?: string | null;
  workingDir?: string | null;
  requirements?: Record<string, unknown> | null;
  diff?: string | null;
}

export interface ExecutionInput {
  testSplit?: number | null;
  parameters?: Record<string, unknown> | null;
  modelId?: string | null;
  modelDesc?: Record<string, unknown> | null;
  modelLabels?: Record<string, number | null> | null;
  framework?: string | null;
  dockerCmd?: string | null;
  artifacts?: ArtifactInput[] | null;
  queueId?: string | null;
}

/** Fields a client may write on a task (create, edit, clone overrides). */
export interface TaskFieldsInput {
  name?: string | null;
  type?: TaskType | null;
  comment?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  parentId?: string | null;
  projectId?: string | null;
  outputDestination?: string | null;
  execution?: ExecutionInput | null;
  script?: ScriptInput | null;
  hyperparams?: HyperParams | null;
  configuration?: Configuration | null;
  /**
   * Flat parameters of the pre-2.9 model (legacy `execution.parameters`): stored as hyper-parameter
   * items of type "legacy" (neighbours spec A.4 step 1), never in `execution.parameters`. On edit
   * (even `{}`) they replace every stored legacy item.
   */
  legacyParameters?: Record<string, unknown> | null;
  /** Legacy `execution.model_desc`: stored as "legacy" configuration items, like legacyParameters. */
  legacyModelDesc?: Record<string, unknown> | null;
}

export interface CreateTaskInput extends TaskFieldsInput {
  name: string;
  type: TaskType;
}

export function checkTags(field: string, tags: unknown): string[] | undefined {
  if (tags === undefined || tags === null) return undefined;
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) {
    throw new ValidationError(field, 'expecting list of strings', 'INVALID_FIELD_VALUE');
  }
  const bad = tags.filter((t: string) => t.startsWith('__$'));
  if (bad.length > 0) {
    throw new ValidationError(field, `unsupported tag prefix: ${bad.join(', ')}`, 'INVALID_FIELD_VALUE');
  }
  return tags as string[];
}

export function checkType(type: unknown): TaskType {
  if (typeof type !== 'string' || !(taskTypes as readonly string[]).includes(type)) {
    throw new ValidationError('type', `must be one of ${taskTypes.join(', ')}`, 'INVALID_INPUT');
  }
  return type as TaskType;
}

/** Names are trimmed and must keep at least 3 characters (the legacy document rule). */
export function checkName(name: unknown): string {
  if (typeof name !== 'string') throw new ValidationError('name', 'must be a string', 'INVALID_INPUT');
  const trimmed = name.trim();
  if (trimmed.length < 3) {
    throw new ValidationError('name', 'must have at least 3 characters', 'DATA_VALIDATION');
  }
  return trimmed;
}

const trim = (v: string | null | undefined) => (typeof v === 'string' ? v.trim() : v);

/** Script members → columns (string members trimmed); only the members present are written. */
export function scriptData(script: ScriptInput): Prisma.TaskUpdateManyMutationInput {
  const data: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) data[key] = value;
  };
  set('scriptBinary', script.binary === null ? 'python' : trim(script.binary));
  set('scriptRepository', script.repository === null ? '' : trim(script.repository));
  set('scriptTag', trim(script.tag));
  set('scriptBranch', trim(script.branch));
  set('scriptVersionNum', trim(script.versionNum));
  set('scriptEntryPoint', script.entryPoint === null ? '' : trim(script.entryPoint));
  set('scriptWorkingDir', trim(script.workingDir));
  set('scriptRequirements', script.requirements === null ? {} : script.requirements);
  set('scriptDiff', script.diff);
  return data;
}

/** Execution members → columns (artifacts and model reference are handled by the caller). */
export function executionData(execution: ExecutionInput): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) data[key] = value;
  };
  if (execution.testSplit !== undefined && execution.testSplit !== null && !Number.isInteger(execution.testSplit)) {
    throw new ValidationError('execution.test_split', 'must be an integer', 'INVALID_INPUT');
  }
  set('testSplit', execution.testSplit === null ? 0 : execution.testSplit);
  set('parameters', execution.parameters === null ? {} : execution.parameters);
  set('modelDesc', execution.modelDesc === null ? {} : execution.modelDesc);
  set('modelLabels', execution.modelLabels === null ? {} : execution.modelLabels);
  set('framework', execution.framework);
  set('dockerCmd', execution.dockerCmd);
  if (execution.modelLabels) {
    const values = Object.values(execution.modelLabels).filter((v) => v !== null);
    if (values.some((v) => !Number.isInteger(v))) {
      throw new ValidationError('execution.model_labels', 'label values must be integers', 'INVALID_INPUT');
    }
    if (new Set(values).size !== values.length) {
      throw new ValidationError('execution.model_labels', 'label values must be unique', 'INVALID_INPUT');
    }
  }
  return data;
}

export function checkHyperParams(hyperparams: unknown): HyperParams | undefined {
  if (hyperparams === undefined || hyperparams === null) return undefined;
  if (typeof hyperparams !== 'object' || Array.isArray(hyperparams)) {
    throw new ValidationError('hyperparams', 'must be an object of sections', 'INVALID_INPUT');
  }
  for (const [section, items] of Object.entries(hyperparams)) {
    if (!section.trim()) throw new ValidationError('hyperparams', 'section names cannot be empty', 'DATA_VALIDATION');
    if (typeof items !== 'object' || items === null || Array.isArray(items)) {
      throw new ValidationError(`hyperparams.${section}`, 'must be an object of parameters', 'INVALID_INPUT');
    }
    for (const [name, item] of Object.entries(items as Record<string, unknown>)) {
      const path = `hyperparams.${section}.${name}`;
      if (!name.trim()) throw new ValidationError(`hyperparams.${section}`, 'parameter names cannot be empty', 'DATA_VALIDATION');
      if (typeof item !== 'object' || item === null) throw new ValidationError(path, 'must be an object', 'INVALID_INPUT');
      const { section: s, name: n, value } = item as Record<string, unknown>;
      if (typeof s !== 'string' || typeof n !== 'string' || typeof value !== 'string') {
        throw new ValidationError(path, 'items need string section, name and value', 'DATA_VALIDATION');
      }
    }
  }
  return hyperparams as HyperParams;
}

export function checkConfiguration(configuration: unknown): Configuration | undefined {
  if (configuration === undefined || configuration === null) return undefined;
  if (typeof configuration !== 'object' || Array.isArray(configuration)) {
    throw new ValidationError('configuration', 'must be an object of items', 'INVALID_INPUT');
  }
  for (const [name, item] of Object.entries(configuration)) {
    const path = `configuration.${name}`;
    if (!name.trim()) throw new ValidationError('configuration', 'names cannot be empty', 'DATA_VALIDATION');
    if (typeof item !== 'object' || item === null) throw new ValidationError(path, 'must be an object', 'INVALID_INPUT');
    const { name: n, value } = item as Record<string, unknown>;
    if (typeof n !== 'string' || typeof value !== 'string') {
      throw new ValidationError(path, 'items need string name and value', 'DATA_VALIDATION');
    }
  }
  return configuration as Configuration;
}
