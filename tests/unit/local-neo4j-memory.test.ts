import path from 'node:path';

import { controlledNeo4jConfig, controlledNeo4jOptions } from '../../bench/lib/controlled-neo4j';
import { backupOptions } from '../../src/cli/commands/db';
import { initialImportOptions } from '../../src/cli/commands/import';
import { Config, ConfigError, loadConfig } from '../../src/config/config';
import { LocalNeo4jOptions, restartOptions } from '../../src/local-neo4j/local-neo4j';
import { createLogger } from '../../src/server/logger';
import { stoppedOptions } from '../../src/services/initial-import/initial-import.service';
import { testNeo4jOptions } from '../support/global-setup';

/**
 * Unit tests of which local Neo4j starts take NEWSGRAPH_NEO4J_PAGECACHE and NEWSGRAPH_NEO4J_HEAP:
 * the options each start is given, from the configuration to the startLocalNeo4j call (what
 * startLocalNeo4j writes from them is neo4j-conf.test.ts's; none of these starts a server).
 */

const CWD = path.resolve('/srv/newsgraph-app');
const HOME = path.resolve('/home/analyst');
const SIZED = { HOME, NEWSGRAPH_NEO4J_PAGECACHE: '96M', NEWSGRAPH_NEO4J_HEAP: '768m' };
const DATA_DIR = path.resolve('/tmp/newsgraph-unit-memory');

const sized = (): Config => loadConfig(SIZED, CWD);
const unsized = (): Config => loadConfig({ HOME }, CWD);
const memory = (options: LocalNeo4jOptions): { pageCache?: string; heap?: string } => ({
  pageCache: options.pageCache,
  heap: options.heap,
});

/** The message loadConfig refuses `env` with. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The restart after `newsgraph import --initial`'s importer, as the CLI configures it. */
const initialImportRestart = (config: Config): LocalNeo4jOptions =>
  restartOptions(stoppedOptions(initialImportOptions(config, createLogger('error'), 'graph.jsonl', 'jsonl', 'stop')));

describe("the restart of a 'db start' server after neo4j-admin", () => {
  it("import --initial starts it again with the configured page cache and heap, as 'db start'", () => {
    const restart = initialImportRestart(sized());
    expect(memory(restart)).toEqual({ pageCache: '96m', heap: '768m' });
    expect(restart.owner).toBe('db-start');
    expect(restart.dataDir).toBe(sized().dataDir);
  });

  it('import --initial leaves the defaults to startLocalNeo4j when the variables are unset', () => {
    expect(memory(initialImportRestart(unsized()))).toEqual({ pageCache: undefined, heap: undefined });
  });

  it('db dump and db load start it again with the configured page cache and heap', () => {
    // backup.ts hands whileLocalNeo4jStopped its options with a purpose added.
    const restart = restartOptions({ ...backupOptions(sized(), false), purpose: `'newsgraph db dump'` });
    expect(memory(restart)).toEqual({ pageCache: '96m', heap: '768m' });
    expect(restart.owner).toBe('db-start');
    expect(memory(restartOptions({ ...backupOptions(unsized(), true), purpose: `'newsgraph db load'` }))).toEqual({
      pageCache: undefined,
      heap: undefined,
    });
  });
});

describe("the test suite's Neo4j (tests/support/global-setup.ts)", () => {
  it('takes the configured page cache and heap, and the defaults when they are unset', () => {
    const options = testNeo4jOptions(sized(), DATA_DIR);
    expect(memory(options)).toEqual({ pageCache: '96m', heap: '768m' });
    expect({ dataDir: options.dataDir, owner: options.owner }).toEqual({ dataDir: DATA_DIR, owner: 'test' });
    expect(memory(testNeo4jOptions(unsized(), DATA_DIR))).toEqual({ pageCache: undefined, heap: undefined });
  });
});

describe("the fault and load benchmarks' Neo4j (bench/lib/controlled-neo4j.ts)", () => {
  it('takes the configured page cache and heap, and the defaults when they are unset', () => {
    const config = controlledNeo4jConfig(SIZED);
    expect(config.localNeo4j).toEqual({ pageCache: '96m', heap: '768m' });
    expect(memory(controlledNeo4jOptions(config, DATA_DIR, () => undefined))).toEqual({ pageCache: '96m', heap: '768m' });
    expect(memory(controlledNeo4jOptions(controlledNeo4jConfig({ HOME }), DATA_DIR, () => undefined))).toEqual({
      pageCache: undefined,
      heap: undefined,
    });
  });

  it('refuses a bad value with the one line loadConfig refuses it with', () => {
    const bad: Record<string, string>[] = [{ NEWSGRAPH_NEO4J_PAGECACHE: 'bogus' }, { NEWSGRAPH_NEO4J_HEAP: '2gb' }];
    for (const env of bad) {
      expect(() => controlledNeo4jConfig({ HOME, ...env })).toThrow(new ConfigError(refusal({ HOME, ...env })));
    }
  });

  it('still ignores the rest of the environment (a NEO4J_URI without its password)', () => {
    expect(() => controlledNeo4jConfig({ ...SIZED, NEO4J_URI: 'bolt://db.example:7687' })).not.toThrow();
  });
});
