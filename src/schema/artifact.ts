// Task artifacts: identity is (task, key, mode).
import { builder } from './builder.ts';
import { ArtifactMode } from '../generated/prisma/enums.ts';

const ArtifactModeInput = builder.enumType('ArtifactModeInput', {
  values: Object.fromEntries(Object.keys(ArtifactMode).map((m) => [m.toUpperCase(), { value: m }])) as Record<
    'INPUT' | 'OUTPUT',
    { value: 'input' | 'output' }
  >,
});

export const ArtifactRef = builder.prismaObject('TaskArtifact', {
  name: 'Artifact',
  fields: (t) => ({
    key: t.exposeString('key'),
    mode: t.field({ type: ArtifactModeInput, resolve: (a) => a.mode }),
    type: t.exposeString('type'),
    uri: t.exposeString('uri', { nullable: true }),
    hash: t.exposeString('hash', { nullable: true }),
    contentSize: t.float({
      nullable: true,
      description: 'Size in bytes',
      resolve: (a) => (a.contentSize === null ? null : Number(a.contentSize)),
    }),
    timestamp: t.float({
      nullable: true,
      description: 'Epoch time as the client sent it (the SDK sends seconds)',
      resolve: (a) => (a.timestamp === null ? null : Number(a.timestamp)),
    }),
    preview: t.string({ nullable: true, resolve: (a) => typeDataField(a.typeData, 'preview') }),
    contentType: t.string({ nullable: true, resolve: (a) => typeDataField(a.typeData, 'contentType') }),
    dataHash: t.string({ nullable: true, resolve: (a) => typeDataField(a.typeData, 'dataHash') }),
    displayData: t.field({ type: 'JSON', nullable: true, resolve: (a) => a.displayData }),
  }),
});

function typeDataField(typeData: unknown, key: 'preview' | 'contentType' | 'dataHash'): string | null {
  if (!typeData || typeof typeData !== 'object') return null;
  const value = (typeData as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

export const ArtifactInputRef = builder.inputType('ArtifactInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    type: t.string({ required: true }),
    mode: t.field({ type: ArtifactModeInput, required: false, defaultValue: 'output' }),
    uri: t.string(),
    hash: t.string(),
    contentSize: t.float(),
    timestamp: t.float(),
    preview: t.string(),
    contentType: t.string(),
    dataHash: t.string(),
    displayData: t.field({ type: 'JSON' }),
  }),
});
