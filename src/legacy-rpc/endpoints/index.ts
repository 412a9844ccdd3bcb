// Every legacy endpoint the server registers, and the request validator compiled from the HOCON
// schemas. Loading fails (and the server refuses to start) when an endpoint has no schema.
import type { ValidateRequest } from '../router.ts';
import { assertSchemasFor, loadLegacySchemas } from '../schemas.ts';
import type { EndpointDefinition } from '../types.ts';
import { authEndpoints } from './auth.ts';
import { projectEndpoints } from './projects.ts';
import { taskEndpoints } from './tasks.ts';
import { debugEndpoints } from './debug.ts';
import { eventMetricEndpoints } from './events-metrics.ts';
import { modelEndpoints } from './models.ts';
import { organizationEndpoints } from './organization.ts';
import { queueEndpoints } from './queues.ts';
import { serverEndpoints } from './server.ts';
import { userEndpoints } from './users.ts';
import { workerEndpoints } from './workers.ts';
import { eventWriteEndpoints } from './events.ts';

export const legacyEndpoints: readonly EndpointDefinition[] = [
  ...authEndpoints,
  ...projectEndpoints,
  ...taskEndpoints,
  ...modelEndpoints,
  ...organizationEndpoints,
  ...userEndpoints,
  ...serverEndpoints,
  ...debugEndpoints,
  ...queueEndpoints,
  ...workerEndpoints,
  ...eventMetricEndpoints,
  ...eventWriteEndpoints,
];

const schemas = await loadLegacySchemas();
assertSchemasFor(schemas, legacyEndpoints.map((endpoint) => endpoint.name));

/** HOCON-schema request validation: parsed and compiled once, at start-up. */
export const validateLegacyRequest: ValidateRequest = (endpoint, version, body) =>
  schemas.validate(endpoint, version, body);
