import path from 'node:path';

/**
 * The only place that reads `process.env`. Everything else receives a typed, validated Config.
 * Invalid values fail at start-up with a message naming the variable and what it accepts.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type NodeEnv = 'development' | 'production' | 'test';
/** json: one JSON object per line (for log collectors); pretty: one human-readable line per event. */
export type LogFormat = 'json' | 'pretty';

export interface Neo4jConfig {
  /** Unset means: provision and run a local Neo4j in `dataDir`. */
  uri?: string;
  user: string;
  /** Unset with a local Neo4j means: the generated password kept in the data folder. */
  password?: string;
  database: string;
  /** Per-transaction timeout for application queries, in milliseconds. */
  transactionTimeoutMs: number;
  /** How long start-up keeps retrying to reach Neo4j before giving up, in milliseconds. */
  connectTimeoutMs: number;
}

/**
 * Memory of the local Neo4j (not used with NEO4J_URI). Unset: the local server's defaults
 * (DEFAULT_PAGE_CACHE and DEFAULT_HEAP in src/local-neo4j/neo4j-conf.ts). Sizes as Neo4j and the
 * JVM take them: a whole number and k, m or g, lower case (`512m`, `2g`).
 */
export interface LocalNeo4jMemory {
  /** NEWSGRAPH_NEO4J_PAGECACHE: server.memory.pagecache.size. */
  pageCache?: string;
  /** NEWSGRAPH_NEO4J_HEAP: the JVM's -Xms and -Xmx. */
  heap?: string;
}

export interface Config {
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  /** LOG_FORMAT; unset: pretty when stderr is a terminal, json otherwise. */
  logFormat: LogFormat;
  host: string;
  port: number;
  dataDir: string;
  /** Where downloaded Neo4j jars are cached, shared by every data folder. */
  neo4jCacheDir: string;
  /** A Maven repository to fetch Neo4j from instead of Maven Central (a mirror or proxy). */
  mavenRepoUrl?: string;
  apiKeys: string[];
  /** NEWSGRAPH_READ_ONLY: every mutation is refused with FORBIDDEN, whatever the keys. */
  readOnly: boolean;
  /**
   * NEWSGRAPH_CORS_ORIGINS: the exact origins (`https://app.example`) whose pages may call /graphql,
   * or `['*']` for any. Empty: no CORS headers at all, so browsers allow same-origin pages only.
   */
  corsOrigins: string[];
  /** NEWSGRAPH_NLP_URL: a CoreNLP server already running; unset: a local one is provisioned on first ingest. */
  nlpUrl?: string;
  /**
   * NEWSGRAPH_READ_PLANNER (on|off, default on): on, each root read field is one Cypher statement
   * for its whole selection; off, nested fields are fetched level by level through DataLoaders
   * (for diagnosis: the answers are the same).
   */
  readPlanner: boolean;
  /** NEWSGRAPH_NEO4J_PAGECACHE and NEWSGRAPH_NEO4J_HEAP. */
  localNeo4j: LocalNeo4jMemory;
  neo4j: Neo4jConfig;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];
const NEO4J_SCHEMES = ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:'];

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = nonEmpty(env, name);
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name}=${value} is not valid: use one of ${allowed.join(', ')}.`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = nonEmpty(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name}=${value} is not valid: use a whole number from ${min} to ${max}.`);
  }
  return parsed;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = nonEmpty(env, name);
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name}=${value} is not valid: use true or false.`);
}

const SIZE_UNITS: Readonly<Record<string, number>> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/**
 * A memory size such as 512m or 2g, from `min` to `max` (both written as sizes), normalized to
 * lower case without leading zeros; undefined when unset.
 */
function memorySize(env: Env, name: string, min: string, max: string): string | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  const bytes = (size: string): number => {
    const match = /^(\d+)([kmg])$/i.exec(size);
    return match ? Number(match[1]) * SIZE_UNITS[match[2].toLowerCase()] : NaN;
  };
  const parsed = bytes(value);
  if (!(parsed >= bytes(min) && parsed <= bytes(max))) {
    throw new ConfigError(
      `${name}=${value} is not valid: use a size from ${min} to ${max}, a whole number followed by k, m or g (e.g. 512m or 2g).`,
    );
  }
  return `${Number(value.slice(0, -1))}${value.slice(-1).toLowerCase()}`;
}

function corsOrigins(env: Env): string[] {
  const items = (nonEmpty(env, 'NEWSGRAPH_CORS_ORIGINS') ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.includes('*')) {
    if (items.length > 1) throw new ConfigError('NEWSGRAPH_CORS_ORIGINS mixes * with origins: use either * alone or a list of origins.');
    return ['*'];
  }
  for (const item of items) {
    let origin: string | undefined;
    try {
      const url = new URL(item);
      origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
    } catch {
      origin = undefined;
    }
    if (origin !== item) {
      throw new ConfigError(
        `NEWSGRAPH_CORS_ORIGINS has "${item}", which is not an origin: use scheme://host[:port] without a path or trailing slash (e.g. https://news.example), comma-separated, or *.`,
      );
    }
  }
  return [...new Set(items)];
}

