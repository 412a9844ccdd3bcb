// Access keys for the legacy API's Basic auth and auth.login (and GraphQL): list, create (the
// secret is returned once) and revoke. Users manage their own keys; admins those of their company.
import { createAccessKey, listAccessKeys, revokeAccessKey, type AccessKeyInfo } from '../resolvers/auth.ts';
import { DomainError, ValidationError } from '../resolvers/errors.ts';
import { builder } from './builder.ts';

const AccessKeyRef = builder.objectRef<AccessKeyInfo>('AccessKey').implement({
  description: 'An access key (its secret is never shown again after creation).',
  fields: (t) => ({
    accessKey: t.exposeString('accessKey'),
    userId: t.exposeID('userId'),
    created: t.expose('created', { type: 'DateTime' }),
    lastUsed: t.expose('lastUsed', { type: 'DateTime', nullable: true }),
  }),
});

const NewAccessKeyRef = builder.objectRef<AccessKeyInfo & { secretKey: string }>('NewAccessKey').implement({
  description: 'A freshly created key pair: store the secret now, it cannot be read back.',
  fields: (t) => ({
    accessKey: t.exposeString('accessKey'),
    secretKey: t.exposeString('secretKey'),
    userId: t.exposeID('userId'),
    created: t.expose('created', { type: 'DateTime' }),
  }),
});

const errors = { types: [ValidationError, DomainError] };

builder.queryField('accessKeys', (t) =>
  t.field({
    type: [AccessKeyRef],
    description: "Your access keys; admins may ask for one user's (userId) or the whole company's (allUsers).",
    errors,
    args: { userId: t.arg.id(), allUsers: t.arg.boolean() },
    resolve: (_root, args, { actor }) =>
      listAccessKeys(actor, { userId: args.userId == null ? undefined : String(args.userId), allUsers: args.allUsers ?? false }),
  }),
);

builder.mutationField('createAccessKey', (t) =>
  t.field({
    type: NewAccessKeyRef,
    description: 'Creates a key pair for you, or (admins) for a user of your company.',
    errors,
    args: { userId: t.arg.id() },
    resolve: (_root, args, { actor }) => createAccessKey(actor, { userId: args.userId == null ? undefined : String(args.userId) }),
  }),
);

builder.mutationField('revokeAccessKey', (t) =>
  t.boolean({
    description: 'Revokes one of your keys (admins: any key of the company); it stops working at once.',
    errors,
    args: { accessKey: t.arg.string({ required: true }) },
    resolve: async (_root, { accessKey }, { actor }) => (await revokeAccessKey(actor, accessKey)).revoked > 0,
  }),
);
