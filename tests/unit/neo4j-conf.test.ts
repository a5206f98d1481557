import path from 'node:path';

import { DEFAULT_HEAP, DEFAULT_PAGE_CACHE, jvmArgs, neo4jConf } from '../../src/local-neo4j/neo4j-conf';

/** Unit tests of the settings the local Neo4j is started with: loopback only, auth on, bounded. */

const DATA_DIR = path.resolve('/var/lib/newsgraph-test');
const PORT = 17687;

/** Parses neo4j.conf text into settings, failing on a repeated key (Neo4j would keep only one). */
function settings(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    expect(eq).toBeGreaterThan(0);
    const key = trimmed.slice(0, eq);
    expect(map.has(key)).toBe(false);
    map.set(key, trimmed.slice(eq + 1));
  }
  return map;
}

describe('neo4jConf', () => {
  const conf = settings(neo4jConf(DATA_DIR, PORT));

  it('listens and advertises on 127.0.0.1 only', () => {
    const addresses = [...conf.entries()].filter(([key]) => /listen_address|advertised_address/.test(key));
    expect(addresses.length).toBeGreaterThan(0);
    for (const [key, value] of addresses) {
      expect({ key, value }).toEqual({ key, value: expect.stringMatching(/^127\.0\.0\.1(:\d+)?$/) });
    }
    expect(conf.get('server.default_listen_address')).toBe('127.0.0.1');
    expect([...conf.values()].join('\n')).not.toMatch(/0\.0\.0\.0|::|localhost/);
  });

  it('puts Bolt on the given port', () => {
    expect(conf.get('server.bolt.enabled')).toBe('true');
    expect(conf.get('server.bolt.listen_address')).toBe(`127.0.0.1:${PORT}`);
    expect(settings(neo4jConf(DATA_DIR, 7700)).get('server.bolt.listen_address')).toBe('127.0.0.1:7700');
  });

  it('has authentication on', () => {
    expect(conf.get('dbms.security.auth_enabled')).toBe('true');
  });

  it('has HTTP and HTTPS off', () => {
    expect(conf.get('server.http.enabled')).toBe('false');
    expect(conf.get('server.https.enabled')).toBe('false');
  });

  it('forbids exhaustive shortest-path searches', () => {
    expect(conf.get('dbms.cypher.forbid_exhaustive_shortestpath')).toBe('true');
  });

  it('keeps every folder inside the data dir', () => {
    const dirs = [...conf.entries()].filter(([key]) => key.startsWith('server.directories.'));
    expect(dirs.map(([key]) => key).sort()).toEqual(
      ['data', 'import', 'logs', 'plugins', 'run'].map((name) => `server.directories.${name}`),
    );
    for (const [, dir] of dirs) expect(path.relative(DATA_DIR, dir)).not.toMatch(/^\.\.|^$/);
  });

  it('bounds memory and transaction time and reports no usage', () => {
    expect(conf.get('server.memory.pagecache.size')).toMatch(/^\d+[kmg]$/);
    expect(conf.get('db.transaction.timeout')).toMatch(/^\d+(ms|s|m)$/);
    expect(conf.get('dbms.usage_report.enabled')).toBe('false');
  });

  it('has a 512 MB page cache by default, and the given one otherwise', () => {
    expect(DEFAULT_PAGE_CACHE).toBe('512m');
    expect(conf.get('server.memory.pagecache.size')).toBe('512m');
    const larger = settings(neo4jConf(DATA_DIR, PORT, '2g'));
    expect(larger.get('server.memory.pagecache.size')).toBe('2g');
    // Only the page cache changes.
    expect(new Map([...larger].filter(([key]) => key !== 'server.memory.pagecache.size'))).toEqual(
      new Map([...conf].filter(([key]) => key !== 'server.memory.pagecache.size')),
    );
  });

  it('ends with a newline and starts with a comment saying it is generated', () => {
    const text = neo4jConf(DATA_DIR, PORT);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.startsWith('#')).toBe(true);
  });
});

describe('jvmArgs', () => {
  it('sets both heap bounds to the given size', () => {
    expect(jvmArgs('768m')).toEqual(expect.arrayContaining(['-Xms768m', '-Xmx768m']));
    const other = jvmArgs('2g');
    expect(other).toEqual(expect.arrayContaining(['-Xms2g', '-Xmx2g']));
    expect(other.filter((arg) => /^-Xm[sx]/.test(arg))).toHaveLength(2);
  });

  it('has a 1 GB default heap', () => {
    expect(DEFAULT_HEAP).toBe('1g');
    expect(jvmArgs(DEFAULT_HEAP).filter((arg) => /^-Xm[sx]/.test(arg))).toEqual(['-Xms1g', '-Xmx1g']);
  });

  it('opens java.nio, java.io and sun.nio.ch to unnamed modules (needed on Java 17+)', () => {
    expect(jvmArgs('512m')).toEqual(
      expect.arrayContaining([
        '--add-opens=java.base/java.nio=ALL-UNNAMED',
        '--add-opens=java.base/java.io=ALL-UNNAMED',
        '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      ]),
    );
  });

  it('has no repeated flag', () => {
    const args = jvmArgs('512m');
    expect(new Set(args).size).toBe(args.length);
  });
});