function neo4jUri(env: Env): string | undefined {
  const value = nonEmpty(env, 'NEO4J_URI');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not echoed when it might hold credentials (user:password@host).
    const shown = value.includes('@') ? '' : `=${value}`;
    throw new ConfigError(`NEO4J_URI${shown} is not a URI: use e.g. bolt://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io.`);
  }
  const scheme = url.protocol;
  if (url.username !== '' || url.password !== '') {
    // A URI is printed in progress and error messages; credentials in it would reach logs.
    throw new ConfigError('NEO4J_URI holds a user name or password: remove them from the URI and set NEO4J_USER and NEO4J_PASSWORD.');
  }
  if (!NEO4J_SCHEMES.includes(scheme)) {
    throw new ConfigError(`NEO4J_URI uses ${scheme}//: use one of ${NEO4J_SCHEMES.map((s) => `${s}//`).join(', ')}.`);
  }
  return value;
}

function nlpUrl(env: Env): string | undefined {
  const value = nonEmpty(env, 'NEWSGRAPH_NLP_URL');
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`NEWSGRAPH_NLP_URL=${value} is not an http(s) URL: use e.g. http://corenlp:9000.`);
  }
  return value;
}

function defaultCacheDir(env: Env): string {
  const xdg = nonEmpty(env, 'XDG_CACHE_HOME');
  const home = nonEmpty(env, 'HOME') ?? process.cwd();
  return path.join(xdg ?? path.join(home, '.cache'), 'newsgraph');
}

/**
 * Builds the Config from an environment (process.env by default). Throws ConfigError. `stderrIsTTY`
 * picks the default LOG_FORMAT: pretty for a person at a terminal, json for a log collector.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd(), stderrIsTTY = process.stderr.isTTY === true): Config {
  const neo4j: Neo4jConfig = {
    uri: neo4jUri(env),
    user: nonEmpty(env, 'NEO4J_USER') ?? 'neo4j',
    password: env.NEO4J_PASSWORD === undefined || env.NEO4J_PASSWORD === '' ? undefined : env.NEO4J_PASSWORD,
    database: nonEmpty(env, 'NEO4J_DATABASE') ?? 'neo4j',
    transactionTimeoutMs: integer(env, 'NEWSGRAPH_QUERY_TIMEOUT_MS', 5000, 100, 600000),
    connectTimeoutMs: integer(env, 'NEWSGRAPH_CONNECT_TIMEOUT_MS', 30000, 1000, 600000),
  };
  if (neo4j.uri !== undefined && neo4j.password === undefined) {
    throw new ConfigError('NEO4J_URI is set but NEO4J_PASSWORD is not: set the password of that server.');
  }
  return {
    nodeEnv: oneOf(env, 'NODE_ENV', NODE_ENVS, 'development'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', LOG_FORMATS, stderrIsTTY ? 'pretty' : 'json'),
    host: nonEmpty(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    dataDir: path.resolve(cwd, nonEmpty(env, 'NEWSGRAPH_DATA_DIR') ?? '.newsgraph'),
    neo4jCacheDir: path.resolve(cwd, nonEmpty(env, 'NEWSGRAPH_NEO4J_CACHE') ?? defaultCacheDir(env)),
    mavenRepoUrl: nonEmpty(env, 'NEWSGRAPH_MAVEN_REPO_URL'),
    apiKeys: (nonEmpty(env, 'NEWSGRAPH_API_KEYS') ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
    readOnly: boolean(env, 'NEWSGRAPH_READ_ONLY', false),
    corsOrigins: corsOrigins(env),
    nlpUrl: nlpUrl(env),
    readPlanner: oneOf(env, 'NEWSGRAPH_READ_PLANNER', ['on', 'off'] as const, 'on') === 'on',
    localNeo4j: {
      pageCache: memorySize(env, 'NEWSGRAPH_NEO4J_PAGECACHE', '16m', '1024g'),
      heap: memorySize(env, 'NEWSGRAPH_NEO4J_HEAP', '256m', '1024g'),
    },
    neo4j,
  };
}

/**
 * Refuses to serve writes to anyone in production: with NODE_ENV=production the API needs
 * NEWSGRAPH_API_KEYS, or NEWSGRAPH_READ_ONLY=true. Only `serve` asks this (seed, generate and the
 * db commands do not open the API), so it is not part of loadConfig. Throws ConfigError.
 */
export function assertSafeToServe(config: Config): void {
  if (config.nodeEnv === 'production' && config.apiKeys.length === 0 && !config.readOnly) {
    throw new ConfigError(
      'NODE_ENV=production with writes open to anyone: set NEWSGRAPH_API_KEYS to one or more keys (comma-separated) so that mutations need "Authorization: Bearer <key>", or set NEWSGRAPH_READ_ONLY=true to serve reads only.',
    );
  }
}
