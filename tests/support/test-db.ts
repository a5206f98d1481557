import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { applyMigrations } from '../../src/db/migrations';
import { ImportService } from '../../src/services/import.service';
import { loadSeed } from '../../src/services/seed.service';

/**
 * Tests assert outcomes, not speed: a query that takes 5 s (the service's default timeout) on a
 * loaded CI machine must not fail a test about limits or answers. Tests of the timeout itself pass
 * their own `transactionTimeoutMs`.
 */
const TEST_TRANSACTION_TIMEOUT_MS = 60_000;

/** The run's test Neo4j (see global-setup.ts) behind a gateway, as the service uses it (but for the timeout). */
export function connectTestGateway(overrides: { transactionTimeoutMs?: number } = {}): Neo4jGateway {
  const uri = process.env.NEWSGRAPH_TEST_NEO4J_URI;
  if (!uri) throw new Error('NEWSGRAPH_TEST_NEO4J_URI is unset: run integration tests through jest (global setup starts Neo4j).');
  const config = loadConfig({});
  return Neo4jGateway.connect(uri, process.env.NEWSGRAPH_TEST_NEO4J_USER ?? 'neo4j', process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? '', {
    ...config.neo4j,
    transactionTimeoutMs: TEST_TRANSACTION_TIMEOUT_MS,
    ...overrides,
  });
}

/** Empties the database (data and migration records; schema stays) and applies the migrations. */
export async function resetDatabase(gateway: Neo4jGateway): Promise<void> {
  await gateway
    .write('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS', {}, { operation: 'test.reset' })
    .catch(async () => {
      // CALL ... IN TRANSACTIONS needs an implicit transaction; fall back to one delete.
      await gateway.write('MATCH (n) DETACH DELETE n', {}, { operation: 'test.reset' });
    });
  await applyMigrations(gateway);
}

/** A migrated database holding exactly the seed graph. */
export async function resetAndSeed(gateway: Neo4jGateway): Promise<void> {
  await resetDatabase(gateway);
  await loadSeed(new ImportService(gateway));
}
