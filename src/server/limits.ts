/**
 * Limits on what one request may ask for, checked before anything runs (GraphQL Armor's
 * validation rules): nesting depth (each level can multiply the answer), aliases (each
 * aliased root field can cost its own Cypher round trip), directives, and an overall cost
 * that weighs every field by its depth and by the `first` written in the query. Going
 * past a limit is a QUERY_TOO_COMPLEX error naming the limit and the value, not a slow
 * server. Arguments that bound Cypher work (maxHops, depth, first) are checked by the
 * resolvers before any query runs.
 *
 * The cost cannot see every list's size before it runs (lists without `first`, `first`
 * given in a variable), so a request also has an item budget while it runs: every entity,
 * link and source a resolver loads counts, and a request that would pass MAX_ITEMS stops
 * and is answered with one QUERY_TOO_COMPLEX error instead of a huge (or memory-exhausting)
 * answer.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { AppError, ErrorCode } from '../errors.js';

export const MAX_DEPTH = 12;
export const MAX_ALIASES = 30;
export const MAX_DIRECTIVES = 20;
/**
 * Armor's cost: 1 a scalar, 2 an object, children weighted by 1.5 per level, a list with
 * `first: N` times N. The 50-organization page with founders, jobs, sources and investors
 * costs about 5,000; 100 of them about 10,000.
 */
export const MAX_COST = 20_000;
/** Entities, links and sources one request may load (the 50-organization page with founders, jobs, sources and investors loads about 150). */
export const MAX_ITEMS = 10_000;

export interface Limits {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

export function queryLimits(): Limits {
  const { validationRules, plugins } = new ApolloArmor({
    maxDepth: { n: MAX_DEPTH, ...reject((found) => `query depth must be at most ${MAX_DEPTH}, got ${found}`) },
    maxAliases: { n: MAX_ALIASES, ...reject((found) => `a request may use at most ${MAX_ALIASES} aliases, got ${found}`) },
    maxDirectives: { n: MAX_DIRECTIVES, ...reject((found) => `a request may use at most ${MAX_DIRECTIVES} directives, got ${found}`) },
    costLimit: { maxCost: MAX_COST, ...reject((found) => `query cost must be at most ${MAX_COST}, got ${found} (ask for smaller pages or fewer nested lists)`) },
    // The request body is already limited to 1 MB (http.ts); field suggestions help people in an IDE.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, plugins: plugins as ApolloServerPlugin[] };
}

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

/**
 * A request that used up its item budget gets one error, not the partial answer with an
 * error at every list the budget cut short.
 */
export function itemBudgetPlugin(): ApolloServerPlugin<{ budget: ItemBudget }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (contextValue.budget.exceeded && response.body.kind === 'single') {
            const { extensions } = response.body.singleResult;
            response.body.singleResult = {
              data: null,
              errors: [{ message: budgetMessage(contextValue.budget.max), extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } }],
              ...(extensions ? { extensions } : {}),
            };
          }
        },
      };
    },
  };
}

// ---- private helpers ----

function budgetMessage(max: number): string {
  return `the answer would hold more than ${max} entities, links and sources; ask for fewer nested lists or smaller pages`;
}

/** Armor's rejection, reported as QUERY_TOO_COMPLEX with our wording instead of a "Syntax Error". */
function reject(message: (found: string) => string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = /found (\d+(?:\.\d+)?)/.exec(error.message)?.[1] ?? '?';
        context?.reportError(tooComplex(message(found)));
      },
    ],
  };
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { originalError: new AppError(ErrorCode.QUERY_TOO_COMPLEX, message), extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
}
