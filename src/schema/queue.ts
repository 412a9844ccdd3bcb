// Queues hold tasks waiting for a worker, in order.
import { builder } from './builder.ts';

builder.prismaObject('Queue', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    created: t.expose('created', { type: 'DateTime' }),
    lastUpdate: t.expose('lastUpdate', { type: 'DateTime' }),
    tags: t.exposeStringList('tags'),
    systemTags: t.exposeStringList('systemTags'),
    entries: t.relation('entries', { query: { orderBy: { rank: 'asc' } } }),
  }),
});

builder.prismaObject('QueueEntry', {
  fields: (t) => ({
    task: t.relation('task'),
    added: t.expose('added', { type: 'DateTime' }),
  }),
});
