// Protection of /graphql against oversized and abusive operations, before anything executes:
// a bounded request body (streamed, so a chunked upload cannot grow without bound), no batched
// operations, and per-operation limits on depth, aliases and page sizes. The estimated cost and
// breadth are checked by Pothos' complexity plugin (src/schema/builder.ts) with the same limits.
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLLimits } from './config.ts';

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  maxDepth: 12,
  maxComplexity: 50_000,
  maxBreadth: 1_000,
  maxAliases: 30,
  maxPageSize: 1_000,
  maxBodyBytes: 1024 * 1024,
};

/** Arguments that set how many items a field returns. */
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

export const limitError = (code: string, message: string, status = 400, details: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, http: { status }, ...details } });

interface OperationShape {
  depth: number;
  aliases: number;
  pageSizes: { field: string; argument: string; value: number }[];
}

/** Depth, alias count and page-size arguments of one (validated, hence fragment-cycle free) operation. */
export function operationShape(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): OperationShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const shape: OperationShape = { depth: 0, aliases: 0, pageSizes: [] };
  const visit = (selections: SelectionSetNode, depth: number) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) shape.aliases++;
        if (selection.name.value.startsWith('__')) continue;
        shape.depth = Math.max(shape.depth, depth);
        for (const argument of selection.arguments ?? []) {
          if (!PAGE_SIZE_ARGUMENTS.has(argument.name.value)) continue;
          const value = valueFromASTUntyped(argument.value, variables);
          if (typeof value === 'number') {
            shape.pageSizes.push({ field: selection.name.value, argument: argument.name.value, value });
          }
        }
        if (selection.selectionSet) visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, depth);
      }
    }
  };
  visit(operation.selectionSet, 1);
  return shape;
}

function checkOperation(shape: OperationShape, limits: GraphQLLimits): GraphQLError | undefined {
  if (shape.depth > limits.maxDepth) {
    return limitError('QUERY_TOO_DEEP', `Operation is ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed`, 400, {
      depth: shape.depth,
      maxDepth: limits.maxDepth,
    });
  }
  if (shape.aliases > limits.maxAliases) {
    return limitError('TOO_MANY_ALIASES', `Operation uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed`, 400, {
      aliases: shape.aliases,
      maxAliases: limits.maxAliases,
    });
  }
  const page = shape.pageSizes.find((p) => p.value > limits.maxPageSize);
  if (page) {
    return limitError(
      'PAGE_SIZE_TOO_LARGE',
      `${page.field}(${page.argument}: ${page.value}) asks for more than ${limits.maxPageSize} items per page`,
      400,
      { field: page.field, argument: page.argument, maxPageSize: limits.maxPageSize },
    );
  }
  return undefined;
}

/** Rejects operations over the depth, alias and page-size limits before they execute. */
export function useOperationLimits(limits: GraphQLLimits): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const document = args.document as DocumentNode;
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode =>
          d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
      );
      if (!operation) return;
      const error = checkOperation(operationShape(document, operation, args.variableValues ?? {}), limits);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/** Turns schema introspection off (production): `__schema`/`__type` queries fail validation. */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

async function readLimited(request: Request, maxBytes: number): Promise<string | GraphQLError> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const tooLarge = () =>
    limitError('BODY_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`, 413, { maxBodyBytes: maxBytes });
  if (declared > maxBytes) return tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses JSON POST bodies itself, reading at most `maxBodyBytes`; refuses batched (array) bodies.
 * Other requests (GET with a query string, multipart) keep yoga's parsers.
 */
export function useBoundedBody(maxBodyBytes: number): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST') return;
      const type = request.headers.get('content-type') ?? '';
      if (!/^application\/(graphql-response\+)?json\b/i.test(type) && type !== '') return;
      setRequestParser(async (req) => {
        const text = await readLimited(req, maxBodyBytes);
        if (text instanceof GraphQLError) throw text;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw limitError('BAD_REQUEST', 'Request body is not valid JSON');
        }
        if (Array.isArray(body)) throw limitError('BATCHING_NOT_SUPPORTED', 'Batched operations are not supported: send one operation per request');
        if (typeof body !== 'object' || body === null) throw limitError('BAD_REQUEST', 'Request body must be a JSON object');
        return body as never;
      });
    },
  };
}
