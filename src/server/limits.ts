/**
 * Limits on what one request may ask for, checked before anything runs (GraphQL Armor's
 * validation rules): nesting depth (each level can multiply the answer), aliases (each
 * aliased root field can cost its own Cypher round trip), directives, and an overall cost
 * that weighs every field by its depth and by the `first` of the lists it is in. Going
 * past a limit is a QUERY_TOO_COMPLEX error naming the limit and the value, not a slow
 * server. Arguments that bound Cypher work (maxHops, depth, first) are checked by the
 * resolvers before any query runs.
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

// ---- private helpers ----

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
