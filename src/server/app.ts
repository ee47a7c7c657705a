/**
 * The server's lifecycle, in one place: build (no I/O) -> start (database ready,
 * migrations, seed when needed, listen) -> stop (drain HTTP, stop Apollo, close the
 * driver, stop the embedded database if we started it).
 *
 * A database at NEO4J_URI that cannot be reached at start does not stop the server: it
 * listens at once, /health answers 503 with the reason, GraphQL reads fail with
 * DATABASE_UNAVAILABLE, and the migrations and the seed are retried in the background
 * until the database answers (each attempt logged); then requests are served as usual.
 * The embedded Neo4j is ours to start, so a failure there still stops the start.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ConfigError, type Config } from '../config.js';
import { migrate } from '../db/migrations.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { DatabaseUnavailableError, formatError } from '../errors.js';
import type { Logger } from '../logger.js';
import { readSeedDir, type SeedDataset } from '../seed/dataset.js';
import { SEED_DATASET, datasetContent, loadSeed, seedState } from '../seed/load.js';
import type { Context } from '../graph/context.js';
import { createHttpApp, requestLogPlugin } from './http.js';
import { MAX_TOKENS } from '../limits.js';
import { itemBudgetPlugin, queryLimits } from './limits.js';
import { resolvers, typeDefs } from './schema.js';
import type { Database } from '../db/gateway.js';

export interface Started {
  url: string;
  port: number;
}

/** First and longest pause between attempts to prepare a database that was down at start. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;

export class App {
  private readonly httpServer: http.Server;
  private readonly apollo: ApolloServer<Context>;
  private opened?: OpenDatabase;
  /** Why the database cannot be used yet (down at start, being prepared); undefined once ready. */
  private notReady?: string = 'the server is starting';
  private retryTimer?: NodeJS.Timeout;
  private attempt?: Promise<void>;
  private stopping = false;

  /**
   * @param progress start-up progress for a person watching (plain lines on stderr from
   *   `npm start`); defaults to the structured log.
   */
  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly progress: (line: string) => void = (line) => logger.info(line),
  ) {
    this.httpServer = http.createServer();
    const limits = queryLimits();
    this.apollo = new ApolloServer<Context>({
      typeDefs: typeDefs(),
      resolvers: resolvers(),
      // Public data: on unless INTROSPECTION=false (GraphiQL needs it).
      introspection: config.introspection,
      includeStacktraceInErrorResponses: !config.production,
      formatError: (formatted, error) => formatError(formatted, error, config.production),
      validationRules: limits.validationRules,
      // A document past MAX_TOKENS is refused while it is parsed (before any validation,
      // whose field-merging check grows with the square of repeated fields).
      parseOptions: { maxTokens: MAX_TOKENS },
      // main.ts stops the whole app on SIGINT/SIGTERM; Apollo's own handlers would race it.
      stopOnTerminationSignals: false,
      // Batched requests (a JSON array of operations) are refused with 400: one operation per request.
      allowBatchedHttpRequests: false,
      // The IDE is our own offline build (web.ts), not Apollo's landing page from a CDN.
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer: this.httpServer }),
        ApolloServerPluginLandingPageDisabled(),
        ...limits.plugins,
        itemBudgetPlugin(),
        roundTripStats(),
        requestLogPlugin(),
      ],
    });
  }

  async start(): Promise<Started> {
    // Fail on a bad HOST or a busy PORT, or on bad seed files, before spending seconds on the database.
    await checkListen(this.config.host, this.config.port);
    const seed = this.config.seedOnStart ? readSeedDir(this.config.seedDir) : undefined;
    this.opened = await openDatabase(this.config, { tieToParent: true, logger: this.logger, progress: this.progress });
    const opened = this.opened;
    try {
      await this.prepare(opened.db, seed);
    } catch (error) {
      // Only a database we do not run ourselves may come later; anything else stops the start.
      if (opened.embedded || !(error instanceof DatabaseUnavailableError)) throw error;
      this.notReady = error.reason;
      this.logger.warn(
        { reason: this.notReady },
        'database unavailable at start: serving DATABASE_UNAVAILABLE and retrying the migrations and seed in the background',
      );
      this.progress(`database: unavailable (${this.notReady}); starting anyway, retrying in the background`);
      this.retryInBackground(opened.db, seed, RETRY_FIRST_MS);
    }
    await this.apollo.start();
    this.httpServer.on(
      'request',
      createHttpApp(this.apollo, { db: opened.db, unavailable: () => this.notReady }, this.logger, {
        corsOrigins: this.config.corsOrigins,
        ide: this.config.ide,
        production: this.config.production,
      }),
    );
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(this.config.port, this.config.host, resolve);
    });
    const port = (this.httpServer.address() as AddressInfo).port;
    const host = this.config.host === '127.0.0.1' || this.config.host === '0.0.0.0' ? 'localhost' : this.config.host;
    return { url: `http://${host}:${port}/graphql`, port };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    await this.attempt?.catch(() => undefined);
    await this.apollo.stop().catch(() => undefined);
    if (this.httpServer.listening) await new Promise((resolve) => this.httpServer.close(resolve));
    await this.opened?.close();
    this.opened = undefined;
  }

  /** Migrations, then the seed when it changed; the database is ready for requests after it. */
  private async prepare(db: Database, seed: SeedDataset | undefined): Promise<void> {
    const ran = await migrate(db);
    if (ran.length > 0) this.progress(`schema: applied migrations ${ran.join(', ')}`);
    if (seed) await this.seedIfChanged(db, seed);
    this.notReady = undefined;
  }

  /** Retries prepare() with a growing pause (up to RETRY_MAX_MS) until it succeeds or the app stops. */
  private retryInBackground(db: Database, seed: SeedDataset | undefined, delayMs: number): void {
    this.retryTimer = setTimeout(() => {
      if (this.stopping) return;
      this.attempt = this.prepare(db, seed).then(
        () => {
          this.logger.info('database reachable again: migrations and seed are up to date, serving requests');
          this.progress('database: reachable; migrations and seed up to date');
        },
        (error: unknown) => {
          if (this.stopping) return;
          if (error instanceof DatabaseUnavailableError) this.notReady = error.reason;
          else this.notReady = `preparing the database failed: ${(error as Error).message}`;
          const next = Math.min(delayMs * 2, RETRY_MAX_MS);
          this.logger.warn(
            { reason: this.notReady, retryInMs: next },
            'database still unavailable: retrying the migrations and seed',
          );
          this.retryInBackground(db, seed, next);
        },
      );
    }, delayMs);
    this.retryTimer.unref();
  }

  /**
   * Loads the seed files when the graph is empty, when they changed since the last load, or
   * when the graph no longer holds what that load wrote (its counts and content hash).
   */
  private async seedIfChanged(db: Database, data: SeedDataset): Promise<void> {
    const state = await seedState(db);
    if (state?.hash === data.hash) {
      const now = await datasetContent((cypher, params) => db.read(cypher, params), SEED_DATASET);
      if (now.content === state.content) {
        this.progress(
          `seed: ${data.files.length} seed files unchanged since the last load, and the graph still holds them (${now.nodes} nodes, ${now.relationships} relationships)`,
        );
        return;
      }
      this.progress(
        `seed: the graph no longer matches the seed files loaded last (expected ${state.nodes ?? '?'} nodes and ${state.relationships ?? '?'} relationships, ` +
          `found ${now.nodes} and ${now.relationships}${state.nodes === now.nodes && state.relationships === now.relationships ? ', with different content' : ''}); reloading`,
      );
    }
    this.progress(
      `seed: loading ${data.files.length} seed files (${data.entities.length} entities, ${data.relationships.length} relationships, ${data.sources.length} sources) ...`,
    );
    const summary = await loadSeed(db, data);
    const count = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
    this.progress(
      `seed: loaded ${count(summary.nodes)} nodes and ${count(summary.relationships)} relationships in ${summary.millis} ms`,
    );
  }
}

/** Binds host:port once and lets go, turning a failure into a message that names the settings. */
async function checkListen(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = http.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} is already in use`
          : error.code === 'ENOTFOUND' || error.code === 'EADDRNOTAVAIL'
            ? `"${host}" is not an address of this machine`
            : error.message;
      reject(new ConfigError('HOST/PORT', `must name a free address to listen on (${why})`, `${host}:${port}`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** The request header that asks for `extensions.stats`. */
export const DEBUG_STATS_HEADER = 'x-debug-stats';

/**
 * With the header `x-debug-stats: 1`, adds extensions.stats to the response: the Cypher
 * round trips the request cost (proof there is no N+1) and the time spent waiting for them.
 */
function roundTripStats(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.headers.get(DEBUG_STATS_HEADER) !== '1') return {};
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              stats: {
                cypherRoundTrips: contextValue.db.roundTrips,
                databaseMillis: Math.round(contextValue.db.databaseMillis * 10) / 10,
                items: contextValue.budget.spent,
              },
            };
          }
        },
      };
    },
  };
}
