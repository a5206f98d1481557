import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { listenOnLoopback } from '../support/http-harness';
import { connectTestGateway } from '../support/test-db';

/**
 * Readiness means "queries can run now", not "something accepts Bolt connections": while a
 * restarted Neo4j recovers its database, or when the configured database does not exist, Bolt
 * answers but every query fails, and /health/ready must say 503 (bench/faults.ts showed 200s
 * from it while no request succeeded during a restart).
 */
function gatewayTo(database: string): Neo4jGateway {
  const uri = process.env.NEWSGRAPH_TEST_NEO4J_URI;
  if (!uri) throw new Error('NEWSGRAPH_TEST_NEO4J_URI is unset: run integration tests through jest.');
  return Neo4jGateway.connect(uri, process.env.NEWSGRAPH_TEST_NEO4J_USER ?? 'neo4j', process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? '', {
    ...loadConfig({}).neo4j,
    database,
  });
}

describe('readiness', () => {
  it('is reachable when the configured database answers a query', async () => {
    const gateway = connectTestGateway();
    try {
      expect(await gateway.isReachable()).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  it('is not ready while Bolt answers but the database cannot run queries', async () => {
    const gateway = gatewayTo('no-such-database');
    const { app, base } = await listenOnLoopback(gateway);
    try {
      await expect(gateway.read('RETURN 1 AS one')).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
      expect(await gateway.isReachable()).toBe(false);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable' });
    } finally {
      await app.stop();
      await gateway.close();
    }
  });
});
