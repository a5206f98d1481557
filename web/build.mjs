// Builds the browser bundles (the graph explorer and GraphiQL) into dist/web/ with esbuild, so the
// service serves both from its own files: no CDN, no external fonts (GraphiQL's fonts are inlined
// as data: URLs in its CSS; any other font or image is copied next to the bundle).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(webDir);
const outDir = path.join(root, 'dist', 'web');
const production = process.env.NODE_ENV !== 'development';

fs.rmSync(outDir, { recursive: true, force: true });

const common = {
  bundle: true,
  minify: production,
  sourcemap: true,
  target: ['es2022'],
  logLevel: 'warning',
  legalComments: 'linked',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  absWorkingDir: root,
};

const started = Date.now();
await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'web/explorer/main.ts' },
    outdir: path.join(outDir, 'explorer'),
    format: 'iife',
  }),
  build({
    ...common,
    entryPoints: { main: 'web/graphiql/main.tsx' },
    outdir: path.join(outDir, 'graphiql'),
    format: 'esm',
    jsx: 'automatic',
  }),
  // Monaco (GraphiQL's editor) runs language services in web workers: one bundle each, loaded from
  // /assets/graphiql/workers/ by the MonacoEnvironment that web/graphiql/main.tsx sets up.
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'node_modules/monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'node_modules/monaco-graphql/esm/graphql.worker.js',
    },
    outdir: path.join(outDir, 'graphiql', 'workers'),
    format: 'iife',
  }),
]);

for (const app of ['explorer', 'graphiql']) {
  fs.copyFileSync(path.join(webDir, app, 'index.html'), path.join(outDir, app, 'index.html'));
}

// Nothing built may point the browser at another host (a CDN, a font service).
const external = /(?:url\(\s*["']?|@import\s+["']?|src=["']|href=["'])(?:https?:)?\/\//i;
for (const file of fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
  if (!/\.(css|html)$/.test(file)) continue;
  const text = fs.readFileSync(path.join(outDir, file), 'utf8');
  const match = external.exec(text);
  if (match) throw new Error(`dist/web/${file} references an external URL near "${text.slice(match.index, match.index + 80)}"`);
}
console.log(`Built the web bundles into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
