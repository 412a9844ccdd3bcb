// Every legacy endpoint the server registers, and the request validator (when one is wired).
import type { ValidateRequest } from '../router.ts';
import type { EndpointDefinition } from '../types.ts';
import { authEndpoints } from './auth.ts';

export const legacyEndpoints: readonly EndpointDefinition[] = [...authEndpoints];

/** HOCON-schema request validation; undefined until the schema module is wired in. */
export const validateLegacyRequest: ValidateRequest | undefined = undefined;
