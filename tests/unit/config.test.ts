import path from 'node:path';

import { assertSafeToServe, Config, ConfigError, loadConfig } from '../../src/config/config';

/** Unit tests of loadConfig(env, cwd): defaults, every refusal names its variable, list parsing. */

const CWD = path.resolve('/srv/newsgraph-app');
const HOME = path.resolve('/home/analyst');

/** A complete, valid pointer at an external Neo4j, to combine with one bad variable. */
const REMOTE = { NEO4J_URI: 'bolt://db.example:7687', NEO4J_PASSWORD: 's3cret' };

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  let config: Config;
  beforeAll(() => {
    config = loadConfig({ HOME }, CWD);
  });

  it('listens on loopback port 4000 in development at level info', () => {
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(4000);
    expect(config.nodeEnv).toBe('development');
    expect(config.logLevel).toBe('info');
  });

  it('keeps its data in .newsgraph resolved against the given cwd, not the process cwd', () => {
    expect(config.dataDir).toBe(path.join(CWD, '.newsgraph'));
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('runs a local Neo4j (no URI, no password) as user neo4j on database neo4j', () => {
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.password).toBeUndefined();
    expect(config.neo4j.user).toBe('neo4j');
    expect(config.neo4j.database).toBe('neo4j');
  });

  it('uses a 5 s transaction timeout and a 30 s connect timeout', () => {
    expect(config.neo4j.transactionTimeoutMs).toBe(5000);
    expect(config.neo4j.connectTimeoutMs).toBe(30000);
  });

  it('has no API keys and no Maven mirror', () => {
    expect(config.apiKeys).toEqual([]);
    expect(config.mavenRepoUrl).toBeUndefined();
  });

  it('allows writes and sends no CORS headers', () => {
    expect(config.readOnly).toBe(false);
    expect(config.corsOrigins).toEqual([]);
  });

  it('treats blank values as unset', () => {
    const blank = loadConfig({ HOME, HOST: '  ', PORT: '', LOG_LEVEL: ' ', NEO4J_URI: '   ', NEWSGRAPH_DATA_DIR: '' }, CWD);
    expect(blank.host).toBe('127.0.0.1');
    expect(blank.port).toBe(4000);
    expect(blank.logLevel).toBe('info');
    expect(blank.neo4j.uri).toBeUndefined();
    expect(blank.dataDir).toBe(path.join(CWD, '.newsgraph'));
  });
});

describe('loadConfig reads what is set', () => {
  it('takes host, port, levels, timeouts and Neo4j settings', () => {
    const config = loadConfig(
      {
        HOME,
        HOST: '0.0.0.0',
        PORT: '8080',
        NODE_ENV: 'production',
        LOG_LEVEL: 'debug',
        NEO4J_URI: 'neo4j+s://abcd.databases.neo4j.io',
        NEO4J_USER: 'reader',
        NEO4J_PASSWORD: 'pw',
        NEO4J_DATABASE: 'news',
        NEWSGRAPH_QUERY_TIMEOUT_MS: '1500',
        NEWSGRAPH_CONNECT_TIMEOUT_MS: '2000',
        NEWSGRAPH_MAVEN_REPO_URL: 'https://mirror.example/maven2',
      },
      CWD,
    );
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      nodeEnv: 'production',
      logLevel: 'debug',
      mavenRepoUrl: 'https://mirror.example/maven2',
      neo4j: {
        uri: 'neo4j+s://abcd.databases.neo4j.io',
        user: 'reader',
        password: 'pw',
        database: 'news',
        transactionTimeoutMs: 1500,
        connectTimeoutMs: 2000,
      },
    });
  });

  it.each(['bolt://h:7687', 'bolt+s://h:7687', 'bolt+ssc://h', 'neo4j://h', 'neo4j+s://h', 'neo4j+ssc://h'])(
    'accepts the scheme of %s',
    (uri) => {
      expect(loadConfig({ NEO4J_URI: uri, NEO4J_PASSWORD: 'x' }, CWD).neo4j.uri).toBe(uri);
    },
  );

  it('accepts the bounds of PORT', () => {
    expect(loadConfig({ PORT: '0' }, CWD).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }, CWD).port).toBe(65535);
  });

  it('resolves a relative data dir against cwd and keeps an absolute one', () => {
    expect(loadConfig({ NEWSGRAPH_DATA_DIR: 'var/ng' }, CWD).dataDir).toBe(path.join(CWD, 'var', 'ng'));
    const absolute = path.resolve('/data/ng');
    expect(loadConfig({ NEWSGRAPH_DATA_DIR: absolute }, CWD).dataDir).toBe(absolute);
  });

  it('keeps a password exactly as given (spaces are legal in passwords)', () => {
    expect(loadConfig({ ...REMOTE, NEO4J_PASSWORD: ' pass word ' }, CWD).neo4j.password).toBe(' pass word ');
  });
});

