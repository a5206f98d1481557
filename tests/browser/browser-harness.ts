/**
 * What the explorer's browser tests share: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), a context that lets only 127.0.0.1 through and records anything else, and
 * screenshots into test-artifacts/browser/.
 */
import fs from 'node:fs';
import path from 'node:path';

import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

import { projectRoot } from '../../src/config/paths';

export const CHROMIUM = process.env.NEWSGRAPH_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(projectRoot(), 'test-artifacts', 'browser');

/** The explorer's test handle (window.newsgraphExplorer, see web/explorer/main.ts). */
export interface ExplorerHook {
  newsgraphExplorer: {
    nodeIds(): string[];
    visibleNodeIds(): string[];
    edgeCount(): number;
    edgeIds(): string[];
    edgeTypes(): string[];
    edgeStyle(id: string): { lineStyle: string; status: string } | null;
    nodePosition(id: string): { x: number; y: number } | null;
    edgePosition(id: string): { x: number; y: number } | null;
    edgeBetween(a: string, b: string): string | null;
    positions(): Record<string, { x: number; y: number }>;
    nodeSize(id: string): number;
    hovered(): string[];
    panBy(dx: number, dy: number): void;
    zoom(): number;
    timings(): { fetchMs: number; drawMs: number; added: number };
    busy(): boolean;
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL requested, and those that were not 127.0.0.1 (blocked). */
  requested: string[];
  external: string[];
  pageErrors: string[];
  /** GraphQL request bodies sent by the page, in order. */
  graphql: { operationName: string | null; query: string; variables: Record<string, unknown> }[];
}

export async function openBrowser(viewport = { width: 1400, height: 900 }): Promise<BrowserSession> {
  if (!fs.existsSync(path.join(projectRoot(), 'dist', 'web', 'explorer', 'index.html'))) {
    throw new Error('dist/web is not built: run `npm run build` first (or `npm run test:browser`).');
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const session: BrowserSession = {
    browser,
    context,
    page: undefined as unknown as Page,
    requested: [],
    external: [],
    pageErrors: [],
    graphql: [],
  };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    session.requested.push(url);
    if (/^https?:\/\/127\.0\.0\.1[:/]/.test(url)) {
      if (url.endsWith('/graphql') && route.request().method() === 'POST') {
        const body = JSON.parse(route.request().postData() ?? '{}') as { query?: string; variables?: Record<string, unknown> };
        const name = /(?:query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[1] ?? null;
        session.graphql.push({ operationName: name, query: body.query ?? '', variables: body.variables ?? {} });
      }
      await route.continue();
    } else {
      session.external.push(url);
      await route.abort('internetdisconnected');
    }
  });
  context.on('request', (request) => {
    const url = request.url();
    if (/^(https?|wss?):/.test(url) && !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url)) session.external.push(url);
  });
  session.page = await context.newPage();
  session.page.on('pageerror', (error) => session.pageErrors.push(error.message));
  return session;
}

export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Waits until the explorer has no request in flight. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !(globalThis as unknown as ExplorerHook).newsgraphExplorer.busy(), undefined, { timeout: 60_000 });
}

export function hook<T>(page: Page, fn: (explorer: ExplorerHook['newsgraphExplorer']) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(globalThis.newsgraphExplorer)`) as Promise<T>;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** How far each node present in both snapshots moved, in model coordinates. */
export function moves(before: Record<string, { x: number; y: number }>, after: Record<string, { x: number; y: number }>): number[] {
  return Object.keys(before)
    .filter((id) => after[id])
    .map((id) => Math.hypot(after[id].x - before[id].x, after[id].y - before[id].y));
}
