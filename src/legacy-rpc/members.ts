// Readers of legacy request members shared by the endpoint modules: presence checks (the
// "required_fields" style, 400/11), integers (numbers or digit strings, else 400/12) and `order_by`
// as a list of strings (400/12).
import type { Row } from './convert.ts';
import { ApiError } from './types.ts';

/** 400/11 naming every member of `fields` that is absent (any value, `null` included, counts as present). */
export function requirePresent(body: Row, fields: string[]) {
  const missing = fields.filter((field) => !(field in body));
  if (missing.length > 0) throw new ApiError(400, 11, `Missing required fields: missing=(${missing.join(', ')})`);
}

/** An integer member (a number or a string of digits); undefined when absent or null. */
export function integerMember(body: Row, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new ApiError(400, 12, `Validation error (expected integer): field=${field}`);
  }
  return number;
}

/** `order_by` as given (a string or a list), every item a string; [] when absent. */
export function orderByStrings(body: Row): string[] {
  const orderBy = body.order_by === undefined || body.order_by === null ? [] : [body.order_by].flat();
  if (orderBy.some((item) => typeof item !== 'string')) {
    throw new ApiError(400, 12, 'Validation error (expected list of strings): field=order_by');
  }
  return orderBy as string[];
}
