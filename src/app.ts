// The only module that knows about HTTP: authenticates once, then routes to GraphQL (yoga) or to
// the operational endpoints (/healthz, /readyz). Tests call the returned fetch handler directly.
import { GraphQLError } from 'graphql';
import { createYoga, maskError as defaultMaskError, processRegularResult } from 'graphql-yoga';
import type { GraphQLLimits } from './config.ts';
import { useCompiledExecution } from './graphql-jit.ts';
import { DEFAULT_GRAPHQL_LIMITS, useBoundedBody, useNoIntrospection, useOperationLimits } from './graphql-limits.ts';
import { currentRequestId, silentLogger, type Logger } from './logger.ts';
import { runAsCaller } from './db/tenant.ts';
import { compressResponse } from './http/compress.ts';
import { schema } from './schema/index.ts';
import type { GraphQLContext } from './schema/builder.ts';
import type { Actor } from './resolvers/context.ts';
import { asInputError, DomainError, isDatabaseUnavailable } from './resolvers/errors.ts';

/** The caller of a request, or the Response to answer instead (401). */
export type Authenticate = (request: Request) => Promise<Actor | Response>;

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

export interface AppOptions {
  authenticate: Authenticate;
  /** Serve GraphiQL at /graphql for browsers (default true). */
  graphiql?: boolean;
  /** Allow schema introspection (default true). */
  introspection?: boolean;
  limits?: GraphQLLimits;
  /** /readyz: database reachable and migrations applied (default: always ready). */
  readiness?: () => Promise<Readiness>;
  logger?: Logger;
}

/** A GraphQL request's JSON body (`query`, `variables`, `operationName`, `extensions`). */
export type GraphQLParams = Record<string, unknown> & { query: string };

/** What the plugins may read of the HTTP request on the plain path. */
export interface RequestLike {
  method: string;
  url: string;
  headers: { get(name: string): string | null; has(name: string): boolean };
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface App {
  fetch: (request: Request) => Promise<Response>;
  /**
   * Runs an authenticated GraphQL request whose JSON body is already parsed, without building
   * fetch-API Request/Response objects: the same yoga plugins (limits, validation, graphql-jit,
   * error masking) and the status codes and body of yoga's `application/json` answer. Throws
   * (before anything is executed) when the parameters are refused; the caller then takes the
   * regular path, which answers the error.
   */
  executeJson: (params: GraphQLParams, actor: Actor, request: RequestLike) => Promise<PlainResponse>;
}

/** A stand-in for the fetch API's Response: processRegularResult only constructs one. */
class PlainResult {
  constructor(
    readonly body: string | null,
    readonly init: { status?: number; headers?: Record<string, string> } = {},
  ) {}
}
const plainFetchApi = { Response: PlainResult };

/**
 * Domain errors thrown from queries become GraphQL errors with a stable `extensions.code`; errors
 * the gateway raised on purpose (limits) pass; everything else is logged with the request id and
 * answered as INTERNAL_SERVER_ERROR carrying only that id, never a stack or SQL.
 */
function errorMasker(logger: Logger) {
  return (error: unknown, message: string, isDev?: boolean) => {
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    const original = asInputError(graphqlError ? graphqlError.originalError : error);
    if (original instanceof DomainError) {
      return new GraphQLError(original.message, {
        nodes: graphqlError?.nodes,
        path: graphqlError?.path,
        extensions: { code: original.code, ...original.details },
      });
    }
    if (original instanceof GraphQLError && typeof original.extensions.code === 'string') {
      return new GraphQLError(original.message, { nodes: graphqlError?.nodes, path: graphqlError?.path, extensions: original.extensions });
    }
    if (graphqlError && !graphqlError.originalError) return graphqlError; // parse/validation errors
    if ((original as Error | undefined)?.name === 'PothosValidationError') {
      // request-time checks of the Pothos plugins (malformed connection cursors): the caller's input
      return new GraphQLError((original as Error).message, {
        nodes: graphqlError?.nodes,
        path: graphqlError?.path,
        extensions: { code: 'INVALID_INPUT' },
      });
    }
    if (graphqlError && !graphqlError.path && /^Variable "\$\w+" got invalid value/.test(graphqlError.message)) {
      // a variable a custom scalar refused while coercing (before execution): the caller's input
      return new GraphQLError(graphqlError.message, { nodes: graphqlError.nodes, extensions: { code: 'BAD_USER_INPUT' } });
    }
    const requestId = currentRequestId();
    if (isDatabaseUnavailable(original)) {
      logger.error({ err: original, path: graphqlError?.path }, 'database unavailable');
      return new GraphQLError('The database cannot be reached; retry later', {
        nodes: graphqlError?.nodes,
        path: graphqlError?.path,
        extensions: { code: 'DATABASE_UNAVAILABLE', http: { status: 503 }, ...(requestId ? { requestId } : {}) },
      });
    }
    logger.error({ err: original, path: graphqlError?.path }, 'unexpected GraphQL error');
    const masked = defaultMaskError(error, message, isDev) as GraphQLError;
    return new GraphQLError(masked.message, {
      nodes: masked.nodes,
      path: masked.path,
      extensions: { ...masked.extensions, code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
    });
  };
}

/** A browser asking for the GraphiQL page (the page itself holds no data; its requests need credentials). */
function isGraphiqlPage(request: Request): boolean {
  return (
    request.method === 'GET' &&
    (request.headers.get('accept') ?? '').includes('text/html') &&
    !new URL(request.url).searchParams.has('query')
  );
}

/** A GraphQL-shaped refusal of a request's credentials (401 unless the caller's mistake is another). */
export function authFailure(status: number, code: string, message: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code } }] },
    { status, headers: status === 401 ? { 'www-authenticate': 'Bearer, Basic realm="task-gateway"' } : {} },
  );
}

