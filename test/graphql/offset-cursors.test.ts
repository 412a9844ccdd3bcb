// The offset-paged connections (projects, users): cursors they gave out page on; any other cursor
// is refused as INVALID_INPUT naming its argument, never a 500 or a silently wrong page.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';

useTestDatabase();

const b64 = (text: string) => Buffer.from(text).toString('base64');
const BAD_CURSORS = ['not a cursor!', b64('hello'), b64('OffsetConnection:abc'), b64('OffsetConnection:-1'), b64('OffsetConnection:1e3'), 'T2Zmc2V0Q29ubmVjdGlvbjox=='];

type Page = { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
const LISTS = {
  projects: `query($after: String, $before: String, $first: Int, $last: Int) {
    projects(filter: { ownOnly: true }, after: $after, before: $before, first: $first, last: $last, orderBy: [{ field: NAME }]) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`,
  users: `query($after: String, $before: String, $first: Int, $last: Int) {
    users(after: $after, before: $before, first: $first, last: $last, orderBy: [{ field: NAME }]) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`,
} as const;

describe('offset connection cursors', () => {
  let actor: Actor;
  beforeAll(async () => {
    actor = await seedActor();
    for (let i = 0; i < 5; i++) {
      await seedProject(actor, `cursor project ${i}`);
      await seedActor({ companyId: actor.companyId, userName: `cursor user ${i}` });
    }
  });

  for (const [list, query] of Object.entries(LISTS)) {
    it(`${list}: a cursor it gave out pages on`, async () => {
      const first = await executeAs<Record<string, Page>, object>(actor, query, { first: 1 });
      expect(first.errors).toBeUndefined();
      const page1 = first.data![list]!;
      expect(page1.edges).toHaveLength(1);
      const all = await executeAs<Record<string, Page>, object>(actor, query, { first: 100 });
      const next = await executeAs<Record<string, Page>, object>(actor, query, { first: 100, after: page1.pageInfo.endCursor });
      expect(next.errors).toBeUndefined();
      expect(next.data![list]!.edges.map((e) => e.node.id)).toEqual(all.data![list]!.edges.slice(1).map((e) => e.node.id));
    });

    for (const field of ['after', 'before'] as const) {
      it(`${list}: a malformed \`${field}\` cursor is INVALID_INPUT naming \`${field}\``, async () => {
        for (const cursor of BAD_CURSORS) {
          const result = await executeAs<Record<string, Page | null>, object>(actor, query, { [field]: cursor, first: 2 });
          expect(result.data?.[list] ?? null, cursor).toBeNull();
          expect(result.errors, cursor).toHaveLength(1);
          expect(result.errors![0]!.path, cursor).toEqual([list]);
          expect(result.errors![0]!.extensions, cursor).toMatchObject({ code: 'INVALID_INPUT', field });
          expect(result.errors![0]!.message, cursor).toContain(field);
        }
      });
    }
  }
});
