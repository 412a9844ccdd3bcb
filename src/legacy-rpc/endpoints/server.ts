// Legacy server.* endpoints (neighbours spec B.6.3): server.info (no credentials; the 2.8 handler
// adds the installation id) and report_stats_option. server.config, server.endpoints and
// server.get_stats (root/system only in the original) are not served.
import { getServerInfo, getStatsReportingOption } from '../../resolvers/server.ts';
import type { EndpointDefinition } from '../types.ts';

export const serverEndpoints: EndpointDefinition[] = [
  {
    name: 'server.info',
    minVersion: '1.0',
    auth: false,
    handler: async () => {
      const { version, build, commit } = await getServerInfo();
      return { version, build, commit };
    },
  },
  {
    name: 'server.info',
    minVersion: '2.8',
    auth: false,
    handler: async () => {
      const { version, build, commit, uid } = await getServerInfo();
      return { version, build, commit, uid };
    },
  },
  {
    // This gateway never sends usage statistics: the option is reported unsupported, and a request
    // to enable it changes nothing (the original answers the same way when reporting is unavailable).
    name: 'server.report_stats_option',
    minVersion: '1.0',
    handler: async () => ({ ...getStatsReportingOption() }),
  },
];
