// search_text (tasks spec §6.7) for every listing that has it (tasks, models), approximated on
// PostgreSQL: case-insensitive "contains" per term over the text-index columns, weighted like the
// original index. No stemming or stop words. Every term is a bound parameter.
import { Prisma } from '../db.ts';

export interface SearchTerms {
  words: string[];
  phrases: string[];
  negated: string[];
}

/** Words, "quoted phrases" and -negated terms (a negated phrase is -"like this"). */
export function parseSearchText(text: string): SearchTerms {
  const terms: SearchTerms = { words: [], phrases: [], negated: [] };
  for (const match of text.matchAll(/(-?)"([^"]*)"?|(\S+)/g)) {
    const [, negation, phrase, word] = match;
    if (phrase !== undefined) {
      if (phrase.trim() === '') continue;
      (negation ? terms.negated : terms.phrases).push(phrase);
    } else if (word !== undefined) {
      if (word.startsWith('-')) {
        if (word.length > 1) terms.negated.push(word.slice(1));
      } else terms.words.push(word);
    }
  }
  return terms;
}

/** The terms of a search text; undefined when it is blank (no search). */
export function searchTermsOf(text: string | undefined): SearchTerms | undefined {
  const trimmed = text?.trim();
  return trimmed ? parseSearchText(trimmed) : undefined;
}

/** An ILIKE pattern containing `term` literally. */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A text column of the search index and its weight. */
export type SearchColumn = readonly [column: Prisma.Sql, weight: number];

// NULL-safe, so a negated term does not drop rows that lack one of the columns.
const termMatches = (column: Prisma.Sql, term: string) => Prisma.sql`COALESCE(${column} ILIKE ${likePattern(term)}, FALSE)`;
const termInAnyColumn = (columns: readonly SearchColumn[], term: string) =>
  Prisma.sql`(${Prisma.join(columns.map(([column]) => termMatches(column, term)), ' OR ')})`;

/**
 * Mongo $text semantics, approximated: phrases are all required (then words only score), otherwise
 * any word matches; negated terms exclude; a search of negations only matches nothing.
 */
export function searchCondition(terms: SearchTerms, columns: readonly SearchColumn[]): Prisma.Sql {
  const required = terms.phrases.length > 0 ? terms.phrases : terms.words;
  if (required.length === 0) return Prisma.sql`FALSE`;
  const positive = Prisma.join(required.map((term) => termInAnyColumn(columns, term)), terms.phrases.length > 0 ? ' AND ' : ' OR ');
  const negative = terms.negated.map((term) => Prisma.sql`NOT ${termInAnyColumn(columns, term)}`);
  return Prisma.sql`(${Prisma.join([Prisma.sql`(${positive})`, ...negative], ' AND ')})`;
}

/**
 * Relevance: per positive term, the weights of the columns it occurs in. Always an expression (a
 * bare `0` in ORDER BY would be read as a column position and refused).
 */
export function searchScore(terms: SearchTerms, columns: readonly SearchColumn[]): Prisma.Sql {
  const addends = [...terms.words, ...terms.phrases].flatMap((term) =>
    columns.map(([column, weight]) => Prisma.sql`(CASE WHEN ${termMatches(column, term)} THEN ${Prisma.raw(String(weight))} ELSE 0 END)`),
  );
  return addends.length === 0 ? Prisma.sql`0::int` : Prisma.sql`(${Prisma.join(addends, ' + ')})`;
}
