// The only module that knows about HTTP: authenticates once, then routes to GraphQL (yoga) or to
// the operational endpoints. Tests call the returned fetch handler directly.
import { GraphQLError } from 'graphql';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, maskError as defaultMaskError } from 'graphql-yoga';
import { schema } from './schema/index.ts';
import type { GraphQLContext } from './schema/builder.ts';
import type { Actor } from './resolvers/context.ts';
import { DomainError } from './resolvers/errors.ts';

export type Authenticate = (request: Request) => Promise<Actor | Response>;

export interface AppOptions {
  authenticate: Authenticate;
  /** Serve GraphiQL at /graphql for browsers (default true). */
  graphiql?: boolean;
}

export interface App {
  fetch: (request: Request) => Promise<Response>;
}

/** Domain errors thrown from queries become GraphQL errors with a stable `extensions.code`. */
function maskError(error: unknown, message: string, isDev?: boolean) {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, ...original.details },
    });
  }
  return defaultMaskError(error, message, isDev);
}

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

export function createApp(options: AppOptions): App {
  const yoga = createYoga<{ actor: Actor }, GraphQLContext>({
    schema,
    graphiql: options.graphiql ?? true,
    maskedErrors: { maskError },
    landingPage: false,
    logging: false,
    // Each distinct operation is compiled once to a specialised executor (cached by document).
    plugins: [useGraphQlJit({}, { cache: jitCache() })],
  });

  return {
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/healthz') return Response.json({ status: 'ok' });
      if (pathname === '/') return Response.redirect(new URL('/graphql', request.url), 302);
      if (pathname === '/graphql' || pathname.startsWith('/graphql/')) {
        const actor = await options.authenticate(request);
        if (actor instanceof Response) return actor;
        return yoga.handleRequest(request, { actor });
      }
      return Response.json({ error: 'not found' }, { status: 404 });
    },
  };
}
