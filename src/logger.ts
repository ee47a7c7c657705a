import pino from 'pino';

/**
 * Structured logs (JSON lines) on stderr, so stdout stays free for command output. Anything
 * that looks like a credential is redacted wherever it appears in a logged object; the
 * configuration itself is never logged.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): pino.Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'password',
          '*.password',
          'neo4j.password',
          'auth',
          '*.auth',
          'credentials',
          '*.credentials',
          'headers.authorization',
          '*.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = pino.Logger;
