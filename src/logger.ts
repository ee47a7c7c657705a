import pino from 'pino';

/** Structured logs on stderr, so stdout stays free for command output. */
export function createLogger(level: string): pino.Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}

export type Logger = pino.Logger;
