// Projects group tasks (full project service arrives with the neighbour services).
import { builder } from './builder.ts';

builder.prismaObject('Project', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    company: t.exposeString('companyId', { nullable: true }),
    user: t.exposeString('userId'),
    created: t.expose('created', { type: 'DateTime' }),
    lastUpdate: t.expose('lastUpdate', { type: 'DateTime' }),
    tags: t.exposeStringList('tags'),
    systemTags: t.exposeStringList('systemTags'),
    defaultOutputDestination: t.exposeString('defaultOutputDestination', { nullable: true }),
  }),
});
