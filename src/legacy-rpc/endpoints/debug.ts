// Legacy debug.ping (neighbours spec B.6.4): a liveness check that needs no credentials.
import type { EndpointDefinition } from '../types.ts';

export const PING_MESSAGE = 'Because it trains cats and dogs';

export const debugEndpoints: EndpointDefinition[] = [
  // Registered without a version in the original (handler 1.0, schema 2.9).
  { name: 'debug.ping', minVersion: '1.0', auth: false, handler: async () => ({ msg: PING_MESSAGE }) },
];