export function createApp(options: AppOptions): App {
  const logger = options.logger ?? silentLogger;
  const limits = options.limits ?? DEFAULT_GRAPHQL_LIMITS;
  const graphiql = options.graphiql ?? true;
  const yoga = createYoga<{ actor: Actor }, GraphQLContext>({
    schema,
    graphiql,
    batching: false,
    maskedErrors: { maskError: errorMasker(logger) },
    landingPage: false,
    logging: false,
    context: ({ actor }) => ({ actor }),
    plugins: [
      useBoundedBody(limits.maxBodyBytes),
      ...(options.introspection === false ? [useNoIntrospection()] : []),
      useOperationLimits(limits),
      // Each distinct operation is compiled once to a specialised executor (src/graphql-jit.ts).
      useCompiledExecution(schema),
    ],
  });

  /** GraphiQL's page, or the caller's GraphQL request (after authentication). */
  const graphql = async (request: Request): Promise<Response> => {
    if (graphiql && isGraphiqlPage(request)) return yoga.handleRequest(request, { actor: undefined as never });
    const actor = await options.authenticate(request);
    if (actor instanceof Response) return actor;
    // every statement this request causes runs bound to the caller's company (row security),
    // also while its response streams (subscriptions)
    return runAsCaller(actor.companyId, () => yoga.handleRequest(request, { actor }));
  };

  return {
    executeJson: async (params, actor, request) => {
      const result = await runAsCaller(actor.companyId, () =>
        yoga.getResultForParams({ params: params as never, request: request as never }, { actor } as never),
      );
      if (result && typeof (result as AsyncGenerator)[Symbol.asyncIterator] === 'function') {
        // a subscription: its answer (an event stream, or 406) belongs to the regular path
        await (result as AsyncGenerator).return?.(undefined);
        throw new Error('subscriptions take the regular path');
      }
      const plain = processRegularResult(result as never, plainFetchApi as never, 'application/json') as unknown as PlainResult;
      return { status: plain.init.status ?? 200, headers: plain.init.headers ?? {}, body: plain.body ?? '' };
    },
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/healthz') return Response.json({ status: 'ok' });
      if (pathname === '/readyz') {
        const readiness = options.readiness ? await options.readiness() : { ready: true };
        return Response.json({ status: readiness.ready ? 'ready' : 'not ready', ...readiness }, { status: readiness.ready ? 200 : 503 });
      }
      if (pathname === '/') return Response.redirect(new URL('/graphql', request.url), 302);
      if (pathname === '/graphql' || pathname.startsWith('/graphql/')) {
        return compressResponse(request, await graphql(request));
      }
      return Response.json({ error: 'not found' }, { status: 404 });
    },
  };
}
