import fs from 'node:fs';

import { EntityKind } from '../domain/entity-kind';
import { EventType } from '../domain/event-type';
import { EntityData, GraphData, RelationshipData, SourceData } from '../domain/graph-input';
import { RelationshipType } from '../domain/relationship-type';
import { ImportReport, ImportService } from './import.service';

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same graph. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How the entities split across kinds. */
const SHARES: Record<EntityKind, number> = {
  [EntityKind.PERSON]: 0.5,
  [EntityKind.EVENT]: 0.3,
  [EntityKind.PLACE]: 0.08,
  [EntityKind.ORGANIZATION]: 0.05,
  [EntityKind.TOPIC]: 0.05,
  [EntityKind.COUNTRY]: 0.02,
};

const PREFIX: Record<EntityKind, string> = {
  [EntityKind.PERSON]: 'gen-person',
  [EntityKind.EVENT]: 'gen-event',
  [EntityKind.PLACE]: 'gen-place',
  [EntityKind.ORGANIZATION]: 'gen-org',
  [EntityKind.TOPIC]: 'gen-topic',
  [EntityKind.COUNTRY]: 'gen-country',
};

export interface GeneratedGraph {
  sources: SourceData[];
  entities: EntityData[];
  relationships: RelationshipData[];
}

/**
 * Builds a synthetic news graph of `total` entities with a skewed degree distribution: a few hub
 * countries and organizations that most events and people touch, many sparse people, events
 * that tie them together, topics, and sources whose text holds a quote for every relationship.
 */
