// Pothos set-up only: plugins, scalars, context. Entity files add types, queries and mutations.
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { db } from '../db.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Actor } from '../resolvers/context.ts';
import { DomainError } from '../resolvers/errors.ts';

export interface GraphQLContext {
  actor: Actor;
}

const isProduction = process.env.NODE_ENV === 'production';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
}>({
  plugins: [ErrorsPlugin, PrismaPlugin, RelayPlugin], // errors must come before prisma
  defaultFieldNullability: false,
  errors: { defaultTypes: [DomainError] },
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  prisma: {
    // The client is created at start-up; plugin-prisma resolves it lazily per request.
    client: () => db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    onUnusedQuery: isProduction ? null : 'error',
  },
});

builder.queryType();
builder.mutationType();
builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
