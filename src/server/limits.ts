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
import {
  GraphQLError,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { AppError, ErrorCode } from '../errors.js';
import { MAX_ALIASES, MAX_COST, MAX_DEPTH, MAX_DIRECTIVES, budgetMessage, type ItemBudget } from '../limits.js';

export interface Limits {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

export function queryLimits(): Limits {
  const { validationRules, plugins } = new ApolloArmor({
    maxDepth: { n: MAX_DEPTH, ...reject((found) => `query depth must be at most ${MAX_DEPTH}, got ${found}`) },
    maxAliases: {
      n: MAX_ALIASES,
      ...reject((found) => `a request may use at most ${MAX_ALIASES} aliases, got ${found}`),
    },
    maxDirectives: {
      n: MAX_DIRECTIVES,
      ...reject((found) => `a request may use at most ${MAX_DIRECTIVES} directives, got ${found}`),
    },
    costLimit: {
      maxCost: MAX_COST,
      ...reject(
        (found) => `query cost must be at most ${MAX_COST}, got ${found} (ask for smaller pages or fewer nested lists)`,
      ),
    },
    // Tokens are limited by the parser itself (MAX_TOKENS, app.ts's parseOptions): one parse, not two.
    maxTokens: { enabled: false },
    // Field suggestions help people in an IDE.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules: [readOnly, ...validationRules], plugins: plugins as ApolloServerPlugin[] };
}

/**
 * The API is read-only: the schema has no Mutation (or Subscription) type, and an operation
 * asking for one is a BAD_REQUEST saying so (graphql 16 would fail it only while executing,
 * as an internal error). The graph changes only through the seed loader.
 */
export function readOnly(context: ValidationContext) {
  return {
    OperationDefinition(node: OperationDefinitionNode) {
      if (node.operation === 'query' || context.getSchema().getRootType(node.operation as OperationTypeNode)) return;
      const message = `the API is read-only: it has no ${node.operation}s (the graph changes only through the seed loader)`;
      context.reportError(
        new GraphQLError(message, {
          nodes: node,
          originalError: new AppError(ErrorCode.BAD_REQUEST, message),
          extensions: { code: ErrorCode.BAD_REQUEST },
        }),
      );
    },
  };
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
              errors: [
                { message: budgetMessage(contextValue.budget.max), extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } },
              ],
              ...(extensions ? { extensions } : {}),
            };
          }
        },
      };
    },
  };
}

// ---- private helpers ----

/** Armor's rejection, reported as QUERY_TOO_COMPLEX with our wording instead of a "Syntax Error". */
function reject(message: (found: string) => string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = /found (\d+(?:\.\d+)?(?:e\+?\d+)?)/.exec(error.message)?.[1] ?? '?';
        context?.reportError(tooComplex(message(found)));
      },
    ],
  };
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, {
    originalError: new AppError(ErrorCode.QUERY_TOO_COMPLEX, message),
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
  });
}
