/**
 * Fills a fresh database for the fault and load benchmarks: migrations, the seed graph and a
 * generated graph of N entities (src/services/generator.service.ts), written in process through
 * the project's own gateway. Also picks the ids the scripted requests use.
 */
import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { applyMigrations } from '../../src/db/migrations';
import { generateGraph, writeGenerated } from '../../src/services/generator.service';
import { ImportService } from '../../src/services/import.service';
import { loadSeed } from '../../src/services/seed.service';

export interface Target {
  uri: string;
  user: string;
  password: string;
}

export function connect(target: Target, transactionTimeoutMs = 60_000): Neo4jGateway {
  return Neo4jGateway.connect(target.uri, target.user, target.password, { ...loadConfig({}).neo4j, transactionTimeoutMs });
}

/** Migrations, the seed and `entities` generated entities; returns the seconds it took. */
export async function fillGraph(gateway: Neo4jGateway, entities: number, progress: (line: string) => void): Promise<number> {
  const started = Date.now();
  await applyMigrations(gateway);
  const importer = new ImportService(gateway);
  await loadSeed(importer);
  if (entities > 0) {
    let last = 0;
    await writeGenerated(importer, generateGraph(entities, 7), (done, total) => {
      if (Date.now() - last > 5000 || done === total) {
        last = Date.now();
        progress(`  generating ${entities} entities: ${done}/${total} records`);
      }
    });
  }
  // Flush what was written now, not in the middle of the measurements.
  await gateway.write('CALL db.checkpoint()', {}, { operation: 'bench.checkpoint' }).catch(() => undefined);
  return (Date.now() - started) / 1000;
}

export interface Samples {
  /** Entities with relationships (lookups, neighbourhoods, relationship targets). */
  connected: string[];
  /** People with a few relationships (shortest paths between them). */
  people: string[];
  /** The best-connected countries (timelines). */
  hubs: string[];
  /** Words from entity names (search). */
  words: string[];
}

export async function pickSamples(gateway: Neo4jGateway): Promise<Samples> {
  const ids = async (cypher: string): Promise<string[]> => (await gateway.read(cypher)).map((row) => String(row.id));
  const names = await gateway.read('MATCH (e:Entity) WHERE e.degree >= 1 RETURN e.name AS name ORDER BY e.id LIMIT 400');
  const words = [
    ...new Set(
      names.flatMap((row) =>
        String(row.name)
          .split(/[^\p{L}]+/u)
          .filter((word) => word.length >= 4),
      ),
    ),
  ];
  return {
    connected: await ids('MATCH (e:Entity) WHERE e.degree >= 1 AND e.degree <= 200 RETURN e.id AS id ORDER BY e.id LIMIT 2000'),
    people: await ids('MATCH (p:Person) WHERE p.degree >= 2 RETURN p.id AS id ORDER BY p.id LIMIT 500'),
    hubs: await ids('MATCH (c:Country) RETURN c.id AS id ORDER BY c.degree DESC, c.id LIMIT 10'),
    words: words.slice(0, 200),
  };
}

/** A deterministic pseudo-random choice (xorshift), so that runs send the same mix. */
export function chooser(seed: number): <T>(items: readonly T[]) => T {
  let state = seed >>> 0 || 1;
  return (items) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return items[(state >>> 0) % items.length];
  };
}
