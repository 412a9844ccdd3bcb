// Runs GraphQL operations through the real HTTP handler (createApp), as a given actor.
import { createApp, type App } from '../../src/app.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import type { TypedDocumentString } from '../gql/graphql.ts';

// Test-only authentication: the actor travels in a header. Production wires real credentials.
const ACTOR_HEADER = 'x-test-actor';

let app: App | undefined;
export function testApp(): App {
  app ??= createApp({
    authenticate: async (request) => {
      const raw = request.headers.get(ACTOR_HEADER);
      return raw ? (JSON.parse(raw) as Actor) : Response.json({ error: 'unauthenticated' }, { status: 401 });
    },
  });
  return app;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function executeAs<TResult, TVariables>(
  actor: Actor,
  document: TypedDocumentString<TResult, TVariables> | string,
  variables?: TVariables,
): Promise<GraphQLResponse<TResult>> {
  const response = await testApp().fetch(
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ACTOR_HEADER]: JSON.stringify(actor) },
      body: JSON.stringify({ query: document.toString(), variables }),
    }),
  );
  const body = (await response.json()) as GraphQLResponse<TResult>;
  return { ...body, status: response.status };
}
