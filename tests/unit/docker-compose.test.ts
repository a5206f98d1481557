import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { assertSafeToServe, loadConfig } from '../../src/config/config';

/**
 * Guards docker-compose.yml, which nothing else exercises here (these machines have no Docker
 * engine): `docker-compose config` validates the file and prints it normalised, and the
 * assertions read that normalised form, so they hold however the file is written.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const INSTALL_HINT = 'docker-compose is not installed: run `apt-get update && apt-get install -y docker-compose` (.ci/run does this).';

/** Variables the compose file interpolates; removed so that the committed defaults are what is tested. */
const INTERPOLATED = [
  'NEO4J_PASSWORD',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'NEWSGRAPH_API_KEYS',
  'NEWSGRAPH_READ_ONLY',
  'NEWSGRAPH_CORS_ORIGINS',
  'NEWSGRAPH_NLP_URL',
];

interface ComposeRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `docker-compose` on the committed file alone: no override file, no developer's `.env`. */
function compose(args: string[], extraEnv: Record<string, string> = {}): ComposeRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-compose-'));
  const emptyEnvFile = path.join(dir, 'empty.env');
  fs.writeFileSync(emptyEnvFile, '');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INTERPOLATED) delete env[name];
  try {
    const result = spawnSync('docker-compose', ['--env-file', emptyEnvFile, '-f', 'docker-compose.yml', ...args], {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(INSTALL_HINT);
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let normalisedText: string | undefined;

/** The output of `docker-compose config` with the committed defaults (computed once). */
function normalised(): string {
  if (normalisedText === undefined) {
    const run = compose(['config']);
    if (run.status !== 0) throw new Error(`docker-compose config failed (exit ${run.status}):\n${run.stderr}`);
    normalisedText = run.stdout;
  }
  return normalisedText;
}

interface Entry {
  /** The scalar on the key's own line, unquoted ('' when the value is a nested block). */
  value: string;
  /** The lines nested under the key. */
  children: string[];
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const unquote = (text: string): string => text.trim().replace(/^(["'])(.*)\1$/, '$2');
const keyOf = (line: string): string | undefined => /^\s*(["']?)([^"'\s:][^"':]*)\1:(?:\s|$)/.exec(line)?.[2];

/**
 * Follows `keys` through block-style YAML, the style `docker-compose config` prints.
 * Enough for that normalised output; not a general YAML parser.
 */
function entry(text: string, keys: string[]): Entry {
  let lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  let value = '';
  for (const [depth, key] of keys.entries()) {
    const where = keys.slice(0, depth + 1).join('.');
    if (lines.length === 0) throw new Error(`${where} is missing from the normalised compose file`);
    const indent = Math.min(...lines.map(indentOf));
    const start = lines.findIndex((line) => indentOf(line) === indent && keyOf(line) === key);
    if (start < 0) throw new Error(`${where} is missing from the normalised compose file`);
    value = unquote(lines[start].slice(lines[start].indexOf(':') + 1));
    const rest = lines.slice(start + 1);
    // Nested lines are deeper, except list items, which the normaliser may print at the key's indent.
    const end = rest.findIndex((line) => indentOf(line) < indent || (indentOf(line) === indent && !line.trimStart().startsWith('- ')));
    lines = end < 0 ? rest : rest.slice(0, end);
  }
  return { value, children: lines };
}

/** The items of a block-style list, each as the text of its lines. */
function listItems(children: string[]): string[] {
  if (children.length === 0) return [];
  const indent = Math.min(...children.map(indentOf));
  const items: string[] = [];
  for (const line of children) {
    if (indentOf(line) === indent && line.trimStart().startsWith('- ')) items.push(line.trim());
    else if (items.length > 0) items[items.length - 1] += `\n${line.trim()}`;
  }
  return items;
}

const value = (keys: string[]): string => entry(normalised(), keys).value;

describe('docker-compose.yml', () => {
  it('is valid for docker-compose (`docker-compose config -q` exits 0, every variable has a default)', () => {
    const run = compose(['config', '-q']);
    expect(run.stderr).not.toMatch(/variable is not set/i);
    // The object form shows docker-compose's complaint in the failure message.
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
  });

  it('runs Neo4j 5.26 Community with a healthcheck that works in the official image', () => {
    expect(value(['services', 'neo4j', 'image'])).toBe('neo4j:5.26-community');
    const test = listItems(entry(normalised(), ['services', 'neo4j', 'healthcheck', 'test']).children).join(' ');
    expect(test).not.toBe('');
    // The official image ships wget and cypher-shell, not curl: a curl probe leaves it unhealthy forever.
    expect(test).not.toMatch(/\bcurl\b/);
    for (const setting of ['interval', 'timeout', 'retries', 'start_period']) {
      expect(value(['services', 'neo4j', 'healthcheck', setting])).not.toBe('');
    }
  });

  it('configures Neo4j the way the service expects and keeps its data in a named volume', () => {
    const env = (name: string): string => value(['services', 'neo4j', 'environment', name]);
    expect(env('NEO4J_dbms_cypher_forbid__exhaustive__shortestpath')).toBe('true');
    expect(env('NEO4J_db_transaction_timeout')).toBe('60s');
    expect(env('NEO4J_AUTH')).toMatch(/^neo4j\/.{8,}$/);
    const volumes = listItems(entry(normalised(), ['services', 'neo4j', 'volumes']).children).join('\n');
    expect(volumes).toMatch(/neo4j-data/);
    expect(volumes).toMatch(/\/data\b/);
    expect(entry(normalised(), ['volumes', 'neo4j-data'])).toBeDefined();
  });

  it('starts the api only once Neo4j is healthy, and points it at the neo4j service', () => {
    expect(value(['services', 'api', 'depends_on', 'neo4j', 'condition'])).toBe('service_healthy');
    const env = (name: string): string => value(['services', 'api', 'environment', name]);
    expect(env('NEO4J_URI')).toBe('bolt://neo4j:7687');
    expect(env('NEO4J_USER')).toBe('neo4j');
    // Inside a container the default 127.0.0.1 would be unreachable through the published port.
    expect(env('HOST')).toBe('0.0.0.0');
    expect(value(['services', 'api', 'restart'])).toBe('unless-stopped');
    expect(path.resolve(ROOT, value(['services', 'api', 'build', 'context']))).toBe(ROOT);
  });

  it('publishes every port on 127.0.0.1 only', () => {
    for (const service of ['neo4j', 'api']) {
      const ports = listItems(entry(normalised(), ['services', service, 'ports']).children);
      expect(ports.length).toBeGreaterThan(0);
      for (const port of ports) expect(port).toContain('127.0.0.1');
    }
    const published = (service: string): string => listItems(entry(normalised(), ['services', service, 'ports']).children).join('\n');
    expect(published('api')).toMatch(/4000/);
    expect(published('neo4j')).toMatch(/7687/);
  });

  it('gives the api the password Neo4j was created with, by default and when NEO4J_PASSWORD is set', () => {
    expect(`neo4j/${value(['services', 'api', 'environment', 'NEO4J_PASSWORD'])}`).toBe(
      value(['services', 'neo4j', 'environment', 'NEO4J_AUTH']),
    );
    const run = compose(['config'], { NEO4J_PASSWORD: 'a-longer-secret' });
    expect(run.status).toBe(0);
    expect(entry(run.stdout, ['services', 'api', 'environment', 'NEO4J_PASSWORD']).value).toBe('a-longer-secret');
    expect(entry(run.stdout, ['services', 'neo4j', 'environment', 'NEO4J_AUTH']).value).toBe('neo4j/a-longer-secret');
  });

  it('starts as the production image does: read-only without keys, writes with keys once asked for', () => {
    /** The api's environment as docker-compose would pass it, plus the image's NODE_ENV. */
    const apiConfig = (text: string): ReturnType<typeof loadConfig> => {
      const names = ['NEO4J_URI', 'NEO4J_PASSWORD', 'NEWSGRAPH_API_KEYS', 'NEWSGRAPH_READ_ONLY', 'NEWSGRAPH_CORS_ORIGINS', 'LOG_FORMAT'];
      const env = Object.fromEntries(names.map((name) => [name, entry(text, ['services', 'api', 'environment', name]).value]));
      return loadConfig({ ...env, NODE_ENV: 'production' }, ROOT);
    };
    const byDefault = apiConfig(normalised());
    expect(byDefault).toMatchObject({ readOnly: true, apiKeys: [], corsOrigins: [], logFormat: 'json' });
    expect(() => assertSafeToServe(byDefault)).not.toThrow();

    const run = compose(['config'], { NEWSGRAPH_API_KEYS: 'k1,k2', NEWSGRAPH_READ_ONLY: 'false' });
    expect(run.status).toBe(0);
    const writable = apiConfig(run.stdout);
    expect(writable).toMatchObject({ readOnly: false, apiKeys: ['k1', 'k2'] });
    expect(() => assertSafeToServe(writable)).not.toThrow();
    // Writes without keys stay refused, as they would be at start-up.
    expect(() => assertSafeToServe(apiConfig(compose(['config'], { NEWSGRAPH_READ_ONLY: 'false' }).stdout))).toThrow(/NEWSGRAPH_API_KEYS/);
  });
});
