/**
 * The error codes clients see in `extensions.code`, and the one place that turns any
 * thrown error into a GraphQL error. Messages say the rule and the value received.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error whose message is safe and useful to show a client. */
export class AppError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
  }
}

export function badInput(message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, message);
}

/**
 * Apollo's formatError hook. Known errors keep their code and message; anything else
 * becomes INTERNAL_SERVER_ERROR, with its stack trace hidden in production.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, production: boolean): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: { code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return production ? { ...formatted, extensions: { code } } : formatted;
  }
  if (production) {
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  return formatted;
}

export function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError;
}
