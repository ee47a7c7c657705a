import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { ErrorCode } from '../errors.js';
import { isIsoDate } from '../seed/dataset.js';

/** ISO dates as text, with year or year-month precision allowed. */
export const dateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (value) => String(value),
  parseValue: (value) => check(value),
  parseLiteral: (ast) => check(ast.kind === Kind.STRING ? ast.value : undefined),
});

function check(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new GraphQLError(`Date must be an ISO date such as "2025-09-09", "2025-09" or "2025", got ${JSON.stringify(value)}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return value;
}
