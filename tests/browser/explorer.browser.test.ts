/**
 * The explorer (GET /) and GraphiQL (GET /graphiql) in a real browser: Debian's Chromium driven by
 * playwright-core, against the real HTTP app over the run's test Neo4j (seed graph). Every request
 * must go to 127.0.0.1: anything else is blocked and fails the run. A screenshot of each step goes
 * to test-artifacts/browser/.
 */
import fs from 'node:fs';
import path from 'node:path';

import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

import { loadConfig } from '../../src/config/config';
import { projectRoot } from '../../src/config/paths';
import { Neo4jGateway } from '../../src/db/gateway';
import { HttpApp } from '../../src/server/http-server';
import { connectTestGateway, resetAndSeed } from '../support/test-db';
import { listenOnLoopback } from '../support/http-harness';

const CHROMIUM = process.env.NEWSGRAPH_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(projectRoot(), 'test-artifacts', 'browser');

interface ExplorerHook {
  newsgraphExplorer: {
    nodeIds(): string[];
    edgeCount(): number;
    nodePosition(id: string): { x: number; y: number } | null;
    busy(): boolean;
  };
}

const listen = (gateway: Neo4jGateway): Promise<{ app: HttpApp; base: string }> => listenOnLoopback(gateway);

let gateway: Neo4jGateway;
let app: HttpApp;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];
const external: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(path.join(projectRoot(), 'dist', 'web', 'explorer', 'index.html'))) {
    throw new Error('dist/web is not built: run `npm run test:browser` (it builds first).');
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // A loaded machine (CI, shared hosts) can take seconds per query: the service default of 5 s would fail the seed.
  gateway = connectTestGateway({ transactionTimeoutMs: 60_000 });
  await resetAndSeed(gateway);
  ({ app, base } = await listen(gateway));
  browser = await chromium.launch({
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
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Offline by construction: only 127.0.0.1 is let through, anything else is recorded and blocked.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requested.push(url);
    if (/^https?:\/\/127\.0\.0\.1[:/]/.test(url)) await route.continue();
    else {
      external.push(url);
      await route.abort('internetdisconnected');
    }
  });
  context.on('request', (request) => {
    const url = request.url();
    if (/^(https?|wss?):/.test(url) && !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url)) external.push(url);
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await gateway?.close();
});

const shot = async (name: string): Promise<string> => {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
};

/** Waits until the explorer has no request in flight. */
const settled = async (): Promise<void> => {
  await page.waitForFunction(() => !(globalThis as unknown as ExplorerHook).newsgraphExplorer.busy());
};

const nodeIds = (): Promise<string[]> => page.evaluate(() => (globalThis as unknown as ExplorerHook).newsgraphExplorer.nodeIds());

/** Types into a combobox and picks `name` from the suggestions with the keyboard alone. */
async function pickWithKeyboard(selector: string, text: string, name: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.type(text, { delay: 30 });
  const list = page.locator(`#${await page.locator(selector).getAttribute('aria-controls')}`);
  await list.getByRole('option', { name, exact: true }).waitFor();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('ArrowDown');
    const active = await page.locator(selector).getAttribute('aria-activedescendant');
    if (active && (await page.locator(`#${active}`).textContent()) === name) break;
  }
  await page.keyboard.press('Enter');
}

