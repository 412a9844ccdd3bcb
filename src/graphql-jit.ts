// Compiled execution (graphql-jit): each distinct operation is compiled once to a specialised
// executor, kept in a bounded LRU. One kind of document is left to graphql-js: one with a literal
// of a JSON scalar (JSON, JSONObject), e.g. `setPreferences(input: { preferences: { theme: $t } })`.
// graphql-jit parses such literals once at compile time without the variables, so variables
// inside them would silently vanish (and it complains on stderr about every such literal);
// graphql-js resolves them per request. Clients that pass JSON values as variables stay compiled.
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getNamedType,
  isScalarType,
  BREAK,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/** A bounded LRU of compiled operations. */
function jitCache(limit = 1000) {
  const entries = new Map<unknown, unknown>();
  return {
    get: (key: unknown) => {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value as never;
    },
    set: (key: unknown, value: unknown) => {
      entries.set(key, value);
      if (entries.size > limit) entries.delete(entries.keys().next().value);
    },
  };
}

const LITERALS = [Kind.OBJECT, Kind.LIST, Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.NULL, Kind.ENUM] as const;

/** A scalar whose parseLiteral takes the request's variables (JSON, JSONObject), which graphql-jit does not pass. */
export function parsesLiteralsWithVariables(type: unknown): boolean {
  return isScalarType(type) && type.parseLiteral.length > 1;
}

/**
 * Whether the document has a literal of such a scalar. A variable standing for the whole value
 * is not a literal and compiles fine.
 */
export function hasJsonLiteral(schema: GraphQLSchema, document: DocumentNode): boolean {
  let found = false;
  const typeInfo = new TypeInfo(schema);
  const check = () => {
    if (parsesLiteralsWithVariables(getNamedType(typeInfo.getInputType() ?? undefined))) found = true;
    return found ? BREAK : undefined;
  };
  visit(document, visitWithTypeInfo(typeInfo, Object.fromEntries(LITERALS.map((kind) => [kind, check]))));
  return found;
}

/** The graphql-jit plugin for `schema`, leaving the documents it cannot run correctly to graphql-js. */
export function useCompiledExecution(schema: GraphQLSchema) {
  // documents are parsed once and cached by yoga, so the answer is computed once per document
  const verdicts = new WeakMap<DocumentNode, boolean>();
  return useGraphQlJit(
    {},
    {
      cache: jitCache(),
      enableIf: ({ document }) => {
        let compiled = verdicts.get(document);
        if (compiled === undefined) {
          compiled = !hasJsonLiteral(schema, document);
          verdicts.set(document, compiled);
        }
        return compiled;
      },
    },
  );
}
