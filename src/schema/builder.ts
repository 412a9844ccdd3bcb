// Pothos set-up only: plugins, scalars, context. Entity files add types, queries and mutations.
import { GraphQLError, GraphQLScalarType, getNamedType, getNullableType, isListType, type GraphQLField } from 'graphql';
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { db } from '../db.ts';
import { isoString } from '../iso-date.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { GraphQLLimits } from '../config.ts';
import type { Actor } from '../resolvers/context.ts';
import { DomainError } from '../resolvers/errors.ts';

export interface GraphQLContext {
  actor: Actor;
  /** Operation limits of this server (src/config.ts); the complexity plugin reads its share. */
  limits?: Pick<GraphQLLimits, 'maxDepth' | 'maxComplexity' | 'maxBreadth'>;
}


/** Items a list field is assumed to return when the query does not say (`first`/`last`). */
const ASSUMED_LIST_SIZE = 10;
const ASSUMED_PAGE_SIZE = 50;

/**
 * Estimated cost of a field for the complexity limit: 1, and its sub-selection multiplied by the
 * number of items it asks for — `first`/`last` when given, else an assumed page (connections) or
 * list size. A connection's `edges`/`nodes` are already counted by the connection's multiplier.
 */
function fieldComplexity(args: Record<string, unknown>, _context: GraphQLContext, field: GraphQLField<unknown, GraphQLContext>) {
  const requested = [args.first, args.last].find((n): n is number => typeof n === 'number');
  const type = getNamedType(field.type).name;
  if (requested !== undefined) return { field: 1, multiplier: Math.max(1, requested) };
  if (type.endsWith('Connection')) return { field: 1, multiplier: ASSUMED_PAGE_SIZE };
  if (field.name === 'edges' || field.name === 'nodes') return { field: 1, multiplier: 1 };
  return isListType(getNullableType(field.type)) ? { field: 1, multiplier: ASSUMED_LIST_SIZE } : 1;
}

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
  plugins: [ComplexityPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin], // errors must come before prisma
  defaultFieldNullability: false,
  complexity: {
    fieldComplexity,
    limit: (context) => ({
      complexity: context.limits?.maxComplexity ?? 200_000,
      depth: context.limits?.maxDepth ?? 12,
      breadth: context.limits?.maxBreadth ?? 1_000,
    }),
    complexityError: (kind, result) => {
      const codes = { Complexity: 'QUERY_TOO_COMPLEX', Depth: 'QUERY_TOO_DEEP', Breadth: 'QUERY_TOO_BROAD' } as const;
      const [value, max] =
        kind === 'Complexity' ? [result.complexity, result.maxComplexity] : kind === 'Depth' ? [result.depth, result.maxDepth] : [result.breadth, result.maxBreadth];
      return new GraphQLError(`Operation ${kind.toLowerCase()} ${value} exceeds the limit of ${max}`, {
        extensions: { code: codes[kind], [kind.toLowerCase()]: value, limit: max },
      });
    },
  },
  errors: { defaultTypes: [DomainError] },
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  prisma: {
    // The client is created at start-up; plugin-prisma resolves it lazily per request.
    client: () => db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    // A resolver may legitimately skip its planned query (empty id list, only __typename selected);
    // N+1 and over-fetching are caught by the statement-count tests instead.
    onUnusedQuery: null,
  },
});

builder.queryType();
builder.mutationType();
// graphql-scalars' DateTime, serialised straight to its ISO string: the same JSON, without
// JSON.stringify calling each Date's toJSON (a slow path when a page carries hundreds of them).
// Valid Dates (what the domain returns) are printed directly; anything else is checked and
// converted by graphql-scalars, which refuses invalid dates and values.
builder.addScalarType(
  'DateTime',
  new GraphQLScalarType({
    ...DateTimeResolver.toConfig(),
    serialize: (value) => {
      if (value instanceof Date && !Number.isNaN(value.getTime())) return isoString(value);
      const serialized = DateTimeResolver.serialize(value);
      return serialized instanceof Date ? isoString(serialized) : serialized;
    },
  }),
);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
