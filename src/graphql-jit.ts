// Compiled execution (graphql-jit): each distinct operation is compiled once to a specialised
// executor, kept in a bounded LRU. One kind of document is left to graphql-js: a literal of a
// custom scalar (JSON, JSONObject) with variables inside it, e.g.
// `setPreferences(input: { preferences: { theme: $theme } })`. graphql-jit parses such literals
// once at compile time, without the variables, so their values would silently vanish; graphql-js
// resolves them per request.
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getNamedType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
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

function containsVariable(node: ASTNode): boolean {
  let found = false;
  visit(node, {
    Variable: () => {
      found = true;
      return false;
    },
  });
  return found;
}

/**
 * Whether the document has a literal of a scalar that parses literals with variables (its
 * parseLiteral takes them: JSON, JSONObject), with a variable inside.
 */
export function hasVariableInScalarLiteral(schema: GraphQLSchema, document: DocumentNode): boolean {
  let found = false;
  const typeInfo = new TypeInfo(schema);
  const check = (node: ASTNode) => {
    const named = getNamedType(typeInfo.getInputType() ?? undefined);
    if (named && isScalarType(named) && named.parseLiteral.length > 1 && containsVariable(node)) found = true;
    return found ? false : undefined; // once found, skip the rest of this subtree
  };
  visit(document, visitWithTypeInfo(typeInfo, { [Kind.OBJECT]: check, [Kind.LIST]: check }));
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
          compiled = !hasVariableInScalarLiteral(schema, document);
          verdicts.set(document, compiled);
        }
        return compiled;
      },
    },
  );
}
