/**
 * The server's lifecycle, in one place: build (no I/O) -> start (database ready,
 * migrations, seed when needed, listen) -> stop (drain HTTP, stop Apollo, close the
 * driver, stop the embedded database if we started it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ConfigError, type Config } from '../config.js';
import { migrate } from '../db/migrations.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { formatError } from '../errors.js';
import type { Logger } from '../logger.js';
import { readSeedDir } from '../seed/dataset.js';
import { loadSeed, loadedHash } from '../seed/load.js';
import type { Context } from './context.js';
import { createHttpHandler } from './http.js';
import { itemBudgetPlugin, queryLimits } from './limits.js';
import { resolvers, typeDefs } from './schema.js';
import type { Database } from '../db/gateway.js';

export interface Started {
  url: string;
  port: number;
}

export class App {
  private readonly httpServer: http.Server;
  private readonly apollo: ApolloServer<Context>;
  private opened?: OpenDatabase;

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
      introspection: true,
      includeStacktraceInErrorResponses: !config.production,
      formatError: (formatted, error) => formatError(formatted, error, config.production),
      validationRules: limits.validationRules,
      // The IDE is our own offline build (web.ts), not Apollo's landing page from a CDN.
      plugins: [ApolloServerPluginDrainHttpServer({ httpServer: this.httpServer }), ApolloServerPluginLandingPageDisabled(), ...limits.plugins, itemBudgetPlugin(), roundTripStats()],
    });
  }

  async start(): Promise<Started> {
    // Fail on a bad HOST or a busy PORT before spending seconds on the database.
    await checkListen(this.config.host, this.config.port);
    this.opened = await openDatabase(this.config, { tieToParent: true, logger: this.logger, progress: this.progress });
    const ran = await migrate(this.opened.db);
    if (ran.length > 0) this.progress(`schema: applied migrations ${ran.join(', ')}`);
    if (this.config.seedOnStart) await this.seedIfChanged(this.opened.db);
    await this.apollo.start();
    this.httpServer.on('request', createHttpHandler(this.apollo, this.opened.db, this.logger));
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(this.config.port, this.config.host, resolve);
    });
    const port = (this.httpServer.address() as AddressInfo).port;
    const host = this.config.host === '127.0.0.1' || this.config.host === '0.0.0.0' ? 'localhost' : this.config.host;
    return { url: `http://${host}:${port}/graphql`, port };
  }

  async stop(): Promise<void> {
    await this.apollo.stop().catch(() => undefined);
    if (this.httpServer.listening) await new Promise((resolve) => this.httpServer.close(resolve));
    await this.opened?.close();
    this.opened = undefined;
  }

  /** Loads the seed files when the graph is empty or they changed since the last load. */
  private async seedIfChanged(db: Database): Promise<void> {
    const data = readSeedDir(this.config.seedDir);
    if ((await loadedHash(db)) === data.hash) {
      this.progress(`seed: ${data.files.length} seed files unchanged since the last load`);
      return;
    }
    this.progress(`seed: loading ${data.files.length} seed files (${data.entities.length} entities, ${data.relationships.length} relationships, ${data.sources.length} sources) ...`);
    const summary = await loadSeed(db, data);
    const count = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
    this.progress(`seed: loaded ${count(summary.nodes)} nodes and ${count(summary.relationships)} relationships in ${summary.millis} ms`);
  }
}

/** Binds host:port once and lets go, turning a failure into a message that names the settings. */
async function checkListen(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = http.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? `port ${port} is already in use` : error.code === 'ENOTFOUND' || error.code === 'EADDRNOTAVAIL' ? `"${host}" is not an address of this machine` : error.message;
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
                cypherRoundTrips: contextValue.counter.count,
                databaseMillis: Math.round(contextValue.stats.databaseMillis * 10) / 10,
                items: contextValue.budget.spent,
              },
            };
          }
        },
      };
    },
  };
}
