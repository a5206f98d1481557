import neo4j, { BookmarkManager, Driver, SessionConfig } from 'neo4j-driver';

import { Neo4jGateway } from '../../src/db/gateway';

/**
 * Causal consistency inside one process: every session the gateway opens carries the same bookmark
 * manager, so on a cluster a read after a write waits for a member that has seen the write. No
 * cluster runs here: the driver below only records the sessions asked of it (and answers each
 * transaction with no rows); the manager itself is the driver's real one.
 */

interface Recorded {
  config: SessionConfig;
  calls: string[];
}

function recordingDriver(): { driver: Driver; sessions: Recorded[] } {
  const sessions: Recorded[] = [];
  const tx = { run: async () => ({ records: [] }) };
  const driver = {
    session(config: SessionConfig = {}) {
      const recorded: Recorded = { config, calls: [] };
      sessions.push(recorded);
      return {
        executeRead: async <T>(work: (t: typeof tx) => Promise<T>) => {
          recorded.calls.push('executeRead');
          return work(tx);
        },
        executeWrite: async <T>(work: (t: typeof tx) => Promise<T>) => {
          recorded.calls.push('executeWrite');
          return work(tx);
        },
        run: async () => {
          recorded.calls.push('run');
          return { records: [{ keys: ['ok'], get: () => 1 }] };
        },
        close: async () => undefined,
      };
    },
    close: async () => undefined,
  } as unknown as Driver;
  return { driver, sessions };
}

describe('Neo4jGateway bookmarks', () => {
  it('hands one and the same bookmark manager to every session, reads and writes alike', async () => {
    const { driver, sessions } = recordingDriver();
    const gateway = new Neo4jGateway(driver, { database: 'neo4j', transactionTimeoutMs: 1000 });
    await gateway.write('CREATE (:Marker)');
    await gateway.read('MATCH (m:Marker) RETURN count(m) AS n');
    await gateway.readTx(async (tx) => tx.run('RETURN 1'));
    await gateway.writeTx(async (tx) => tx.run('RETURN 1'));
    await gateway.isReachable(1000);

    expect(sessions).toHaveLength(5);
    const managers = new Set(sessions.map((s) => s.config.bookmarkManager));
    expect(managers.size).toBe(1);
    const [manager] = managers;
    expect(manager).toBeDefined();
    expect(manager).toBe(gateway.bookmarks);
    // Reads stay reads (routed to readers), writes stay writes.
    expect(sessions.map((s) => [s.config.defaultAccessMode, s.calls])).toEqual([
      [neo4j.session.WRITE, ['executeWrite']],
      [neo4j.session.READ, ['executeRead']],
      [neo4j.session.READ, ['executeRead']],
      [neo4j.session.WRITE, ['executeWrite']],
      [neo4j.session.READ, ['run']],
    ]);
  });

  it('passes a write bookmark on: what one session reports, the next one is given', async () => {
    const { driver, sessions } = recordingDriver();
    const gateway = new Neo4jGateway(driver, { database: 'neo4j', transactionTimeoutMs: 1000 });
    await gateway.write('CREATE (:Marker)');
    // What the driver does when a write commits: it tells the session's manager the new bookmark.
    const writer = sessions[0].config.bookmarkManager as BookmarkManager;
    await writer.updateBookmarks([], ['FB:kcwQ-after-the-write']);
    await gateway.read('MATCH (m:Marker) RETURN m');
    const reader = sessions[1].config.bookmarkManager as BookmarkManager;
    expect([...(await reader.getBookmarks())]).toEqual(['FB:kcwQ-after-the-write']);
  });

  it('keeps a separate chain per gateway (one per process)', () => {
    const one = new Neo4jGateway(recordingDriver().driver, { database: 'neo4j', transactionTimeoutMs: 1000 });
    const two = new Neo4jGateway(recordingDriver().driver, { database: 'neo4j', transactionTimeoutMs: 1000 });
    expect(one.bookmarks).not.toBe(two.bookmarks);
  });
});