describe('loadConfig refuses invalid values, naming the variable', () => {
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'INFO' }],
    ['NODE_ENV', { NODE_ENV: 'prod' }],
    ['NEO4J_URI', { NEO4J_URI: 'http://x', NEO4J_PASSWORD: 'pw' }],
    ['NEO4J_URI', { NEO4J_URI: 'not a uri', NEO4J_PASSWORD: 'pw' }],
    ['NEWSGRAPH_QUERY_TIMEOUT_MS', { NEWSGRAPH_QUERY_TIMEOUT_MS: '99' }],
    ['NEWSGRAPH_QUERY_TIMEOUT_MS', { NEWSGRAPH_QUERY_TIMEOUT_MS: 'soon' }],
    ['NEWSGRAPH_CONNECT_TIMEOUT_MS', { NEWSGRAPH_CONNECT_TIMEOUT_MS: '600001' }],
  ])('%s in %j', (variable, env) => {
    const error = configError(env);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain(variable);
  });

  it('quotes the offending value so the operator can find it', () => {
    expect(configError({ PORT: 'abc' }).message).toContain('abc');
    expect(configError({ LOG_LEVEL: 'loud' }).message).toContain('loud');
  });

  it('lists the accepted values of an enumerated variable', () => {
    const message = configError({ LOG_LEVEL: 'loud' }).message;
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) expect(message).toContain(level);
    const nodeEnv = configError({ NODE_ENV: 'prod' }).message;
    for (const env of ['development', 'production', 'test']) expect(nodeEnv).toContain(env);
  });

  it('refuses a NEO4J_URI without NEO4J_PASSWORD, naming both', () => {
    for (const env of [{ NEO4J_URI: REMOTE.NEO4J_URI }, { NEO4J_URI: REMOTE.NEO4J_URI, NEO4J_PASSWORD: '' }]) {
      const message = configError(env).message;
      expect(message).toContain('NEO4J_URI');
      expect(message).toContain('NEO4J_PASSWORD');
    }
  });

  it('does not need a password for the local Neo4j', () => {
    expect(() => loadConfig({}, CWD)).not.toThrow();
  });
});

describe('NEWSGRAPH_API_KEYS', () => {
  it.each([
    ['one key', 'k1', ['k1']],
    ['comma separated', 'k1,k2,k3', ['k1', 'k2', 'k3']],
    ['spaces around keys', '  k1 , k2 ,k3  ', ['k1', 'k2', 'k3']],
    ['empty items', ',k1,,  ,k2,', ['k1', 'k2']],
    ['only separators', ' , ,, ', []],
    ['empty', '', []],
  ])('%s', (_name, value, keys) => {
    expect(loadConfig({ NEWSGRAPH_API_KEYS: value }, CWD).apiKeys).toEqual(keys);
  });
});

describe('LOG_FORMAT', () => {
  it('defaults to pretty on a terminal and json otherwise', () => {
    expect(loadConfig({}, CWD, true).logFormat).toBe('pretty');
    expect(loadConfig({}, CWD, false).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: ' ' }, CWD, false).logFormat).toBe('json');
  });

  it('follows LOG_FORMAT whatever stderr is', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }, CWD, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, CWD, false).logFormat).toBe('pretty');
  });

  it('refuses other values, listing the accepted ones', () => {
    const message = configError({ LOG_FORMAT: 'text' }).message;
    expect(message).toContain('LOG_FORMAT=text');
    expect(message).toContain('json');
    expect(message).toContain('pretty');
  });
});

describe('NEWSGRAPH_READ_ONLY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
    [' true ', true],
  ])('%j means %s', (value, readOnly) => {
    expect(loadConfig({ NEWSGRAPH_READ_ONLY: value }, CWD).readOnly).toBe(readOnly);
  });

  it.each(['yes', 'TRUE', 'on', '2'])('refuses %j, naming the variable and what it accepts', (value) => {
    const message = configError({ NEWSGRAPH_READ_ONLY: value }).message;
    expect(message).toContain(`NEWSGRAPH_READ_ONLY=${value}`);
    expect(message).toMatch(/true or false/);
  });
});

describe('NEWSGRAPH_READ_PLANNER', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['on', true],
    ['off', false],
  ])('%j turns the planner on: %s', (value, on) => {
    expect(loadConfig({ NEWSGRAPH_READ_PLANNER: value }, CWD).readPlanner).toBe(on);
  });

  it('refuses anything else, naming the variable', () => {
    expect(configError({ NEWSGRAPH_READ_PLANNER: 'false' }).message).toContain('NEWSGRAPH_READ_PLANNER');
  });
});

