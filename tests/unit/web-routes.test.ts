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

  it('serves /favicon.ico as a 32x32 icon, built or not', async () => {
    const server = await serve(path.join(dir, 'nothing-here'));
    try {
      const response = await fetch(`${server.base}/favicon.ico`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\/x-icon/);
      const ico = Buffer.from(await response.arrayBuffer());
      // ICONDIR: reserved 0, type 1 (icon), one image; its entry: 32x32, 32 bits, the BMP right after.
      expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
      expect([ico[6], ico[7], ico.readUInt16LE(12)]).toEqual([32, 32, 32]);
      const [size, offset] = [ico.readUInt32LE(14), ico.readUInt32LE(18)];
      expect(offset + size).toBe(ico.length);
      // The BMP: a 40-byte header, 32 wide, 64 high (image and mask), then BGRA pixels.
      expect([ico.readUInt32LE(offset), ico.readInt32LE(offset + 4), ico.readInt32LE(offset + 8)]).toEqual([40, 32, 64]);
      const alphas = Array.from({ length: 32 * 32 }, (_, i) => ico[offset + 40 + i * 4 + 3]);
      const opaque = alphas.filter((a) => a === 255).length;
      // A round icon: the corners transparent, most of the square drawn.
      expect(alphas[0]).toBe(0);
      expect(opaque).toBeGreaterThan(600);
      expect(opaque).toBeLessThan(32 * 32);
    } finally {
      await server.close();
    }
  });
});
