/**
 * The browser pages: the graph explorer (index.html) and the GraphQL IDE (graphql.html),
 * bundled from npm packages into web/dist, which src/server/web.ts serves. Nothing is
 * loaded from another origin, so both work offline.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  // No public/ folder: everything the pages use is imported, so it lands in assets/.
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // GraphiQL with Monaco is a few MB whatever we do; the warning would only repeat that.
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      input: {
        index: path.join(root, 'index.html'),
        graphql: path.join(root, 'graphql.html'),
      },
      onwarn(warning, warn) {
        // GraphiQL's dependencies mark modules "use client" (for React Server Components), meaningless here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
