// Legacy organization.get_tags (neighbours spec B.6.1): tags of the caller's company's tasks and
// models, computed live by the tags domain service.
import { listOrganizationTags } from '../../resolvers/tags.ts';
import type { EndpointDefinition } from '../types.ts';
import { legacyTags, tagsQueryOf } from './projects.ts';

export const organizationEndpoints: EndpointDefinition[] = [
  {
    // Registered without a version in the original, so reachable below its 2.8 schema.
    name: 'organization.get_tags',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      const { projects: _ignored, ...query } = tagsQueryOf(body);
      return legacyTags(await listOrganizationTags(actor, query));
    },
  },
];
