/**
 * Configuration, read once from the environment, typed, with explicit defaults.
 * A bad value fails fast with a message naming the variable.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  /** Database name; undefined means the server's default database. */
  database?: string;
}

export interface EmbeddedSettings {
  /** Instance name: its data lives in neo4j/instances/<name>. */
  instance: string;
  boltPort: number;
  httpPort: number;
  heap: string;
  pageCache: string;
  /** JDK to run Neo4j with; undefined: `java` on PATH. */
  javaHome?: string;
}

export interface Config {
  host: string;
  port: number;
  production: boolean;
  logLevel: string;
  debugCypher: boolean;
  /** Longest a read transaction (an API query) may run before the database stops it. */
  queryTimeoutMs: number;
  /** Longest the driver waits to open a connection, or for a free one from its pool. */
  connectTimeoutMs: number;
  /** How long the driver keeps retrying a transaction after a transient error (a database restart). */
  retryMs: number;
  /**
   * Origins (scheme://host[:port]) whose browser pages may call the API (CORS); empty: same
   * origin only; ['*']: any origin.
   */
  corsOrigins: string[];
  /** Schema introspection (GraphiQL needs it); on by default, the data is public. */
  introspection: boolean;
  /** The GraphQL IDE at GET /graphql for browsers; on by default. */
  ide: boolean;
  /** Set when NEO4J_URI is given; otherwise the project starts its embedded Neo4j. */
  neo4j?: Neo4jConnection;
  embedded: EmbeddedSettings;
  seedDir: string;
  seedOnStart: boolean;
  /** The sourced statements the seed is built from (JSON lines), for the coverage report. */
  factsDir: string;
}

export class ConfigError extends Error {
  constructor(variable: string, rule: string, got: string) {
    super(`${variable} ${rule}, got "${got}"`);
    this.name = 'ConfigError';
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const uri = optional(env, 'NEO4J_URI');
  if (uri !== undefined && !/^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(uri)) {
    throw new ConfigError('NEO4J_URI', 'must start with bolt://, neo4j://, bolt+s:// or neo4j+s://', uri);
  }
  return {
    host: optional(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    production: env.NODE_ENV === 'production',
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    debugCypher: flag(env, 'DEBUG_CYPHER', false),
    queryTimeoutMs: integer(env, 'QUERY_TIMEOUT_MS', 10_000, 1, 600_000),
    connectTimeoutMs: integer(env, 'NEO4J_CONNECT_TIMEOUT_MS', 5_000, 100, 120_000),
    retryMs: integer(env, 'NEO4J_RETRY_MS', 5_000, 0, 120_000),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    introspection: flag(env, 'INTROSPECTION', true),
    ide: flag(env, 'IDE', true),
    neo4j:
      uri === undefined
        ? undefined
        : {
            uri,
            user: optional(env, 'NEO4J_USER') ?? 'neo4j',
            password: optional(env, 'NEO4J_PASSWORD') ?? '',
            database: optional(env, 'NEO4J_DATABASE'),
          },
    embedded: {
      instance: optional(env, 'EMBEDDED_NEO4J_INSTANCE') ?? 'default',
      boltPort: integer(env, 'EMBEDDED_NEO4J_BOLT_PORT', 7687, 1, 65535),
      httpPort: integer(env, 'EMBEDDED_NEO4J_HTTP_PORT', 7474, 1, 65535),
      heap: memory(env, 'EMBEDDED_NEO4J_HEAP', '1g'),
      pageCache: memory(env, 'EMBEDDED_NEO4J_PAGECACHE', '512m'),
      javaHome: optional(env, 'JAVA_HOME'),
    },
    seedDir: path.resolve(PROJECT_ROOT, optional(env, 'SEED_DIR') ?? 'seed'),
    seedOnStart: flag(env, 'SEED_ON_START', true),
    factsDir: path.resolve(PROJECT_ROOT, optional(env, 'FACTS_DIR') ?? path.join('seed', 'statements')),
  };
}

// ---- private helpers ----

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max}`, raw);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, 'must be true or false (or 1/0, yes/no, on/off)', raw);
}

function oneOf(env: NodeJS.ProcessEnv, name: string, fallback: string, allowed: string[]): string {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}`, raw);
  return raw;
}

/** A comma-separated list of origins such as https://example.org or http://localhost:5173, or `*`. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = optional(env, name);
  if (raw === undefined) return [];
  if (raw === '*') return ['*'];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      let origin: string | undefined;
      try {
        origin = new URL(item).origin;
      } catch {
        origin = undefined;
      }
      if (origin === undefined || origin === 'null' || origin !== item.replace(/\/$/, '')) {
        throw new ConfigError(
          name,
          'must be * or a comma-separated list of origins such as https://example.org or http://localhost:5173 (scheme, host and port, no path)',
          item,
        );
      }
      return origin;
    });
}

function memory(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+[kmg]$/i.test(raw)) throw new ConfigError(name, 'must be a size such as 512m or 2g', raw);
  return raw.toLowerCase();
}
