import { describe, expect, it } from 'vitest';
import { legacyCodeOf } from '../../src/legacy-rpc/error-codes.ts';
import { DomainError, InvalidStatusTransitionError, PublicReadOnlyError, StatusConflictError, TaskNotFoundError, ValidationError } from '../../src/resolvers/errors.ts';

describe('legacy error codes', () => {
  it.each([
    [new TaskNotFoundError('x'), [400, 101]],
    [new InvalidStatusTransitionError('x', 'created', 'stopped'), [400, 110]],
    [new StatusConflictError('x', 'created', 'queued'), [400, 121]],
    [new PublicReadOnlyError('task', ['x']), [403, 21]],
    [new ValidationError('task', 'field is required', 'INVALID_INPUT'), [400, 12]],
    [new ValidationError('page_size', 'required with page', 'MISSING_FIELD'), [400, 11]],
    [new ValidationError('name', 'bad regex', 'INVALID_REGEX'), [400, 21]],
    [new DomainError('TASK_NOT_QUEUED', 'not queued'), [400, 101]],
    [new DomainError('NO_DEFAULT_QUEUE', 'none'), [400, 707]],
    [new Error('boom'), [500, 0]],
    [null, [500, 0]],
  ])('%s → %j', (error, expected) => {
    expect(legacyCodeOf(error)).toEqual(expected);
  });
});
