/**
 * Fills a fresh database for the fault and load benchmarks: migrations, the seed graph and a
 * generated graph of N entities (src/services/generator.service.ts), written in process through
 * the project's own gateway. Also picks the ids the scripted requests use.
 */
import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { toInt } from '../../src/db/plain';
import { EntityKind } from '../../src/domain/entity-kind';
import { FactStatus } from '../../src/domain/event-type';
import { RelationshipData } from '../../src/domain/graph-input';
import { RelationshipType } from '../../src/domain/relationship-type';
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

/**
 * Hubs added once to the generated benchmark graphs (bench/lib/datasets.ts): an organization that
 * SUPPORTS 102,000 existing entities and one that SUPPORTS 102, with the same mix of statuses and
 * validity, so that a relationships page on a node with 100,000 (visible) relationships can be set
 * against the same page on a node with 100. Targets are the graph's entities in id order, taken
 * round robin (`role` tells the rounds apart, so every relationship has its own id); one in 51 is
 * REJECTED (hidden by default: 100,000 and 100 remain), one in 7 PROPOSED, one in 4 ended in 2020.
 * Written through the project's own import path (so degrees and every stored field are as any
 * write leaves them); deterministic, and skipped when already there.
 */
export const BENCH_HUBS = [
  { id: 'bench-hub-100000', name: 'Bench hub 100000', relationships: 102_000, visible: 100_000 },
  { id: 'bench-hub-100', name: 'Bench hub 100', relationships: 102, visible: 100 },
] as const;

export async function ensureHubs(gateway: Neo4jGateway, progress: (line: string) => void): Promise<void> {
  for (const hub of BENCH_HUBS) {
    const [row] = await gateway.read('OPTIONAL MATCH (h:Entity {id: $id}) RETURN COUNT { (h)-[:SUPPORTS]->() } AS n', { id: hub.id });
    if (Number(row.n) >= hub.relationships) continue;
    const started = Date.now();
    const importer = new ImportService(gateway);
    await importer.importGraph({
      entities: [{ id: hub.id, kind: EntityKind.ORGANIZATION, name: hub.name, description: 'A benchmark hub.' }],
    });
    const targets = (
      await gateway.read("MATCH (e:Entity) WHERE NOT e.id STARTS WITH 'bench-hub-' RETURN e.id AS id ORDER BY e.id LIMIT $n", {
        n: toInt(hub.relationships),
      })
    ).map((target) => String(target.id));
    const relationships: RelationshipData[] = [];
    for (let i = 0; i < hub.relationships; i += 1) {
      relationships.push({
        from: hub.id,
        to: targets[i % targets.length],
        type: RelationshipType.SUPPORTS,
        role: `bench ${Math.floor(i / targets.length)}`,
        status: i % 51 === 0 ? FactStatus.REJECTED : i % 7 === 1 ? FactStatus.PROPOSED : FactStatus.ACCEPTED,
        ...(i % 4 === 2 ? { validTo: '2020-01-01' } : {}),
      });
    }
    for (let i = 0; i < relationships.length; i += 5000) {
      await importer.importGraph({ relationships: relationships.slice(i, i + 5000) }, { timeoutMs: 600_000 });
      progress(`  ${hub.id}: ${Math.min(i + 5000, relationships.length)}/${relationships.length} relationships`);
    }
    progress(`  ${hub.id} written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}
