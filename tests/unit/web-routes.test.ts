import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import express from 'express';

import { createWebRoutes } from '../../src/server/web-routes';

async function serve(webDir: string): Promise<{ base: string; close(): Promise<void> }> {
  const app = express();
  app.use(createWebRoutes(webDir));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('web routes', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-web-'));
    for (const app of ['explorer', 'graphiql']) {
      fs.mkdirSync(path.join(dir, app));
      fs.writeFileSync(path.join(dir, app, 'index.html'), `<!doctype html><title>${app}</title>`);
      fs.writeFileSync(path.join(dir, app, 'main.js'), `console.log('${app}');`);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the explorer at /, GraphiQL at /graphiql and the bundles under /assets/', async () => {
    const server = await serve(dir);
    try {
      const root = await fetch(`${server.base}/`);
      expect(root.status).toBe(200);
      expect(root.headers.get('content-type')).toMatch(/text\/html/);
      expect(await root.text()).toContain('<title>explorer</title>');
      expect(await (await fetch(`${server.base}/graphiql`)).text()).toContain('<title>graphiql</title>');
      const script = await fetch(`${server.base}/assets/graphiql/main.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(`${server.base}/assets/explorer/missing.js`)).status).toBe(404);
      expect((await fetch(`${server.base}/assets/../../etc/passwd`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('answers 503 with how to build them when the bundles are missing', async () => {
    const server = await serve(path.join(dir, 'nothing-here'));
    try {
      const root = await fetch(`${server.base}/`);
      expect(root.status).toBe(503);
      expect(await root.text()).toContain('npm run build');
      expect((await fetch(`${server.base}/graphiql`)).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});
