/**
 * A small node:http front for Apollo Server: /graphql, /health and the browser pages (web.ts). It
 * limits request bodies and answers malformed JSON with a 400 before Apollo sees it.
 */
import http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Database } from '../db/gateway.js';
import { createContext, type Context } from './context.js';
import type { Logger } from '../logger.js';
import { ErrorCode } from '../errors.js';
import { serveWeb } from './web.js';

export const MAX_BODY_BYTES = 1_000_000;

export function createHttpHandler(apollo: ApolloServer<Context>, db: Database, logger: Logger): http.RequestListener {
  return (req, res) => {
    handle(apollo, db, req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal server error' });
      else res.end();
    });
  };
}

async function handle(apollo: ApolloServer<Context>, db: Database, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/health') {
    try {
      await db.ping();
      send(res, 200, { status: 'ok', database: 'up' });
    } catch (error) {
      send(res, 503, { status: 'unavailable', database: 'down', reason: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (serveWeb(req, res, url)) return;
  if (url.pathname !== '/graphql') {
    send(res, 404, { error: `no such endpoint: ${url.pathname}; the API is at /graphql` });
    return;
  }

  const raw = await readBody(req);
  if (raw === undefined) {
    send(res, 413, { errors: [{ message: `request body must be at most ${MAX_BODY_BYTES} bytes`, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE } }] }, true);
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
      send(res, 400, { errors: [{ message: `request body is not valid JSON: ${(error as Error).message}`, extensions: { code: ErrorCode.BAD_REQUEST } }] });
      return;
    }
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => createContext(db),
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
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}
