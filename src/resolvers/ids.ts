import { randomUUID } from 'node:crypto';

/** A new object id in the legacy format: uuid4 hex without dashes (32 lowercase hex chars). */
export const newId = () => randomUUID().replaceAll('-', '');