export function generateGraph(total: number, seed = 42): GeneratedGraph {
  const random = seededRandom(seed);
  const count = (kind: EntityKind): number => Math.max(kind === EntityKind.COUNTRY ? 5 : 2, Math.round(total * SHARES[kind]));
  const id = (kind: EntityKind, i: number): string => `${PREFIX[kind]}-${String(i).padStart(6, '0')}`;
  /** Index skewed towards 0 (the hubs): about 20% of picks land in the first 1% of the range. */
  const skewed = (n: number): number => Math.min(n - 1, Math.floor(n * Math.pow(random(), 4)));
  const uniform = (n: number): number => Math.floor(random() * n);
  const date = (i: number): string => {
    const day = new Date(Date.UTC(2015, 0, 1) + Math.floor((i * 86_400_000 * 3650) / Math.max(1, count(EntityKind.EVENT))));
    return day.toISOString().slice(0, 10);
  };

  const entities: EntityData[] = [];
  for (const kind of Object.values(EntityKind)) {
    for (let i = 0; i < count(kind); i += 1) {
      const entity: EntityData = {
        id: id(kind, i),
        kind,
        name: `${kind.charAt(0)}${kind.slice(1).toLowerCase()} ${i}`,
        description: `A generated ${kind.toLowerCase()}.`,
      };
      if (kind === EntityKind.EVENT)
        Object.assign(entity, { eventType: i % 7 === 0 ? EventType.SUMMIT : EventType.MEETING, startDate: date(i) });
      if (kind === EntityKind.COUNTRY) entity.aliases = [`Land ${i}`];
      entities.push(entity);
    }
  }

  const relationships: RelationshipData[] = [];
  const seen = new Set<string>();
  const link = (from: string, type: RelationshipType, to: string, extra: Partial<RelationshipData> = {}): void => {
    const key = `${from}|${type}|${to}|${extra.role ?? ''}|${extra.validFrom ?? ''}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    relationships.push({ from, to, type, ...extra });
  };
  const n = (kind: EntityKind): number => count(kind);
  const { PERSON, EVENT, PLACE, ORGANIZATION, TOPIC, COUNTRY } = EntityKind;
  for (let e = 0; e < n(EVENT); e += 1) {
    const event = id(EVENT, e);
    const people = 2 + uniform(3);
    for (let k = 0; k < people; k += 1) link(id(PERSON, skewed(n(PERSON))), RelationshipType.PARTICIPATED_IN, event);
    link(id(COUNTRY, skewed(n(COUNTRY))), RelationshipType.PARTICIPATED_IN, event);
    link(id(COUNTRY, skewed(n(COUNTRY))), RelationshipType.PARTICIPATED_IN, event);
    link(event, RelationshipType.HELD_IN, id(PLACE, skewed(n(PLACE))));
    link(event, RelationshipType.CONCERNS, id(TOPIC, skewed(n(TOPIC))));
    if (e > 0 && e % 5 !== 0) link(event, RelationshipType.FOLLOWS, id(EVENT, e - 1));
    if (e % 7 !== 0) link(event, RelationshipType.PART_OF, id(EVENT, e - (e % 7)));
  }
  // Every person appears somewhere: most in one more event, a third on an organization's staff.
  for (let p = 0; p < n(PERSON); p += 1) {
    if (p % 3 === 0)
      link(id(PERSON, p), RelationshipType.AFFILIATED_WITH, id(ORGANIZATION, skewed(n(ORGANIZATION))), { role: 'member of staff' });
    else link(id(PERSON, p), RelationshipType.PARTICIPATED_IN, id(EVENT, uniform(n(EVENT))));
  }
  for (let c = 0; c < n(COUNTRY); c += 1) {
    const leaders = [uniform(n(PERSON)), uniform(n(PERSON))];
    link(id(PERSON, leaders[0]), RelationshipType.LEADER_OF, id(COUNTRY, c), {
      title: 'President',
      validFrom: '2015-01-01',
      validTo: '2020-01-01',
    });
    link(id(PERSON, leaders[1]), RelationshipType.LEADER_OF, id(COUNTRY, c), { title: 'President', validFrom: '2020-01-01' });
    link(id(COUNTRY, c), RelationshipType.MEMBER_OF, id(ORGANIZATION, skewed(n(ORGANIZATION))));
    if (c > 0) link(id(COUNTRY, c - 1), RelationshipType.BORDERS, id(COUNTRY, c));
  }
  for (let p = 0; p < n(PLACE); p += 1) link(id(PLACE, p), RelationshipType.LOCATED_IN, id(COUNTRY, skewed(n(COUNTRY))));
  for (let t = 0; t < n(TOPIC); t += 1) {
    link(id(TOPIC, t), RelationshipType.INVOLVES, id(COUNTRY, skewed(n(COUNTRY))));
    if (t > 0) link(id(TOPIC, t), RelationshipType.RELATED_TO, id(TOPIC, uniform(t)));
  }

  // Sources: one per 200 relationships, each sentence the quote of one relationship.
  const sources: SourceData[] = [];
  const perSource = 200;
  for (let s = 0; s * perSource < relationships.length; s += 1) {
    const sourceId = `gen-source-${String(s).padStart(6, '0')}`;
    const sentences = relationships.slice(s * perSource, (s + 1) * perSource).map((rel, i) => {
      const quote = `Report ${s}.${i}: ${rel.from} ${rel.type.toLowerCase().replace(/_/g, ' ')} ${rel.to}.`;
      rel.evidence = [{ sourceId, quote }];
      return quote;
    });
    sources.push({ id: sourceId, title: `Generated report ${s}`, publisher: 'NewsGraph generator', text: sentences.join('\n') });
  }
  return { sources, entities, relationships };
}

/** Writes a generated graph in batches (each batch one transaction), reporting progress. */
export async function writeGenerated(
  importer: ImportService,
  graph: GeneratedGraph,
  progress: (done: number, total: number) => void = () => undefined,
  batchSize = 5000,
): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0 };
  const total = graph.sources.length + graph.entities.length + graph.relationships.length;
  let done = 0;
  const batches: GraphData[] = [{ sources: graph.sources }];
  for (let i = 0; i < graph.entities.length; i += batchSize) batches.push({ entities: graph.entities.slice(i, i + batchSize) });
  for (let i = 0; i < graph.relationships.length; i += batchSize)
    batches.push({ relationships: graph.relationships.slice(i, i + batchSize) });
  for (const batch of batches) {
    const result = await importer.importGraph(batch, { timeoutMs: 300_000 });
    report.created += result.created;
    report.updated += result.updated;
    report.unchanged += result.unchanged;
    done += (batch.sources?.length ?? 0) + (batch.entities?.length ?? 0) + (batch.relationships?.length ?? 0);
    progress(done, total);
  }
  return report;
}

/** Writes a chunk, waiting when the stream's buffer is full (a file of any size in bounded memory). */
function writeChunk(out: fs.WriteStream, chunk: string): Promise<void> | undefined {
  return out.write(chunk) ? undefined : new Promise((resolve) => out.once('drain', () => resolve()));
}

/**
 * Writes a generated graph to a file for `newsgraph import`: JSON Lines (`.jsonl`, one
 * `{"source"|"entity"|"relationship": {...}}` per line, sources and entities before the
 * relationships that cite them) or the importGraph JSON shape (any other name). `maxRelationships`
 * keeps only the first N relationships (benchmarks want round numbers). Returns the record counts.
 */
export async function writeGeneratedFile(
  graph: GeneratedGraph,
  file: string,
  options: { maxRelationships?: number } = {},
): Promise<{ sources: number; entities: number; relationships: number }> {
  const relationships = graph.relationships.slice(0, options.maxRelationships ?? graph.relationships.length);
  const cited = new Set(relationships.flatMap((r) => (r.evidence ?? []).map((e) => e.sourceId)));
  const sources = graph.sources.filter((s) => s.id !== undefined && cited.has(s.id));
  const jsonl = /\.(jsonl|ndjson)$/i.test(file);
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  const lists: [string, string, unknown[]][] = [
    ['source', 'sources', sources],
    ['entity', 'entities', graph.entities],
    ['relationship', 'relationships', relationships],
  ];
  if (!jsonl) await writeChunk(out, '{');
  for (const [li, [kind, key, list]] of lists.entries()) {
    if (!jsonl) await writeChunk(out, `${li > 0 ? ',' : ''}\n"${key}": [`);
    for (let i = 0; i < list.length; i += 1) {
      const line = jsonl ? `${JSON.stringify({ [kind]: list[i] })}\n` : `${i > 0 ? ',' : ''}\n${JSON.stringify(list[i])}`;
      await writeChunk(out, line);
    }
    if (!jsonl) await writeChunk(out, '\n]');
  }
  if (!jsonl) await writeChunk(out, '\n}\n');
  out.end();
  await done;
  return { sources: sources.length, entities: graph.entities.length, relationships: relationships.length };
}
