// GraphQL input types for task writes, and their translation to the domain's input shapes.
import { builder } from './builder.ts';
import { ArtifactInputRef } from './artifact.ts';
import { TaskStatusEnum, TaskTypeEnum } from './task.ts';
import type { ArtifactInput } from '../resolvers/tasks/artifacts.ts';
import type { Configuration, HyperParams } from '../resolvers/tasks/hyperparams.ts';
import type { ExecutionInput, ScriptInput } from '../resolvers/tasks/inputs.ts';

export const ScriptInputRef = builder.inputType('ScriptInput', {
  fields: (t) => ({
    binary: t.string(),
    repository: t.string(),
    tag: t.string(),
    branch: t.string(),
    versionNum: t.string(),
    entryPoint: t.string(),
    workingDir: t.string(),
    requirements: t.field({ type: 'JSONObject' }),
    diff: t.string(),
  }),
});

export const ExecutionInputRef = builder.inputType('ExecutionInput', {
  fields: (t) => ({
    testSplit: t.int(),
    modelId: t.id({ description: 'Input model id' }),
    modelDesc: t.field({ type: 'JSONObject' }),
    modelLabels: t.field({ type: 'JSONObject', description: 'label → integer id (unique)' }),
    framework: t.string(),
    dockerCmd: t.string(),
    artifacts: t.field({ type: [ArtifactInputRef], description: 'Replaces the whole artifact list' }),
  }),
});

export const HyperParamInputRef = builder.inputType('HyperParamInput', {
  fields: (t) => ({
    section: t.string({ required: true }),
    name: t.string({ required: true }),
    value: t.string({ required: true }),
    type: t.string(),
    description: t.string(),
  }),
});

export const ConfigurationItemInputRef = builder.inputType('ConfigurationItemInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    value: t.string({ required: true }),
    type: t.string(),
    description: t.string(),
  }),
});

export const CreateTaskInputRef = builder.inputType('CreateTaskInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.field({ type: TaskTypeEnum, required: true }),
    comment: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
    parentId: t.id(),
    projectId: t.id(),
    outputDestination: t.string(),
    script: t.field({ type: ScriptInputRef }),
    execution: t.field({ type: ExecutionInputRef }),
    hyperparams: t.field({ type: [HyperParamInputRef] }),
    configuration: t.field({ type: [ConfigurationItemInputRef] }),
  }),
});

export const EditTaskInputRef = builder.inputType('EditTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    force: t.boolean({ description: 'Edit a task that is not in status CREATED' }),
    name: t.string(),
    type: t.field({ type: TaskTypeEnum }),
    comment: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
    parentId: t.id(),
    projectId: t.id(),
    outputDestination: t.string(),
    script: t.field({ type: ScriptInputRef, description: 'Given members replace stored ones' }),
    execution: t.field({ type: ExecutionInputRef, description: 'Given members replace stored ones' }),
    hyperparams: t.field({ type: [HyperParamInputRef], description: 'Replaces all hyper-parameters' }),
    configuration: t.field({ type: [ConfigurationItemInputRef], description: 'Replaces the whole configuration' }),
  }),
});

export const UpdateTaskInputRef = builder.inputType('UpdateTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    name: t.string(),
    comment: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
    projectId: t.id(),
    outputError: t.string(),
  }),
});

export const CloneTaskInputRef = builder.inputType('CloneTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    name: t.string(),
    comment: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
    parentId: t.id(),
    projectId: t.id(),
    executionOverrides: t.field({ type: ExecutionInputRef, description: 'Deep-merged into the copied execution' }),
    hyperparams: t.field({ type: [HyperParamInputRef] }),
    configuration: t.field({ type: [ConfigurationItemInputRef] }),
    validateReferences: t.boolean(),
  }),
});

export const StatusChangeInputRef = builder.inputType('TaskStatusChangeInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    force: t.boolean({ description: 'Skip the state-machine check (the compare-and-set still applies)' }),
    statusReason: t.string(),
    statusMessage: t.string(),
    expectedStatus: t.field({
      type: TaskStatusEnum,
      description: 'Apply only if the task is still in this status, else STATUS_CONFLICT',
    }),
  }),
});

type Nullable<T> = T | null | undefined;
interface GqlArtifact {
  key: string;
  type: string;
  mode?: Nullable<'input' | 'output'>;
  uri?: Nullable<string>;
  hash?: Nullable<string>;
  contentSize?: Nullable<number>;
  timestamp?: Nullable<number>;
  preview?: Nullable<string>;
  contentType?: Nullable<string>;
  dataHash?: Nullable<string>;
  displayData?: unknown;
}

export const toArtifacts = (artifacts: Nullable<GqlArtifact[]>): ArtifactInput[] | undefined =>
  artifacts?.map((a) => ({
    key: a.key,
    type: a.type,
    mode: a.mode ?? 'output',
    uri: a.uri,
    hash: a.hash,
    contentSize: a.contentSize,
    timestamp: a.timestamp,
    typeData:
      a.preview != null || a.contentType != null || a.dataHash != null
        ? { preview: a.preview ?? undefined, contentType: a.contentType ?? undefined, dataHash: a.dataHash ?? undefined }
        : null,
    displayData: (a.displayData ?? null) as ArtifactInput['displayData'],
  }));

interface GqlItem {
  section?: string;
  name: string;
  value: string;
  type?: Nullable<string>;
  description?: Nullable<string>;
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

export function toHyperParams(items: Nullable<(GqlItem & { section: string })[]>): HyperParams | undefined {
  if (!items) return undefined;
  const map: HyperParams = {};
  for (const item of items) (map[item.section] ??= {})[item.name] = defined({ ...item }) as HyperParams[string][string];
  return map;
}

export function toConfiguration(items: Nullable<GqlItem[]>): Configuration | undefined {
  if (!items) return undefined;
  return Object.fromEntries(items.map((item) => [item.name, defined({ ...item }) as Configuration[string]]));
}

export function toExecution(
  execution: Nullable<{
    testSplit?: Nullable<number>;
    modelId?: Nullable<string | number>;
    modelDesc?: Nullable<Record<string, unknown>>;
    modelLabels?: Nullable<Record<string, unknown>>;
    framework?: Nullable<string>;
    dockerCmd?: Nullable<string>;
    artifacts?: Nullable<GqlArtifact[]>;
  }>,
): ExecutionInput | undefined {
  if (!execution) return undefined;
  return {
    testSplit: execution.testSplit ?? undefined,
    modelId: execution.modelId === undefined ? undefined : execution.modelId === null ? null : String(execution.modelId),
    modelDesc: execution.modelDesc ?? undefined,
    modelLabels: (execution.modelLabels ?? undefined) as ExecutionInput['modelLabels'],
    framework: execution.framework ?? undefined,
    dockerCmd: execution.dockerCmd ?? undefined,
    artifacts: toArtifacts(execution.artifacts),
  };
}

export const toScript = (script: Nullable<ScriptInput>): ScriptInput | undefined => (script ? defined(script) : undefined);

/** Drops nulls GraphQL passes for omitted optional fields. */
export const compact = defined;
