// Offset-paged Relay connections (projects, users): Pothos' resolveOffsetConnection, with the
// `after`/`before` cursors checked first, so a cursor this server never gave out is refused as
// INVALID_INPUT naming its argument (Pothos says only "Invalid base64 string", and reads
// `OffsetConnection:abc` as a NaN offset and `OffsetConnection:1e3` as 1).
import { cursorToOffset, offsetToCursor, resolveOffsetConnection } from '@pothos/plugin-relay';
import { ValidationError } from '../resolvers/errors.ts';

type OffsetArgs = { after?: string | null; before?: string | null; first?: number | null; last?: number | null };
type Window = { offset: number; limit: number };

/** A cursor is one this list gives out: it decodes to an offset that encodes back to it. */
function checkCursor(field: 'after' | 'before', cursor: string | null | undefined): void {
  if (cursor == null) return;
  let offset = Number.NaN;
  try {
    offset = cursorToOffset(cursor);
  } catch {
    // not base64, or not an offset cursor: refused below
  }
  if (!(offset >= 0) || offsetToCursor(offset) !== cursor) throw new ValidationError(field, 'not a cursor of this list');
}

export function offsetConnection<T>(args: OffsetArgs, page: (window: Window) => Promise<readonly T[]>) {
  checkCursor('after', args.after);
  checkCursor('before', args.before);
  return resolveOffsetConnection({ args }, page);
}
