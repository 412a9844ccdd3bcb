// Protection of /graphql against oversized and abusive operations, before anything executes:
// a bounded request body (streamed, so a chunked upload cannot grow without bound), no batched
// operations, and per-operation limits on depth, aliases, page sizes, estimated cost and breadth
// (src/graphql-cost.ts).
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  valueFromASTUntyped,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphQLLimits } from './config.ts';
import { operationCost } from './graphql-cost.ts';

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  maxDepth: 12,
  maxComplexity: 200_000,
  maxBreadth: 1_000,
  maxAliases: 30,
  maxPageSize: 1_000,
  maxBodyBytes: 1024 * 1024,
  maxTokens: 20_000,
};

/** Arguments that set how many items a field returns. */
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

export const limitError = (code: string, message: string, status = 400, details: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, http: { status }, ...details } });

/** Depth (deepest field nesting) and alias count of a selection set, fragments expanded. */
interface Shape {
  depth: number;
  aliases: number;
}

/**
 * The largest depth and alias count over the document's operations, computed before validation
 * (so an alias bomb is refused before the quadratic field-merging check runs). Fragments are
 * measured once each, so nested fragment spreads cannot make this exponential; a fragment that
 * spreads itself counts as empty here and is refused by validation afterwards.
 */
export function documentShape(document: DocumentNode): Shape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, Shape | 'measuring'>();
  const fragmentShape = (name: string): Shape => {
    const known = memo.get(name);
    if (known === 'measuring') return { depth: 0, aliases: 0 }; // a cycle: validation refuses it
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) return { depth: 0, aliases: 0 };
    memo.set(name, 'measuring');
    const shape = measure(fragment.selectionSet);
    memo.set(name, shape);
    return shape;
  };
  const measure = (set: SelectionSetNode): Shape => {
    const shape: Shape = { depth: 0, aliases: 0 };
    for (const selection of set.selections) {
      let inner: Shape;
      if (selection.kind === Kind.FIELD) {
        const below = selection.selectionSet ? measure(selection.selectionSet) : { depth: 0, aliases: 0 };
        inner = { depth: selection.name.value.startsWith('__') ? 0 : 1 + below.depth, aliases: below.aliases + (selection.alias ? 1 : 0) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet);
      } else {
        inner = fragmentShape(selection.name.value);
      }
      shape.depth = Math.max(shape.depth, inner.depth);
      shape.aliases += inner.aliases;
    }
    return shape;
  };
  const result: Shape = { depth: 0, aliases: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = measure(definition.selectionSet);
    result.depth = Math.max(result.depth, shape.depth);
    result.aliases = Math.max(result.aliases, shape.aliases);
  }
  return result;
}

function checkShape(shape: Shape, limits: GraphQLLimits): GraphQLError | undefined {
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
  return undefined;
}

interface PageArgument {
  field: string;
  argument: ArgumentNode;
}

/** The page-size arguments of each document, found once per (cached) document. */
const pageArgumentsOf = new WeakMap<DocumentNode, PageArgument[]>();

function pageArguments(document: DocumentNode): PageArgument[] {
  let found = pageArgumentsOf.get(document);
  if (!found) {
    const list: PageArgument[] = [];
    visit(document, {
      Field(field) {
        for (const argument of field.arguments ?? []) {
          if (PAGE_SIZE_ARGUMENTS.has(argument.name.value)) list.push({ field: field.name.value, argument });
        }
      },
    });
    pageArgumentsOf.set(document, list);
    found = list;
  }
  return found;
}

/** The first `first`/`last` argument in the document (any operation or fragment) over the maximum. */
function oversizedPage(document: DocumentNode, variables: Record<string, unknown>, maxPageSize: number): GraphQLError | undefined {
  for (const { field, argument } of pageArguments(document)) {
    const value = valueFromASTUntyped(argument.value, variables);
    if (typeof value === 'number' && value > maxPageSize) {
      return limitError(
        'PAGE_SIZE_TOO_LARGE',
        `${field}(${argument.name.value}: ${value}) asks for more than ${maxPageSize} items per page`,
        400,
        { field, argument: argument.name.value, maxPageSize },
      );
    }
  }
  return undefined;
}

/** Depth and aliases of each document, measured once per (cached) document. */
const shapeOf = new WeakMap<DocumentNode, Shape>();

/**
 * Bounds operations: at most `maxTokens` tokens are parsed, depth and aliases are checked right
 * after parsing (before validation), page sizes (which may come from variables) before execution.
 */
export function useOperationLimits(limits: GraphQLLimits): Plugin {
  return {
    onParse({ setParseFn }) {
      // Parsing stops at maxTokens ("Document contains more than N tokens", GRAPHQL_PARSE_FAILED).
      setParseFn((source, options) => parse(source, { ...options, maxTokens: limits.maxTokens }));
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error || !result || typeof result !== 'object' || !('kind' in result)) return;
        const document = result as DocumentNode;
        let shape = shapeOf.get(document);
        if (!shape) shapeOf.set(document, (shape = documentShape(document)));
        const error = checkShape(shape, limits);
        if (error) replaceParseResult(error);
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = refusedOperation(args, limits);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = refusedOperation(args, limits);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

/** Why an operation about to run is refused: a page over the maximum, or too deep, broad or costly. */
function refusedOperation(
  args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null },
  limits: GraphQLLimits,
): GraphQLError | undefined {
  const variables = args.variableValues ?? {};
  const page = oversizedPage(args.document, variables, limits.maxPageSize);
  if (page) return page;
  const cost = operationCost(args.schema, args.document, args.operationName, variables);
  if (!cost) return undefined; // no such operation: execution says so
  const over = (kind: 'depth' | 'breadth' | 'complexity', code: string, value: number, max: number) =>
    limitError(code, `Operation ${kind} ${value} exceeds the limit of ${max}`, 400, { [kind]: value, limit: max });
  if (cost.depth > limits.maxDepth) return over('depth', 'QUERY_TOO_DEEP', cost.depth, limits.maxDepth);
  if (cost.breadth > limits.maxBreadth) return over('breadth', 'QUERY_TOO_BROAD', cost.breadth, limits.maxBreadth);
  if (cost.complexity > limits.maxComplexity) return over('complexity', 'QUERY_TOO_COMPLEX', cost.complexity, limits.maxComplexity);
  return undefined;
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
