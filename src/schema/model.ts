// Models are what tasks consume (input model) and produce (output model).
import { builder } from './builder.ts';

builder.prismaObject('Model', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    uri: t.exposeString('uri'),
    framework: t.exposeString('framework', { nullable: true }),
    ready: t.exposeBoolean('ready', { description: 'Published' }),
    comment: t.exposeString('comment', { nullable: true }),
    created: t.expose('created', { type: 'DateTime' }),
    tags: t.exposeStringList('tags'),
    systemTags: t.exposeStringList('systemTags'),
    project: t.relation('project', { nullable: true }),
  }),
});
