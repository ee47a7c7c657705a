/**
 * The browser pages, served from the Vite build in web/dist: the graph explorer at /,
 * the GraphQL IDE at GET /graphql when a browser asks for HTML, and their assets.
 * Nothing is fetched from elsewhere, so both work offline.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';

export const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** A browser asking for the IDE: GET (or HEAD) /graphql for HTML, not a GraphQL client's GET with ?query=. */
export function wantsIde(req: http.IncomingMessage, url: URL): boolean {
  return (
    url.pathname === '/graphql' &&
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.headers.accept ?? '').includes('text/html') &&
    !url.searchParams.has('query')
  );
}

/**
 * Answers the request when it is for a page or an asset, and says whether it did.
 * GET /graphql with `Accept: text/html` (a browser's address bar) gets the IDE; a
 * GraphQL client's GET or POST falls through to the API.
 */
export function serveWeb(req: http.IncomingMessage, res: http.ServerResponse, url: URL, dist = WEB_DIST): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let file: string;
  if (url.pathname === '/graphql') {
    if (!wantsIde(req, url)) return false;
    file = 'graphql.html';
  } else if (url.pathname === '/') {
    file = 'index.html';
  } else if (url.pathname.startsWith('/assets/')) {
    file = url.pathname.slice(1);
  } else {
    return false;
  }
  const full = path.resolve(dist, file);
  if (!full.startsWith(dist + path.sep) || !existsSync(full) || !statSync(full).isFile()) {
    if (file.endsWith('.html')) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`the web pages are not built (no ${path.relative(PROJECT_ROOT, full)}); run "npm run build:web"`);
      return true;
    }
    return false;
  }
  const immutable = file.startsWith('assets/');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else {
    // The file can vanish between the check and the read (web/dist rebuilt meanwhile):
    // end this response, never the process.
    createReadStream(full)
      .on('error', () => res.destroy())
      .pipe(res);
  }
  return true;
}
