/**
 * npm start: the GraphQL API on the embedded Neo4j (or NEO4J_URI), seeded, at
 * http://localhost:4000/graphql.
 */
import { ConfigError, readConfig } from './config.js';
import { EmbeddedNeo4jError } from './embedded/neo4j.js';
import { createLogger } from './logger.js';
import { SeedValidationError } from './seed/dataset.js';
import { DatasetConflictError } from './seed/load.js';
import { App } from './server/app.js';

async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const app = new App(config, logger, (line) => process.stderr.write(`${line}\n`));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    const { url } = await app.start();
    logger.debug({ url, startupMs: Date.now() - started }, 'GraphQL API ready');
    process.stdout.write(`\neuro-ai-graph is ready: ${url}  (health: ${url.replace(/\/graphql$/, '/health')})\n\n`);
  } catch (error) {
    await app.stop().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof EmbeddedNeo4jError ||
    error instanceof SeedValidationError ||
    error instanceof DatasetConflictError;
  process.stderr.write(
    `error: ${known ? (error as Error).message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
