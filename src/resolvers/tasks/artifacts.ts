// A task's artifacts (legacy tasks spec §4.3, §5.2.24): rows of task_artifact identified by
// (task, key, mode), with `position` keeping the order clients sent. Validation, whole-list
// replacement for create/edit/clone, removal for reset, and add-or-update. Talks to Prisma.
import { db, type Prisma } from '../../db.ts';
import type { Actor } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { getWritableTask, type Tx } from './access.ts';

export type ArtifactMode = 'input' | 'output';

export interface ArtifactTypeData {
  preview?: string;
  contentType?: string;
  dataHash?: string;
}

export interface ArtifactInput {
  key: string;
  type: string;
  /** Default `output`. */
  mode?: ArtifactMode;
  uri?: string | null;
  hash?: string | null;
  contentSize?: number | bigint | null;
  /** Epoch time (the SDK sends seconds). */
  timestamp?: number | bigint | null;
  typeData?: ArtifactTypeData | null;
  displayData?: unknown[][] | null;
}

export interface AddOrUpdateArtifactsInput {
  taskId: string;
  artifacts: ArtifactInput[];
}

const modes: readonly ArtifactMode[] = ['input', 'output'];

/**
 * Adds artifacts to an own task or replaces those with the same (key, mode) entirely. Replaced
 * artifacts keep their place in the list, new ones are appended in request order; a pair repeated
 * in the request is written once with its last value. Any status; last_update is not touched.
 * An empty list returns at once, without looking the task up. Runs in one transaction holding the
 * task's row lock, so concurrent calls serialise.
 * Throws ValidationError (INVALID_INPUT, e.g. field `artifacts[2].key`), TaskNotFoundError,
 * PublicReadOnlyError.
 * @returns the keys appended and the keys replaced, each in request order.
 */
export async function addOrUpdateArtifacts(
  actor: Actor,
  input: AddOrUpdateArtifactsInput,
): Promise<{ added: string[]; updated: string[] }> {
  if (!input.artifacts || input.artifacts.length === 0) return { added: [], updated: [] };
  const artifacts = uniqueArtifacts(checkArtifacts(input.artifacts));
  return db.$transaction(async (tx) => {
    const task = await getWritableTask(actor, input.taskId, tx, true);
    const existing = await tx.taskArtifact.findMany({
      where: { taskId: task.id },
      select: { key: true, mode: true, position: true },
    });
    const positions = new Map(existing.map((a) => [pairId(a.key, a.mode), a.position]));
    let next = existing.reduce((max, a) => Math.max(max, a.position), -1) + 1;
    const added: string[] = [];
    const updated: ArtifactRow[] = [];
    const rows = artifacts.map((artifact) => {
      const position = positions.get(pairId(artifact.key, artifact.mode));
      const row = toRow(task.id, artifact, position ?? next++);
      if (position === undefined) added.push(artifact.key);
      else updated.push(row);
      return row;
    });
    if (updated.length > 0) {
      await tx.taskArtifact.deleteMany({
        where: { taskId: task.id, OR: updated.map(({ key, mode }) => ({ key, mode })) },
      });
    }
    await tx.taskArtifact.createMany({ data: rows });
    return { added, updated: updated.map((row) => row.key) };
  });
}

/**
 * Replaces a task's whole artifact list with `artifacts` (list order kept; a repeated (key, mode)
 * keeps its first place and last value). Runs inside the caller's transaction, which is expected
 * to have checked write access. Throws ValidationError (INVALID_INPUT).
 */
export async function replaceArtifacts(
  tx: Tx,
  taskId: string,
  artifacts: readonly ArtifactInput[],
): Promise<void> {
  const rows = toArtifactRows(taskId, artifacts);
  await tx.taskArtifact.deleteMany({ where: { taskId } });
  if (rows.length > 0) await tx.taskArtifact.createMany({ data: rows });
}

/** Deletes a task's output artifacts (`output`, as reset does) or all of them; returns how many. */
export async function removeArtifacts(
  tx: Tx,
  taskId: string,
  mode: 'output' | 'all',
): Promise<number> {
  const { count } = await tx.taskArtifact.deleteMany({
    where: { taskId, ...(mode === 'output' ? { mode: 'output' as const } : {}) },
  });
  return count;
}

/**
 * Validated, de-duplicated rows for task_artifact, positioned from `firstPosition` in list order.
 * Throws ValidationError (INVALID_INPUT).
 */
export function toArtifactRows(
  taskId: string,
  artifacts: readonly ArtifactInput[],
  firstPosition = 0,
): Prisma.TaskArtifactCreateManyInput[] {
  return uniqueArtifacts(checkArtifacts(artifacts)).map((a, i) =>
    toRow(taskId, a, firstPosition + i),
  );
}

