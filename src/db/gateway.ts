/**
 * The one database gateway: only this module opens sessions. Reads run in managed read
 * transactions (so they route to readers on a cluster), writes in managed write
 * transactions; both are retried by the driver on transient errors. With DEBUG_CYPHER every
 * round trip is logged with its parameters (a request's reader, graph/context.ts, counts them).
 * Driver errors meaning "no database" become DATABASE_UNAVAILABLE; a read that outlives
 * its time limit is stopped by the database and becomes QUERY_TIMEOUT; others are re-thrown.
 * Every session of one Database shares a bookmark manager: on a cluster, a read after a
 * write (the API's reads after its seed load) waits until the reader it is routed to has
 * that write (causal consistency).
 */
import neo4j, { type BookmarkManager, type Driver, type ManagedTransaction, type RecordShape } from 'neo4j-driver';
import { AppError, DatabaseUnavailableError, ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Neo4jConnection } from '../config.js';

export type Params = Record<string, unknown>;
export type Row = RecordShape;
/** Transaction metadata: what Neo4j's query log and SHOW TRANSACTIONS show beside the query. */
export type Metadata = Record<string, string>;

/** An integer parameter (LIMIT, SKIP): JS numbers would reach Cypher as floats. */
export function int(value: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(value);
}

export interface GatewayOptions {
  database?: string;
  logger?: Logger;
  debugCypher?: boolean;
  /** Reads (API queries) that run longer are stopped by the database: QUERY_TIMEOUT. Writes (seed loads) have no limit. */
  readTimeoutMs?: number;
  /** Longest wait to open a connection or get one from the pool (default 5 s): a dead database is an error, not a hang. */
  connectTimeoutMs?: number;
  /** How long a managed transaction is retried after transient errors such as a database restart (default 5 s). */
  retryMs?: number;
  /** Bookmarks to start from (another process's writes that this one's reads must see). */
  bookmarks?: string[];
}

export class Database {
  private readonly database?: string;
  /** The bookmarks of this gateway's writes, handed to each session it opens. */
  private readonly bookmarkManager: BookmarkManager;

  constructor(
    private readonly driver: Driver,
    private readonly options: GatewayOptions = {},
  ) {
    this.database = options.database;
    this.bookmarkManager = neo4j.bookmarkManager({ initialBookmarks: options.bookmarks });
  }

  /** The bookmarks of the last writes seen (what the next read waits for on a cluster). */
  async bookmarks(): Promise<string[]> {
    return [...(await this.bookmarkManager.getBookmarks())];
  }

  static connect(connection: Neo4jConnection, options: Omit<GatewayOptions, 'database'> = {}): Database {
    const auth = neo4j.auth.basic(connection.user, connection.password);
    const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    const driver = neo4j.driver(connection.uri, auth, {
      // Numbers come back as JS numbers: ids are strings and counts stay far below 2^53.
      disableLosslessIntegers: true,
      connectionTimeout: connectTimeoutMs,
      // Waiting for a pooled connection includes opening one: at most twice the connect time.
      connectionAcquisitionTimeout: 2 * connectTimeoutMs,
      maxTransactionRetryTime: options.retryMs ?? 5_000,
      userAgent: 'euro-ai-graph',
    });
    return new Database(driver, { ...options, database: connection.database });
  }

  /**
   * One read round trip in a managed read transaction. `metadata` is attached to the
   * transaction (the request id: Neo4j's query log and `SHOW TRANSACTIONS` name the request).
   */
  async read<T extends Row = Row>(cypher: string, params: Params = {}, metadata?: Metadata): Promise<T[]> {
    return this.run('READ', (tx) => runIn<T>(tx, cypher, params), cypher, params, metadata);
  }

