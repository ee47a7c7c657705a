/**
 * A small node:http front for Apollo Server: /graphql, /health and the browser pages (web.ts). It
 * limits request bodies and answers malformed JSON with a 400 before Apollo sees it, answers
 * CORS (closed to other origins unless CORS_ORIGINS names them), gives every request an id
 * (x-request-id, honoured when the client sends a sane one) and logs one line per request.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { HeaderMap, type ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { Database } from '../db/gateway.js';
import { createContext, type Context, type RequestRecord } from '../graph/context.js';
import type { Logger } from '../logger.js';
import { DATABASE_UNAVAILABLE_PUBLIC, ErrorCode } from '../errors.js';
import { serveWeb, wantsIde } from './web.js';

export const MAX_BODY_BYTES = 1_000_000;
export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming request id is kept when it is short and plain; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The database and whether it may be used yet (see App: a database down at start is prepared later). */
export interface DatabaseStatus {
  db: Database;
  unavailable(): string | undefined;
}

export interface HttpOptions {
  /** Allowed origins for CORS; ['*'] any; [] same origin only. */
  corsOrigins: string[];
  /** Serve the GraphQL IDE at GET /graphql for browsers. */
  ide: boolean;
  /** Production mode: /health names no driver internals (errors.ts DATABASE_UNAVAILABLE_PUBLIC). */
  production: boolean;
}

export function createHttpHandler(
  apollo: ApolloServer<Context>,
  database: DatabaseStatus,
  logger: Logger,
  options: HttpOptions,
): http.RequestListener {
  return (req, res) => {
    const started = performance.now();
    const incoming = req.headers[REQUEST_ID_HEADER];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const record: RequestRecord = { id, errorCodes: [] };
    res.setHeader(REQUEST_ID_HEADER, id);
    res.once('finish', () => {
      const line = {
        reqId: id,
        method: req.method,
        path: (req.url ?? '/').split('?')[0],
        ...(record.operationName ? { operationName: record.operationName } : {}),
        status: res.statusCode,
        ...(record.errorCodes.length > 0 ? { errorCodes: [...new Set(record.errorCodes)] } : {}),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    handle(apollo, database, options, record, req, res).catch((error: unknown) => {
      logger.error({ reqId: id, err: error }, 'request failed');
      if (!res.headersSent)
        send(res, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
        });
      else res.end();
    });
  };
}

/**
 * Records each GraphQL request's operation name and error codes for the request's log line
 * (written by createHttpHandler when the response is sent).
 */
export function requestLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName, errors }) {
          const record = contextValue.request;
          if (operationName) record.operationName = operationName;
          const sent = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const error of [...sent, ...(errors ?? [])]) {
            const code = (error.extensions as { code?: unknown } | undefined)?.code;
            if (typeof code === 'string') record.errorCodes.push(code);
          }
        },
      };
    },
  };
}

async function handle(
  apollo: ApolloServer<Context>,
  database: DatabaseStatus,
  options: HttpOptions,
  record: RequestRecord,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    send(res, 400, {
      errors: [
        {
          message: `the request target is not a valid URL path: ${JSON.stringify((req.url ?? '').slice(0, 200))}`,
          extensions: { code: ErrorCode.BAD_REQUEST },
        },
      ],
    });
    return;
  }
  if (!cors(req, res, options.corsOrigins)) return;
  if (url.pathname === '/health') {
    const down = (reason: string) =>
      send(res, 503, {
        status: 'unavailable',
        database: 'down',
        reason: options.production ? DATABASE_UNAVAILABLE_PUBLIC : reason,
      });
    const why = database.unavailable();
    if (why !== undefined) {
      down(why);
      return;
    }
    try {
      await database.db.ping();
      send(res, 200, { status: 'ok', database: 'up' });
    } catch (error) {
      down(error instanceof Error ? error.message : String(error));
    }
    return;
  }
  if (!options.ide && wantsIde(req, url)) {
    send(res, 404, {
      error: 'the GraphQL IDE is turned off on this server (IDE=false); send queries to /graphql with a GraphQL client',
    });
    return;
  }
  if (serveWeb(req, res, url)) return;
  if (url.pathname !== '/graphql') {
    send(res, 404, { error: `no such endpoint: ${url.pathname}; the API is at /graphql` });
    return;
  }

  const raw = await readBody(req);
  if (raw === undefined) {
    send(
      res,
      413,
      {
        errors: [
          {
            message: `request body must be at most ${MAX_BODY_BYTES} bytes`,
            extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE },
          },
        ],
      },
      true,
    );
    return;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw;
  if (req.method === 'POST' && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch (error) {
      send(res, 400, {
        errors: [
          {
            message: `request body is not valid JSON: ${(error as Error).message}`,
            extensions: { code: ErrorCode.BAD_REQUEST },
          },
        ],
      });
      return;
    }
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => createContext(database.db, database.unavailable, record),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * CORS. A request from an allowed origin (CORS_ORIGINS, or any with `*`) gets
 * Access-Control-Allow-Origin; one from another origin gets no CORS header, so a browser
 * keeps the answer from that page (same-origin pages need none). Preflights (OPTIONS) are
 * answered here: 204 for an allowed origin, 403 for another. Returns false when the
 * request has been answered.
 */
function cors(req: http.IncomingMessage, res: http.ServerResponse, allowed: string[]): boolean {
  const origin = req.headers.origin;
  const ok = origin !== undefined && (allowed.includes('*') || allowed.includes(origin));
  if (ok) {
    res.setHeader('access-control-allow-origin', allowed.includes('*') ? '*' : origin);
    res.setHeader('access-control-expose-headers', REQUEST_ID_HEADER);
  }
  if (origin !== undefined && !allowed.includes('*')) res.setHeader('vary', 'Origin');
  if (req.method !== 'OPTIONS') return true;
  if (!ok) {
    send(res, 403, {
      error: `origin ${origin ?? '(none)'} may not call this API from a browser; the server allows ${allowed.length === 0 ? 'its own origin only' : allowed.join(', ')} (CORS_ORIGINS)`,
    });
    return false;
  }
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': `content-type, apollo-require-preflight, x-apollo-operation-name, ${REQUEST_ID_HEADER}, x-debug-stats`,
    'access-control-max-age': '600',
  });
  res.end();
  return false;
}

/** The body as text, or undefined as soon as it passes MAX_BODY_BYTES (the rest is not read). */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `close`: the request body was not read to its end, so the connection cannot be reused. */
function send(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}
