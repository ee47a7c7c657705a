/**
 * The error codes clients see in `extensions.code`, and the one place that turns any
 * thrown error into a GraphQL error. Messages say the rule and the value received.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error whose message is safe and useful to show a client. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * What production mode says of a database that cannot be reached; the driver's reason
 * (host, port, connection error) is for the logs and for development only.
 */
export const DATABASE_UNAVAILABLE_PUBLIC = 'The graph database is unavailable; try again shortly';

/** DATABASE_UNAVAILABLE, keeping the reason (the driver's, or why the server holds reads back) apart from the message. */
export class DatabaseUnavailableError extends AppError {
  constructor(readonly reason: string) {
    super(ErrorCode.DATABASE_UNAVAILABLE, `The graph database is unavailable: ${reason}`);
  }
}

export function badInput(message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message);
}

/**
 * Apollo's formatError hook. Known errors keep their code and message; anything else
 * becomes INTERNAL_SERVER_ERROR, with its stack trace hidden in production.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  production: boolean,
): GraphQLFormattedError {
  const original = appErrorIn(unwrapResolverError(error));
  if (original instanceof AppError) {
    const message =
      production && original.code === ErrorCode.DATABASE_UNAVAILABLE ? DATABASE_UNAVAILABLE_PUBLIC : original.message;
    return { ...formatted, message, extensions: { code: original.code } };
  }
  const code = formatted.extensions?.code;
  // The parser's own limits (server/limits.ts MAX_TOKENS; the stack for deep nesting), said plainly.
  const tokens = /Document contains more th(?:an|at) (\d+) tokens/.exec(formatted.message);
  if (tokens) {
    return {
      message: `a query may hold at most ${tokens[1]} tokens (names, punctuation and values); ask for less in one request`,
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
    };
  }
  if (code === 'GRAPHQL_PARSE_FAILED' && /Maximum call stack size exceeded/.test(formatted.message)) {
    return { message: 'the query is nested too deeply to be read', extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
  }
  // graphql-js stops checking a document whose repeated fields or fragment spreads would take too long to compare.
  if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message === 'Validation aborted.') {
    return {
      message: 'the query repeats fields or fragments too often to be checked; ask for less in one request',
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
    };
  }
  if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return production ? { ...formatted, extensions: { code } } : formatted;
  }
  if (production) {
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  }
  return formatted;
}

/** The AppError an error wraps, if any (Apollo wraps validation errors more than once). */
function appErrorIn(error: unknown): AppError | undefined {
  for (
    let e = error, depth = 0;
    e instanceof Error && depth < 5;
    e = (e as { originalError?: unknown }).originalError, depth++
  ) {
    if (e instanceof AppError) return e;
  }
  return undefined;
}