describe('NEWSGRAPH_NEO4J_PAGECACHE and NEWSGRAPH_NEO4J_HEAP', () => {
  it('are unset by default, leaving the local server its own defaults', () => {
    expect(loadConfig({ HOME }, CWD).localNeo4j).toEqual({ pageCache: undefined, heap: undefined });
    expect(loadConfig({ NEWSGRAPH_NEO4J_PAGECACHE: ' ', NEWSGRAPH_NEO4J_HEAP: '' }, CWD).localNeo4j).toEqual({
      pageCache: undefined,
      heap: undefined,
    });
  });

  it('take sizes in k, m or g, in lower case without leading zeros', () => {
    expect(loadConfig({ NEWSGRAPH_NEO4J_PAGECACHE: '2g', NEWSGRAPH_NEO4J_HEAP: '1536m' }, CWD).localNeo4j).toEqual({
      pageCache: '2g',
      heap: '1536m',
    });
    expect(loadConfig({ NEWSGRAPH_NEO4J_PAGECACHE: ' 2G ', NEWSGRAPH_NEO4J_HEAP: '0512M' }, CWD).localNeo4j).toEqual({
      pageCache: '2g',
      heap: '512m',
    });
    expect(loadConfig({ NEWSGRAPH_NEO4J_PAGECACHE: '65536k' }, CWD).localNeo4j.pageCache).toBe('65536k');
  });

  it('accept the bounds: page cache 16m to 1024g, heap 256m to 1024g', () => {
    expect(loadConfig({ NEWSGRAPH_NEO4J_PAGECACHE: '16m', NEWSGRAPH_NEO4J_HEAP: '256m' }, CWD).localNeo4j).toEqual({
      pageCache: '16m',
      heap: '256m',
    });
    expect(loadConfig({ NEWSGRAPH_NEO4J_PAGECACHE: '1024g', NEWSGRAPH_NEO4J_HEAP: '1024g' }, CWD).localNeo4j).toEqual({
      pageCache: '1024g',
      heap: '1024g',
    });
    expect(loadConfig({ NEWSGRAPH_NEO4J_HEAP: '262144k' }, CWD).localNeo4j.heap).toBe('262144k');
  });

  it.each([
    ['NEWSGRAPH_NEO4J_PAGECACHE', '2gb'],
    ['NEWSGRAPH_NEO4J_PAGECACHE', '2'],
    ['NEWSGRAPH_NEO4J_PAGECACHE', '1.5g'],
    ['NEWSGRAPH_NEO4J_PAGECACHE', '-1g'],
    ['NEWSGRAPH_NEO4J_PAGECACHE', '15m'],
    ['NEWSGRAPH_NEO4J_PAGECACHE', '1025g'],
    ['NEWSGRAPH_NEO4J_PAGECACHE', 'big'],
    ['NEWSGRAPH_NEO4J_HEAP', '255m'],
    ['NEWSGRAPH_NEO4J_HEAP', '0g'],
    ['NEWSGRAPH_NEO4J_HEAP', '2t'],
    ['NEWSGRAPH_NEO4J_HEAP', '2 g'],
    ['NEWSGRAPH_NEO4J_HEAP', '-Xmx2g'],
  ])('refuse %s=%s in one line naming the variable, the value and what it takes', (variable, value) => {
    const message = configError({ [variable]: value }).message;
    expect(message).toContain(`${variable}=${value}`);
    expect(message).toMatch(/a whole number followed by k, m or g \(e\.g\. 512m or 2g\)/);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('name their own bounds when refusing', () => {
    expect(configError({ NEWSGRAPH_NEO4J_PAGECACHE: '1m' }).message).toContain('from 16m to 1024g');
    expect(configError({ NEWSGRAPH_NEO4J_HEAP: '128m' }).message).toContain('from 256m to 1024g');
  });
});

describe('NEWSGRAPH_CORS_ORIGINS', () => {
  it.each([
    ['unset', undefined, []],
    ['empty', '', []],
    ['one origin', 'https://news.example', ['https://news.example']],
    ['a list with ports and spaces', ' https://a.example , http://localhost:5173,', ['https://a.example', 'http://localhost:5173']],
    ['duplicates once', 'https://a.example,https://a.example', ['https://a.example']],
    ['any origin', '*', ['*']],
    ['any origin, spaced', ' * ', ['*']],
  ])('%s', (_name, value, origins) => {
    expect(loadConfig({ NEWSGRAPH_CORS_ORIGINS: value }, CWD).corsOrigins).toEqual(origins);
  });

  it.each([
    'https://news.example/',
    'https://news.example/app',
    'news.example',
    'ftp://news.example',
    'https://news.example?x=1',
    'HTTPS://News.Example',
  ])('refuses %j, which is not an exact origin', (value) => {
    const message = configError({ NEWSGRAPH_CORS_ORIGINS: value }).message;
    expect(message).toContain('NEWSGRAPH_CORS_ORIGINS');
    expect(message).toContain(value);
  });

  it('refuses * mixed with origins', () => {
    expect(configError({ NEWSGRAPH_CORS_ORIGINS: '*,https://a.example' }).message).toMatch(/NEWSGRAPH_CORS_ORIGINS.*\*/);
  });
});

describe('NEO4J_URI with credentials in it', () => {
  it('is refused without repeating the password, pointing at NEO4J_USER and NEO4J_PASSWORD', () => {
    const message = configError({ NEO4J_URI: 'bolt://admin:hunter2-secret@db.example:7687', NEO4J_PASSWORD: 'pw' }).message;
    expect(message).toContain('NEO4J_URI');
    expect(message).toContain('NEO4J_PASSWORD');
    expect(message).not.toContain('hunter2-secret');
  });

  it('does not echo an unparsable value that may hold a password', () => {
    const message = configError({ NEO4J_URI: 'bolt//admin:hunter2-secret@db', NEO4J_PASSWORD: 'pw' }).message;
    expect(message).toContain('NEO4J_URI');
    expect(message).not.toContain('hunter2-secret');
  });
});

describe('assertSafeToServe (serve in production)', () => {
  const serveWith = (env: Record<string, string>): (() => void) => {
    const config = loadConfig(env, CWD);
    return () => assertSafeToServe(config);
  };

  it('refuses production without API keys, saying how to fix it', () => {
    const check = serveWith({ NODE_ENV: 'production' });
    expect(check).toThrow(ConfigError);
    let message = '';
    try {
      check();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('NODE_ENV=production');
    expect(message).toContain('NEWSGRAPH_API_KEYS');
    expect(message).toContain('NEWSGRAPH_READ_ONLY=true');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses production with only blank keys', () => {
    expect(serveWith({ NODE_ENV: 'production', NEWSGRAPH_API_KEYS: ' , ' })).toThrow(ConfigError);
  });

  it('serves production with keys, or read-only without them', () => {
    expect(serveWith({ NODE_ENV: 'production', NEWSGRAPH_API_KEYS: 'k1' })).not.toThrow();
    expect(serveWith({ NODE_ENV: 'production', NEWSGRAPH_READ_ONLY: 'true' })).not.toThrow();
  });

  it('leaves development and test open, as before', () => {
    expect(serveWith({})).not.toThrow();
    expect(serveWith({ NODE_ENV: 'test' })).not.toThrow();
  });
});

describe('Neo4j cache dir', () => {
  it('lives under XDG_CACHE_HOME when set', () => {
    const xdg = path.resolve('/var/cache/xdg');
    expect(loadConfig({ XDG_CACHE_HOME: xdg, HOME }, CWD).neo4jCacheDir).toBe(path.join(xdg, 'newsgraph'));
  });

  it('lives under $HOME/.cache without XDG_CACHE_HOME', () => {
    expect(loadConfig({ HOME }, CWD).neo4jCacheDir).toBe(path.join(HOME, '.cache', 'newsgraph'));
    expect(loadConfig({ HOME, XDG_CACHE_HOME: ' ' }, CWD).neo4jCacheDir).toBe(path.join(HOME, '.cache', 'newsgraph'));
  });

  it('follows NEWSGRAPH_NEO4J_CACHE above both, relative to cwd', () => {
    expect(loadConfig({ HOME, XDG_CACHE_HOME: '/x', NEWSGRAPH_NEO4J_CACHE: 'jars' }, CWD).neo4jCacheDir).toBe(path.join(CWD, 'jars'));
  });

  it('is shared by every data folder', () => {
    const a = loadConfig({ HOME, NEWSGRAPH_DATA_DIR: 'a' }, CWD);
    const b = loadConfig({ HOME, NEWSGRAPH_DATA_DIR: 'b' }, CWD);
    expect(a.dataDir).not.toBe(b.dataDir);
    expect(a.neo4jCacheDir).toBe(b.neo4jCacheDir);
  });
});

describe('loadConfig reads only the env it is given', () => {
  it('ignores process.env', () => {
    const saved = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      expect(loadConfig({}, CWD).port).toBe(4000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});
