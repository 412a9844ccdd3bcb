// Offset-paged Relay connections (projects, users): Pothos' resolveOffsetConnection, with the
// `after`/`before` cursors checked first, so a cursor this server never gave out is refused as
// INVALID_INPUT naming its argument (Pothos says only "Invalid base64 string", and reads a
// well-formed prefix with a non-numeric offset as NaN).
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { ValidationError } from '../resolvers/errors.ts';

type OffsetArgs = { after?: string | null; before?: string | null; first?: number | null; last?: number | null };
type Window = { offset: number; limit: number };

const BASE64 = /^(?:[\d+/A-Za-z]{4})*(?:[\d+/A-Za-z]{2}==|[\d+/A-Za-z]{3}=)?$/;
const OFFSET_CURSOR = /^OffsetConnection:(0|[1-9]\d{0,14})$/;

function checkCursor(field: 'after' | 'before', cursor: string | null | undefined): void {
  if (cursor == null) return;
  const text = BASE64.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  if (!OFFSET_CURSOR.test(text)) throw new ValidationError(field, 'not a cursor of this list');
}

export function offsetConnection<T>(args: OffsetArgs, page: (window: Window) => Promise<readonly T[]>) {
  checkCursor('after', args.after);
  checkCursor('before', args.before);
  return resolveOffsetConnection({ args }, page);
}
