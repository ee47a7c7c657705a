/**
 * The HTTP front: express 5 with Apollo's express integration at /graphql, /health and the
 * browser pages (web.ts). express's body parser limits request bodies (MAX_BODY_BYTES) and
 * turns malformed JSON into a 400 before Apollo sees it; the cors middleware answers CORS
 * (closed to other origins unless CORS_ORIGINS names them). Every request gets an id
 * (x-request-id, honoured when the client sends a sane one) and one log line.
 */
import { randomUUID } from 'node:crypto';
import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Database } from '../db/gateway.js';
import { DATABASE_UNAVAILABLE_PUBLIC, ErrorCode } from '../errors.js';
import { createContext, type Context, type RequestRecord } from '../graph/context.js';
import { MAX_BODY_BYTES } from '../limits.js';
import type { Logger } from '../logger.js';
import { webPages, wantsIde } from './web.js';

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

/** What locals.request holds: this request's record for its log line (and its id). */
type Locals = { request: RequestRecord };

export function createHttpApp(
  apollo: ApolloServer<Context>,
  database: DatabaseStatus,
  logger: Logger,
  options: HttpOptions,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Answers are computed per request; no ETag (and no 304) for GraphQL answers.
  app.set('etag', false);
  // /graphql is /graphql: not /GraphQL, not /graphql/.
  app.set('strict routing', true);
  app.set('case sensitive routing', true);

  app.use(requestLog(logger));
  app.use(validTarget);
  app.use(corsFor(options.corsOrigins));
  app.get('/health', health(database, options.production));
  if (!options.ide) {
    app.use((req, res, next) => {
      if (!wantsIde(req)) return next();
      sendError(
        res,
        404,
        ErrorCode.NOT_FOUND,
        'the GraphQL IDE is turned off on this server (IDE=false); send queries to /graphql with a GraphQL client',
      );
    });
  }
  app.use(webPages());
  app.all(
    '/graphql',
    // JSON bodies are parsed (strict: false, so a JSON string or null reaches Apollo, which
    // says what a GraphQL request must be); any other body is passed on as text, so Apollo's
    // CSRF prevention answers a form post. The same limit holds for both.
    express.json({ limit: MAX_BODY_BYTES, strict: false, inflate: false }),
    express.text({ limit: MAX_BODY_BYTES, type: () => true, inflate: false }),
    expressMiddleware(apollo, {
      context: async ({ res }) => createContext(database.db, database.unavailable, (res.locals as Locals).request),
    }),
  );
  app.use((req, res) => {
    sendError(res, 404, ErrorCode.NOT_FOUND, `no such endpoint: ${req.path}; the API is at /graphql`);
  });
  app.use(errorHandler(logger));
  return app;
}

/**
 * The one place an error response is written outside GraphQL execution (Apollo's own
 * answers have the same shape): `{ errors: [{ message, extensions: { code } }] }`.
 * `close`: the request body was not read to its end, so the connection cannot be reused.
 */
export function sendError(res: Response, status: number, code: ErrorCode, message: string, close = false): void {
  if (close) res.setHeader('connection', 'close');
  res.status(status).type('application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Records each GraphQL request's operation name and error codes for the request's log line
 * (written by requestLog when the response is sent).
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

// ---- private helpers ----

/** The request id (kept or made), its header on the answer, and one log line when the answer is sent. */
function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const incoming = req.headers[REQUEST_ID_HEADER];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const record: RequestRecord = { id, errorCodes: [] };
    (res.locals as Locals).request = record;
    res.setHeader(REQUEST_ID_HEADER, id);
    res.once('finish', () => {
      const line = {
        reqId: id,
        method: req.method,
        path: (req.originalUrl ?? '/').split('?')[0],
        ...(record.operationName ? { operationName: record.operationName } : {}),
        status: res.statusCode,
        ...(record.errorCodes.length > 0 ? { errorCodes: [...new Set(record.errorCodes)] } : {}),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

/** A request target that is not a URL path (`//[`) is a 400, not a route lookup. */
const validTarget: RequestHandler = (req, res, next) => {
  try {
    new URL(req.url ?? '/', 'http://localhost');
  } catch {
    sendError(
      res,
      400,
      ErrorCode.BAD_REQUEST,
      `the request target is not a valid URL path: ${JSON.stringify((req.url ?? '').slice(0, 200))}`,
    );
    return;
  }
  next();
};

/**
 * CORS. A request from an allowed origin (CORS_ORIGINS, or any with `*`) gets
 * Access-Control-Allow-Origin; one from another origin gets no CORS header, so a browser
 * keeps the answer from that page (same-origin pages need none). A preflight (OPTIONS) from
 * an allowed origin is answered 204 by the cors middleware; from another, 403 saying why.
 */
function corsFor(allowed: string[]): RequestHandler {
  const any = allowed.includes('*');
  const middleware = cors({
    origin: any ? '*' : allowed,
    methods: 'GET, POST, OPTIONS',
    allowedHeaders: `content-type, apollo-require-preflight, x-apollo-operation-name, ${REQUEST_ID_HEADER}, x-debug-stats`,
    exposedHeaders: REQUEST_ID_HEADER,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (req.method === 'OPTIONS' && !any && !allowed.includes(origin)) {
      res.vary('Origin');
      sendError(
        res,
        403,
        ErrorCode.FORBIDDEN,
        `origin ${origin} may not call this API from a browser; the server allows ${allowed.length === 0 ? 'its own origin only' : allowed.join(', ')} (CORS_ORIGINS)`,
      );
      return;
    }
    middleware(req, res, next);
  };
}

function health(database: DatabaseStatus, production: boolean): RequestHandler {
  return async (_req, res) => {
    const down = (reason: string): void => {
      res
        .status(503)
        .json({ status: 'unavailable', database: 'down', reason: production ? DATABASE_UNAVAILABLE_PUBLIC : reason });
    };
    const why = database.unavailable();
    if (why !== undefined) {
      down(why);
      return;
    }
    try {
      await database.db.ping();
      res.status(200).json({ status: 'ok', database: 'up' });
    } catch (error) {
      down(error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * The body parser's refusals, recognised by their type (http-errors' `type`), and anything
 * else that escaped a handler: a 500 with no internals, logged with the request id.
 */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.too.large') {
      return sendError(
        res,
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        `request body must be at most ${MAX_BODY_BYTES} bytes`,
        true,
      );
    }
    if (type === 'entity.parse.failed') {
      return sendError(res, 400, ErrorCode.BAD_REQUEST, `request body is not valid JSON: ${(error as Error).message}`);
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendError(res, 415, ErrorCode.BAD_REQUEST, `request body cannot be read: ${(error as Error).message}`);
    }
    logger.error({ reqId: (res.locals as Locals).request?.id, err: error, path: req.path }, 'request failed');
    sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
}
