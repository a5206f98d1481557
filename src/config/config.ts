import path from 'node:path';

/**
 * The only place that reads `process.env`. Everything else receives a typed, validated Config.
 * Invalid values fail at start-up with a message naming the variable and what it accepts.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type NodeEnv = 'development' | 'production' | 'test';

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

export interface Config {
  nodeEnv: NodeEnv;
  logLevel: LogLevel;
  host: string;
  port: number;
  dataDir: string;
  /** Where downloaded Neo4j jars are cached, shared by every data folder. */
  neo4jCacheDir: string;
  /** A Maven repository to fetch Neo4j from instead of Maven Central (a mirror or proxy). */
  mavenRepoUrl?: string;
  apiKeys: string[];
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

function neo4jUri(env: Env): string | undefined {
  const value = nonEmpty(env, 'NEO4J_URI');
  if (value === undefined) return undefined;
  let scheme: string;
  try {
    scheme = new URL(value).protocol;
  } catch {
    throw new ConfigError(`NEO4J_URI=${value} is not a URI: use e.g. bolt://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io.`);
  }
  if (!NEO4J_SCHEMES.includes(scheme)) {
    throw new ConfigError(`NEO4J_URI uses ${scheme}//: use one of ${NEO4J_SCHEMES.map((s) => `${s}//`).join(', ')}.`);
  }
  return value;
}

function defaultCacheDir(env: Env): string {
  const xdg = nonEmpty(env, 'XDG_CACHE_HOME');
  const home = nonEmpty(env, 'HOME') ?? process.cwd();
  return path.join(xdg ?? path.join(home, '.cache'), 'newsgraph');
}

/** Builds the Config from an environment (process.env by default). Throws ConfigError. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
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
    host: nonEmpty(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    dataDir: path.resolve(cwd, nonEmpty(env, 'NEWSGRAPH_DATA_DIR') ?? '.newsgraph'),
    neo4jCacheDir: path.resolve(cwd, nonEmpty(env, 'NEWSGRAPH_NEO4J_CACHE') ?? defaultCacheDir(env)),
    mavenRepoUrl: nonEmpty(env, 'NEWSGRAPH_MAVEN_REPO_URL'),
    apiKeys: (nonEmpty(env, 'NEWSGRAPH_API_KEYS') ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
    neo4j,
  };
}
