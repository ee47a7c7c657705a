import { GraphQLScalarType, Kind, print } from 'graphql';
import { badInput } from '../errors.js';
import { isIsoDate } from '../graph/model.js';

/** ISO dates as text, with year or year-month precision allowed. */
export const dateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (value) => String(value),
  parseValue: (value) => check(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? check(ast.value) : refuse(print(ast))),
});

function check(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) return refuse(JSON.stringify(value) ?? String(value));
  return value;
}

/** `shown` is the value as the client wrote it: "2024-13", 2024, null. */
function refuse(shown: string): never {
  throw badInput(`Date must be an ISO date in quotes such as "2025-09-09", "2025-09" or "2025", got ${shown}`);
}