describe('explorer at GET /', () => {
  it('starts empty and explains what to do', async () => {
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('#empty').isVisible()).resolves.toBe(true);
    await shot('01-empty');
  });

  it('finds Xi Jinping as you type and opens him by keyboard alone', async () => {
    await page.focus('#search');
    await page.keyboard.type('Xi', { delay: 50 });
    const list = page.locator('#search-list');
    await list.getByRole('option', { name: 'Xi Jinping', exact: true }).waitFor();
    // Best match first whatever the kind: the scores never rise down the list, each option names its kind.
    const scores = await list
      .locator('[role="option"]')
      .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-score'))));
    expect(scores.length).toBeGreaterThan(1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await expect(list.getByRole('option', { name: 'Xi Jinping', exact: true }).getAttribute('aria-description')).resolves.toBe('Person');
    await shot('02-suggestions');
    await page.locator('#search').fill('');
    await pickWithKeyboard('#search', 'Xi', 'Xi Jinping');
    await page.locator('#details-title', { hasText: 'Xi Jinping' }).waitFor();
    await settled();
    const ids = await nodeIds();
    expect(ids).toEqual(expect.arrayContaining(['xi-jinping', 'china', 'biden-xi-meeting-2024-lima']));
    expect(ids).not.toContain('joe-biden');
    await expect(page.locator('#details .evidence blockquote').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#details .evidence cite').first().textContent()).resolves.toContain('US, Chinese leaders');
    expect(new URL(page.url()).hash).toBe('#e=xi-jinping&sel=xi-jinping');
    await expect(page.locator('#timeline li').count()).resolves.toBeGreaterThan(2);
    await shot('03-xi-jinping');
  });

  it('expands a clicked node in place and shows its details', async () => {
    const before = await nodeIds();
    const position = await page.evaluate(() =>
      (globalThis as unknown as ExplorerHook).newsgraphExplorer.nodePosition('biden-xi-meeting-2024-lima'),
    );
    expect(position).not.toBeNull();
    await page.mouse.click(position!.x, position!.y);
    await page.locator('#details-title', { hasText: 'Biden-Xi meeting in Lima (2024)' }).waitFor();
    await settled();
    const after = await nodeIds();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toContain('joe-biden');
    expect(new URL(page.url()).hash).toBe('#e=xi-jinping,biden-xi-meeting-2024-lima&sel=biden-xi-meeting-2024-lima');
    await shot('04-expanded-lima-meeting');
  });

  it('finds the path from North Korea to Ukraine, each hop with its quote', async () => {
    await page.click('#tab-paths');
    await pickWithKeyboard('#path-from', 'North Ko', 'North Korea');
    await pickWithKeyboard('#path-to', 'Ukrai', 'Ukraine');
    await page.click('#path-submit');
    const shortest = page.locator('#path-results .path').first();
    await shortest.locator('h4').waitFor();
    await settled();
    // Titled by its relationship types; the entities it passes through are listed under the title.
    await expect(shortest.locator('h4').textContent()).resolves.toMatch(/^Shortest: [A-Z_]+ → [A-Z_]+/);
    await expect(shortest.locator('.path-nodes').textContent()).resolves.toContain('North Korea → Russia → Ukraine (2 hops');
    const hops = shortest.locator('.hop');
    await expect(hops.count()).resolves.toBe(2);
    await expect(hops.nth(0).locator('blockquote').first().textContent()).resolves.toContain('DPRK troops');
    await expect(hops.nth(1).locator('blockquote').count()).resolves.toBeGreaterThan(0);
    expect(await nodeIds()).toEqual(expect.arrayContaining(['north-korea', 'russia', 'ukraine']));
    await expect(page.locator('#path-results .path').count()).resolves.toBeGreaterThan(1);
    expect(new URL(page.url()).hash).toContain('from=north-korea&to=ukraine');
    await shot('05-path-north-korea-ukraine');
  });

  it('shows the graph as of a date: the United States led by Biden on 2024-11-16, by Trump on 2025-02-01', async () => {
    await page.locator('#search').fill('');
    await pickWithKeyboard('#search', 'United Sta', 'United States');
    await page.locator('#details-title', { hasText: 'United States' }).waitFor();
    await settled();

    await page.fill('#date', '2024-11-16');
    await page.locator('#date-label', { hasText: 'as of 2024-11-16' }).waitFor();
    await page.locator('#details .leaders', { hasText: 'Leaders on 2024-11-16' }).waitFor();
    await settled();
    await expect(page.locator('#details .leaders').textContent()).resolves.toBe('Leaders on 2024-11-16: Joe Biden');
    await shot('06-united-states-2024-11-16');

    await page.fill('#date', '2025-02-01');
    await page.locator('#details .leaders', { hasText: 'Leaders on 2025-02-01' }).waitFor();
    await settled();
    await expect(page.locator('#details .leaders').textContent()).resolves.toBe('Leaders on 2025-02-01: Donald Trump');
    const relationships = await page.locator('#details .relationships').textContent();
    expect(relationships).toContain('Donald Trump');
    expect(relationships).not.toContain('Joe Biden');
    expect(new URL(page.url()).hash).toContain('at=2025-02-01');
    await shot('07-united-states-2025-02-01');
  });

  it('gives the same view back after a reload of the URL', async () => {
    const url = page.url();
    const ids = await nodeIds();
    await page.reload();
    await page.locator('#details-title', { hasText: 'United States' }).waitFor();
    await page.locator('#path-results .path h4').first().waitFor({ state: 'attached' });
    await settled();
    expect(page.url()).toBe(url);
    expect(await nodeIds()).toEqual(ids);
    await expect(page.inputValue('#date')).resolves.toBe('2025-02-01');
    await expect(page.locator('#details .leaders').textContent()).resolves.toBe('Leaders on 2025-02-01: Donald Trump');
    await expect(page.inputValue('#path-from')).resolves.toBe('North Korea');
    // docs/explorer.png comes from analyst.browser.test.ts (its 1400x900 view).
    await shot('08-reloaded');
  });

  it('says so when a shared link names an entity that does not exist', async () => {
    await page.goto(`${base}/#e=no-such-entity,xi-jinping`);
    await page.locator('#status.error', { hasText: 'No entity has the id “no-such-entity”' }).waitFor();
    await settled();
    expect(await nodeIds()).toContain('xi-jinping');
    expect(new URL(page.url()).hash).toBe('#e=xi-jinping');
  });

  it('says "no results" when nothing matches', async () => {
    await page.locator('#search').fill('');
    await page.focus('#search');
    await page.keyboard.type('qqqzzzxxyy');
    await page.locator('#search-list .suggestions-message', { hasText: 'No entity matches' }).waitFor();
    await shot('09-no-results');
    await page.keyboard.press('Escape');
  });
});

describe('explorer with Neo4j down', () => {
  it('tells the person the database is unavailable', async () => {
    const config = loadConfig({});
    const dead = Neo4jGateway.connect('bolt://127.0.0.1:1', 'neo4j', 'x', { ...config.neo4j, transactionTimeoutMs: 2000 });
    const { app: deadApp, base: deadBase } = await listen(dead);
    try {
      await page.goto(`${deadBase}/#e=xi-jinping&sel=xi-jinping`);
      await page.locator('#status.error').waitFor({ timeout: 30_000 });
      await expect(page.locator('#status').textContent()).resolves.toMatch(/^Service unavailable: .*database.*reload to retry/);
      // The view is kept for when the database is back.
      expect(new URL(page.url()).hash).toBe('#e=xi-jinping&sel=xi-jinping');
      await shot('10-neo4j-down');
    } finally {
      await deadApp.stop();
      await dead.close();
    }
  });
});

describe('GraphiQL at GET /graphiql', () => {
  it('loads offline with the README examples as tabs and runs a query', async () => {
    const response = await page.goto(`${base}/graphiql`);
    expect(response?.status()).toBe(200);
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-tab').first().waitFor();
    await expect(page.locator('.graphiql-tab').count()).resolves.toBe(5);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    const graphqlResponse = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('SearchDPRK'),
    );
    await page.click('.graphiql-execute-button');
    await graphqlResponse;
    await page.locator('.graphiql-response', { hasText: 'north-korea' }).waitFor();
    await shot('11-graphiql');
  });
});

describe('offline', () => {
  it('requested nothing outside 127.0.0.1, and the pages raised no script error', () => {
    expect(requested.length).toBeGreaterThan(10);
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
