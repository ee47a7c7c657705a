/**
 * The browser pages, served from the Vite build in web/dist: the graph explorer at /,
 * the GraphQL IDE at GET /graphql when a browser asks for HTML, and their assets.
 * Nothing is fetched from elsewhere, so both work offline.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { PROJECT_ROOT } from '../config.js';

export const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

/** A browser asking for the IDE: GET (or HEAD) /graphql for HTML, not a GraphQL client's GET with ?query=. */
export function wantsIde(req: Request): boolean {
  return (
    req.path === '/graphql' &&
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.headers.accept ?? '').includes('text/html') &&
    !new URL(req.originalUrl, 'http://localhost').searchParams.has('query')
  );
}

/**
 * The pages and their assets. GET /graphql with `Accept: text/html` (a browser's address
 * bar) gets the IDE; a GraphQL client's GET or POST falls through to the API, and so does
 * an asset that does not exist (to the 404).
 */
export function webPages(dist = WEB_DIST): Router {
  const router = express.Router({ strict: true, caseSensitive: true });
  router.get('/', (_req, res) => page(res, dist, 'index.html'));
  router.get('/graphql', (req, res, next) => (wantsIde(req) ? page(res, dist, 'graphql.html') : next()));
  // Vite names assets by their content hash: a name never changes what it holds.
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  return router;
}

// ---- private helpers ----

function page(res: Response, dist: string, file: string): void {
  const full = path.join(dist, file);
  if (!existsSync(full) || !statSync(full).isFile()) {
    res
      .status(503)
      .type('text/plain; charset=utf-8')
      .send(`the web pages are not built (no ${path.relative(PROJECT_ROOT, full)}); run "npm run build:web"`);
    return;
  }
  res.sendFile(full, { cacheControl: false, headers: { 'cache-control': 'no-cache' } }, (error) => {
    // The file can vanish between the check and the read (web/dist rebuilt meanwhile):
    // end this response, never the process.
    if (error && !res.headersSent)
      res.status(503).type('text/plain; charset=utf-8').send('the page is being rebuilt; reload');
    else if (error) res.destroy();
  });
}
