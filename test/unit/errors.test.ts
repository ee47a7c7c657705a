import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db/gateway.js';
import { AppError, ErrorCode, formatError } from '../../src/errors.js';

describe('errors', () => {
  const formatted = (error: GraphQLError) => error.toJSON();

  it('keeps the code and message of known errors', () => {
    const error = new GraphQLError('wrapped', {
      originalError: new AppError(ErrorCode.BAD_USER_INPUT, 'first must be between 1 and 200, got 0'),
    });
    expect(formatError(formatted(error), error, true)).toMatchObject({
      message: 'first must be between 1 and 200, got 0',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('hides unexpected errors and their stack traces in production', () => {
    const error = new GraphQLError('Neo4jError: secret internals', {
      originalError: new Error('secret internals'),
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
    });
    const shown = formatError(formatted(error), error, true);
    expect(shown).toEqual({
      message: 'Internal server error',
      locations: undefined,
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(formatError(formatted(error), error, false).message).toBe('Neo4jError: secret internals');
  });

  it('drops stack traces of coded client errors in production', () => {
    const error = new GraphQLError('Cannot query field "nope"', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at y'] },
    });
    expect(formatError(formatted(error), error, true).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('maps a database that cannot be reached to DATABASE_UNAVAILABLE', async () => {
    // A real driver against a port where nothing listens.
    const db = Database.connect({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x' });
    try {
      await expect(db.ping()).rejects.toMatchObject({
        code: ErrorCode.DATABASE_UNAVAILABLE,
        message: expect.stringMatching(/^The graph database is unavailable: /),
      });
    } finally {
      await db.close();
    }
  }, 20_000);

  it('names no host, port or driver reason for an unreachable database in production', () => {
    const error = new GraphQLError('wrapped', {
      originalError: new AppError(
        ErrorCode.DATABASE_UNAVAILABLE,
        'The graph database is unavailable: connect ECONNREFUSED 10.1.2.3:7687',
      ),
    });
    expect(formatError(formatted(error), error, true)).toMatchObject({
      message: 'The graph database is unavailable; try again shortly',
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    });
    expect(formatError(formatted(error), error, false).message).toBe(
      'The graph database is unavailable: connect ECONNREFUSED 10.1.2.3:7687',
    );
  });

  it("says the parser's limits plainly, as QUERY_TOO_COMPLEX", () => {
    const tokens = new GraphQLError('Syntax Error: Document contains more that 2000 tokens. Parsing aborted.', {
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    expect(formatError(formatted(tokens), tokens, true)).toEqual({
      message: 'a query may hold at most 2000 tokens (names, punctuation and values); ask for less in one request',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    const deep = new GraphQLError('Maximum call stack size exceeded', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatError(formatted(deep), deep, true)).toEqual({
      message: 'the query is nested too deeply to be read',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
    const aborted = new GraphQLError('Validation aborted.', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatError(formatted(aborted), aborted, true).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
  });
});