  /** One write round trip in a managed write transaction. */
  async write<T extends Row = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    return this.run('WRITE', (tx) => runIn<T>(tx, cypher, params), cypher, params);
  }

  /**
   * A batch write run again and again, each time in its own transaction, until a batch
   * changes nothing: the statement ends in `RETURN count(*) AS changed`, what one batch
   * wrote (a `LIMIT` keeps each transaction small). `onBatch` gets each batch's count;
   * returns the total.
   */
  async writeUntilDone(cypher: string, params: Params = {}, onBatch?: (changed: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.write<{ changed: number }>(cypher, params);
      const changed = Number(row?.changed ?? 0);
      if (changed === 0) return total;
      total += changed;
      onBatch?.(changed);
    }
  }

  /**
   * Several statements in one write transaction: all of them commit, or none does. The
   * work function may be retried on transient errors, so it must not have side effects
   * beyond the transaction.
   */
  async writeTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run('WRITE', (tx) => work(new Tx(tx, this.options)), '<transaction>', {});
  }

  /** A schema statement (constraints, indexes): these cannot share a transaction with data. */
  async schema(cypher: string): Promise<void> {
    this.debug(cypher, {});
    try {
      await this.driver.executeQuery(cypher, {}, { database: this.database, bookmarkManager: this.bookmarkManager });
    } catch (error) {
      throw translate(error);
    }
  }

  /**
   * Resolves when the database answers; throws DATABASE_UNAVAILABLE (with the reason)
   * otherwise. One attempt, no retries, so a health check answers within the connect time.
   */
  async ping(): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      await session.run('RETURN 1 AS ok');
    } catch (error) {
      throw translate(error);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async run<T>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<T>,
    cypher: string,
    params: Params,
    metadata?: Metadata,
  ): Promise<T> {
    this.debug(cypher, params, metadata);
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarkManager,
    });
    try {
      const timeout = this.options.readTimeoutMs;
      return mode === 'READ'
        ? await session.executeRead(work, { ...(timeout ? { timeout } : {}), ...(metadata ? { metadata } : {}) })
        : await session.executeWrite(work, metadata ? { metadata } : undefined);
    } catch (error) {
      throw translate(error, this.options.readTimeoutMs);
    } finally {
      await session.close();
    }
  }

  private debug(cypher: string, params: Params, metadata?: Metadata): void {
    if (this.options.debugCypher && this.options.logger) {
      this.options.logger.debug({ ...metadata, cypher: cypher.trim(), params: summarize(params) }, 'cypher');
    }
  }
}

/** A transaction handed to Database.writeTransaction's work function. */
export class Tx {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly options: GatewayOptions,
  ) {}

  async run<T extends Row = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    if (this.options.debugCypher && this.options.logger) {
      this.options.logger.debug({ cypher: cypher.trim(), params: summarize(params) }, 'cypher');
    }
    return runIn<T>(this.tx, cypher, params);
  }
}

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

const AUTH_CODES = new Set([
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.CredentialsExpired',
]);

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

/** Maps driver errors: "cannot be reached" to DATABASE_UNAVAILABLE, "took too long" to QUERY_TIMEOUT. */
export function translate(error: unknown, timeoutMs?: number): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code;
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const limit = timeoutMs === undefined ? 'its time limit' : `${timeoutMs} ms (QUERY_TIMEOUT_MS)`;
    return new AppError(
      ErrorCode.QUERY_TIMEOUT,
      `The query ran longer than ${limit} and was stopped; ask for fewer hops, a smaller depth or a smaller page`,
    );
  }
  // While a server starts (or stops), authentication can fail before its system database
  // is up; a wrong password looks the same. Either way the graph cannot be used: the reason
  // is logged, and the request is retried as for an outage.
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || AUTH_CODES.has(code))) {
    return new DatabaseUnavailableError((error as Error).message.split('\n')[0]);
  }
  return error;
}

// ---- private helpers ----

async function runIn<T extends Row>(tx: ManagedTransaction, cypher: string, params: Params): Promise<T[]> {
  const result = await tx.run(cypher, params);
  return result.records.map((record) => record.toObject() as T);
}

/** Long parameter lists are logged by size, not in full. */
function summarize(params: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = Array.isArray(value) && value.length > 5 ? `[${value.length} items]` : value;
  }
  return out;
}