/**
 * Checks an artifact list: `key` and `type` non-empty strings, `mode` input/output (default
 * output), optional members of the right type. Returns normalised copies (mode filled in, unset members
 * null). Throws ValidationError (INVALID_INPUT) naming the member, e.g. `artifacts[2].key`.
 */
export function checkArtifacts(
  artifacts: readonly ArtifactInput[],
  field = 'artifacts',
): (ArtifactInput & { mode: ArtifactMode })[] {
  if (!Array.isArray(artifacts)) {
    throw new ValidationError(field, 'must be a list', 'INVALID_INPUT');
  }
  return artifacts.map((artifact: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(artifact)) throw new ValidationError(at, 'must be an object', 'INVALID_INPUT');
    const mode = artifact.mode ?? 'output';
    if (!modes.includes(mode as ArtifactMode)) {
      throw new ValidationError(
        `${at}.mode`,
        `must be one of ${modes.join(', ')}`,
        'INVALID_INPUT',
      );
    }
    return {
      key: requiredString(`${at}.key`, artifact.key),
      type: requiredString(`${at}.type`, artifact.type),
      mode: mode as ArtifactMode,
      uri: optionalString(`${at}.uri`, artifact.uri),
      hash: optionalString(`${at}.hash`, artifact.hash),
      contentSize: optionalInteger(`${at}.content_size`, artifact.contentSize),
      timestamp: optionalInteger(`${at}.timestamp`, artifact.timestamp),
      typeData: checkTypeData(`${at}.type_data`, artifact.typeData),
      displayData: checkDisplayData(`${at}.display_data`, artifact.displayData),
    };
  });
}

type ArtifactRow = Prisma.TaskArtifactCreateManyInput & { key: string; mode: ArtifactMode };

function toRow(
  taskId: string,
  a: ArtifactInput & { mode: ArtifactMode },
  position: number,
): ArtifactRow {
  const row: ArtifactRow = {
    taskId,
    key: a.key,
    mode: a.mode,
    type: a.type,
    uri: a.uri ?? null,
    hash: a.hash ?? null,
    contentSize: a.contentSize == null ? null : BigInt(a.contentSize),
    timestamp: a.timestamp == null ? null : BigInt(a.timestamp),
    position,
  };
  // Json columns take Prisma.DbNull rather than null; leaving them out stores NULL.
  if (a.typeData != null) row.typeData = a.typeData as Prisma.InputJsonObject;
  if (a.displayData != null) row.displayData = a.displayData as Prisma.InputJsonArray;
  return row;
}

/** One entry per (key, mode): first position, last value. */
function uniqueArtifacts<T extends { key: string; mode: ArtifactMode }>(
  artifacts: readonly T[],
): T[] {
  const byPair = new Map<string, T>();
  for (const a of artifacts) byPair.set(pairId(a.key, a.mode), a);
  return [...byPair.values()];
}

const pairId = (key: string, mode: string) => JSON.stringify([key, mode]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function requiredString(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(field, 'must be a non-empty string', 'INVALID_INPUT');
  }
  return value;
}

function optionalString(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw new ValidationError(field, 'must be a string', 'INVALID_INPUT');
  }
  return value;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function optionalInteger(field: string, value: unknown): bigint | null {
  if (value === undefined || value === null) return null;
  const ok =
    (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) ||
    (typeof value === 'number' && Number.isSafeInteger(value));
  if (!ok) throw new ValidationError(field, 'must be a 64-bit integer', 'INVALID_INPUT');
  return BigInt(value as number | bigint);
}

function checkTypeData(field: string, value: unknown): ArtifactTypeData | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new ValidationError(field, 'must be an object', 'INVALID_INPUT');
  const result: ArtifactTypeData = {};
  for (const member of ['preview', 'contentType', 'dataHash'] as const) {
    const v = value[member];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') {
      throw new ValidationError(`${field}.${member}`, 'must be a string', 'INVALID_INPUT');
    }
    result[member] = v;
  }
  return result;
}

function checkDisplayData(field: string, value: unknown): unknown[][] | null {
  if (value === undefined || value === null) return null;
  const valid =
    Array.isArray(value) &&
    value.every(
      (row) =>
        Array.isArray(row) &&
        row.every((cell) => typeof cell === 'string' || Number.isFinite(cell)),
    );
  if (!valid) {
    throw new ValidationError(
      field,
      'must be a list of lists of numbers or strings',
      'INVALID_INPUT',
    );
  }
  return value as unknown[][];
}
