import fs from 'node:fs';
import path from 'node:path';

import express, { Router } from 'express';

import { projectRoot } from '../config/paths';
import { faviconIco } from './favicon';

/** Where `npm run build` (web/build.mjs) puts the browser bundles. */
export const WEB_DIST_DIR = path.join(projectRoot(), 'dist', 'web');

/**
 * The graph explorer at GET / and GraphiQL at GET /graphiql, with their bundles under /assets/, all
 * from dist/web: the pages need nothing from the internet. When the bundles were not built, the
 * pages answer 503 with how to build them, and the API itself still works. /favicon.ico is drawn
 * by favicon.ts, built or not.
 */
export function createWebRoutes(webDir: string = WEB_DIST_DIR): Router {
  const router = Router();
  const page =
    (app: 'explorer' | 'graphiql') =>
    (_req: express.Request, res: express.Response): void => {
      const file = path.join(webDir, app, 'index.html');
      if (!fs.existsSync(file)) {
        res
          .status(503)
          .type('html')
          .send(
            `<!doctype html><title>NewsGraph</title><h1>NewsGraph</h1><p>The ${app} is not built: run <code>npm run build</code>. The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`,
          );
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(file);
    };
  router.get('/', page('explorer'));
  router.get('/graphiql', page('graphiql'));
  router.get('/favicon.ico', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/x-icon').send(faviconIco());
  });
  router.use('/assets', express.static(webDir, { index: false, redirect: false, fallthrough: false }));
  return router;
}
