/**
 * Every limit a client can meet, each stated once: the checks use these constants, and
 * LIMITS below ties each to what the SDL's descriptions and the README's Limits section
 * say of it (test/unit/limits.test.ts fails when they drift apart). server/limits.ts
 * checks the query-shape ones before a request runs; the resolvers check their arguments.
 */
import { AppError, ErrorCode } from './errors.js';

/** The largest page a client may ask for (`first` of every list and connection). */
export const MAX_PAGE = 100;
/** Results of one search. */
export const MAX_SEARCH_RESULTS = 100;
/** Characters of search text. */
export const MAX_SEARCH_TEXT = 200;
/** Relationships one path may have (`maxHops`). */
export const MAX_HOPS = 6;
/** Relationships from the centre of a neighbourhood (`depth`). */
export const MAX_NEIGHBOURHOOD_DEPTH = 3;
/** Entities of one neighbourhood (`limit`). */
export const MAX_NEIGHBOURHOOD = 500;
/** Nesting depth of a query. */
export const MAX_DEPTH = 12;
/** Aliases in one request (each aliased root field can cost its own round trips). */
export const MAX_ALIASES = 30;
/** Directives in one request. */
export const MAX_DIRECTIVES = 20;
/**
 * Armor's cost: 1 a scalar, 2 an object, children weighted by 1.5 per level, a list with
 * `first: N` times N. The 50-organization page with founders, jobs, sources and investors
 * costs about 5,000; 100 of them about 10,000.
 */
export const MAX_COST = 20_000;
/**
 * Tokens (names, punctuation, values) one query document may hold, counted while it is
 * parsed: the longest README query has about 120, GraphiQL's introspection query about
 * 300. It bounds what the checks after parsing cost (deep nesting, thousands of repeated
 * fields) before they run.
 */
export const MAX_TOKENS = 2_000;

/** Bytes of a request body (declared or streamed); past it, 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1_000_000;

/** Entities, links and sources one request may load (the 50-organization page with founders, jobs, sources and investors loads about 150). */
export const MAX_ITEMS = 10_000;

/** A request's item budget (see MAX_ITEMS); `spend` throws once it is used up. */
export class ItemBudget {
  spent = 0;

  constructor(readonly max = MAX_ITEMS) {}

  get exceeded(): boolean {
    return this.spent > this.max;
  }

  spend(items: number): void {
    this.spent += items;
    if (this.exceeded) {
      throw new AppError(ErrorCode.QUERY_TOO_COMPLEX, budgetMessage(this.max));
    }
  }
}

export function budgetMessage(max: number): string {
  return `the answer would hold more than ${max} entities, links and sources; ask for fewer nested lists or smaller pages`;
}

/**
 * What the documentation says of each limit, built from its constant: `readme` must appear
 * in the README's Limits section, each `sdl` entry in that schema file.
 */
export const LIMITS: readonly {
  name: string;
  value: number;
  readme: string;
  sdl?: { file: string; text: string }[];
}[] = [
  {
    name: 'MAX_PAGE',
    value: MAX_PAGE,
    readme: `pages of at most ${MAX_PAGE}`,
    sdl: ['funding', 'organizations', 'people', 'paths'].map((file) => ({ file, text: `\`first\` 1 to ${MAX_PAGE}` })),
  },
  {
    name: 'MAX_SEARCH_RESULTS',
    value: MAX_SEARCH_RESULTS,
    readme: `search results at most ${MAX_SEARCH_RESULTS}`,
    sdl: [{ file: 'search', text: `\`first\` is 1 to ${MAX_SEARCH_RESULTS}` }],
  },
  { name: 'MAX_SEARCH_TEXT', value: MAX_SEARCH_TEXT, readme: `search text at most ${MAX_SEARCH_TEXT} characters` },
  {
    name: 'MAX_HOPS',
    value: MAX_HOPS,
    readme: `\`maxHops\` at most ${MAX_HOPS}`,
    sdl: [
      { file: 'paths', text: `\`maxHops\` (1 to ${MAX_HOPS})` },
      { file: 'paths', text: `at most ${MAX_HOPS} hops` },
    ],
  },
  {
    name: 'MAX_NEIGHBOURHOOD_DEPTH',
    value: MAX_NEIGHBOURHOOD_DEPTH,
    readme: `\`depth\` at most ${MAX_NEIGHBOURHOOD_DEPTH}`,
    sdl: [{ file: 'paths', text: `\`depth\` (1 to ${MAX_NEIGHBOURHOOD_DEPTH})` }],
  },
  {
    name: 'MAX_NEIGHBOURHOOD',
    value: MAX_NEIGHBOURHOOD,
    readme: `neighbourhoods of at most ${MAX_NEIGHBOURHOOD} entities`,
    sdl: [{ file: 'paths', text: `\`limit\` (1 to ${MAX_NEIGHBOURHOOD})` }],
  },
  { name: 'MAX_DEPTH', value: MAX_DEPTH, readme: `nesting depth at most ${MAX_DEPTH}` },
  { name: 'MAX_ALIASES', value: MAX_ALIASES, readme: `at most ${MAX_ALIASES} aliases` },
  { name: 'MAX_DIRECTIVES', value: MAX_DIRECTIVES, readme: `${MAX_DIRECTIVES} directives per request` },
  { name: 'MAX_COST', value: MAX_COST, readme: `overall cost of at most ${MAX_COST.toLocaleString('en')}` },
  { name: 'MAX_TOKENS', value: MAX_TOKENS, readme: `at most ${MAX_TOKENS.toLocaleString('en')} tokens` },
  {
    name: 'MAX_ITEMS',
    value: MAX_ITEMS,
    readme: `at most ${MAX_ITEMS.toLocaleString('en')} entities, links and sources`,
  },
  { name: 'MAX_BODY_BYTES', value: MAX_BODY_BYTES, readme: `request bodies at most ${MAX_BODY_BYTES / 1_000_000} MB` },
];
