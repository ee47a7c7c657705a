/**
 * Opens the database the configuration names: NEO4J_URI when set, otherwise the
 * project's embedded Neo4j (started here, and stopped by close() if we started it).
 */
import type { Config } from '../config.js';
import { EmbeddedNeo4j, type RunningNeo4j } from '../embedded/neo4j.js';
import type { Logger } from '../logger.js';
import { Database } from './gateway.js';

export interface OpenDatabase {
  db: Database;
  /** Set when the embedded Neo4j is in use. */
  embedded?: RunningNeo4j;
  close(): Promise<void>;
}

export async function openDatabase(
  config: Config,
  options: { tieToParent: boolean; logger?: Logger; progress?: (line: string) => void },
): Promise<OpenDatabase> {
  const gatewayOptions = {
    logger: options.logger,
    debugCypher: config.debugCypher,
    readTimeoutMs: config.queryTimeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
    retryMs: config.retryMs,
  };
  if (config.neo4j) {
    const db = Database.connect(config.neo4j, gatewayOptions);
    return { db, close: () => db.close() };
  }
  const embedded = await new EmbeddedNeo4j(config.embedded).start({
    tieToParent: options.tieToParent,
    progress: options.progress,
  });
  const db = Database.connect(
    { uri: embedded.boltUri, user: embedded.user, password: embedded.password },
    gatewayOptions,
  );
  return {
    db,
    embedded,
    close: async () => {
      await db.close();
      await embedded.stop();
    },
  };
}
