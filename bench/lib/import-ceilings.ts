/**
 * Ceilings for bench:import: how fast Neo4j itself writes on this machine, whatever Node does.
 *
 * - The online ceiling creates relationships from rows built before timing starts (no reading,
 *   validating, hashing or planning inside the timed part): once with the load's own statement
 *   (BulkWriteRepository.createRelationships, every property the load stores) and once with ids
 *   only, each batch in its own transaction, commit included. The two alternate batch by batch, so
 *   the machine's other work weighs on both alike.
 * - The importer ceiling runs `neo4j-admin database import full` on CSV files with ids only (no
 *   property, no MENTIONS, one label set): the tool's own speed here, timed like the "offline
 *   importer phase" row (its JVM included).
 */
import fs from 'node:fs';
import path from 'node:path';

import { Neo4jGateway } from '../../src/db/gateway';
import { EntityKind } from '../../src/domain/entity-kind';
import { RelationshipType } from '../../src/domain/relationship-type';
import { runNeo4jAdmin } from '../../src/local-neo4j/neo4j-admin';
import { BulkWriteRepository } from '../../src/repositories/bulk-write.repository';
import { typeAlternation } from '../../src/repositories/cypher-fragments';
import { byType } from '../../src/repositories/write-groups';
import { readJsonLines } from '../../src/services/import/record-reader';
import { importArguments } from '../../src/services/initial-import/initial-import.service';
import {
  BatchPlan,
  EMPTY_STATE,
  EntityRow,
  isProblem,
  planBatch,
  RelationshipRow,
  ValidRecord,
  validateRecord,
} from '../../src/services/write';

/** Relationships written per transaction, as the load's default batch. */
const BATCH = 10_000;

export interface CeilingRun {
  label: string;
  relationships: number;
  seconds: number;
}

/**
 * Reads, validates and plans `file` in batches of `batchSize` as a load into an empty database
 * would (references checked against what earlier batches brought); `onBatch` gets each batch's
 * plan and says whether to go on. Returns the records read. The floor row and the ceiling's rows.
 */
export async function planFile(file: string, batchSize: number, onBatch: (plan: BatchPlan) => boolean): Promise<number> {
  const known = new Map<string, EntityKind>();
  const texts = new Map<string, string | null>();
  let records = 0;
  let batch: ValidRecord[] = [];
  const plan = (): boolean => {
    const planned = planBatch(batch, { ...EMPTY_STATE, sourceTexts: texts }, { onError: 'stop', known });
    if (planned.stoppedAt) throw new Error(`${planned.stoppedAt.where}: ${planned.stoppedAt.message}`);
    for (const [id, kind] of planned.learned) known.set(id, kind);
    for (const record of batch) if (record.kind === 'source') texts.set(record.id, record.value.text);
    batch = [];
    return onBatch(planned);
  };
  for await (const raw of readJsonLines(file)) {
    records += 1;
    const record = validateRecord(raw);
    if (isProblem(record)) throw new Error(`${record.where}: ${record.message}`);
    batch.push(record);
    if (batch.length >= batchSize && !plan()) return records;
  }
  plan();
  return records;
}

/** The first `sample` relationships of `file` as the load would create them, and the entity rows of their endpoints. */
async function prebuiltRows(file: string, sample: number): Promise<{ entities: EntityRow[]; relationships: RelationshipRow[] }> {
  const entities = new Map<string, EntityRow>();
  const relationships: RelationshipRow[] = [];
  await planFile(file, BATCH, (planned) => {
    for (const row of planned.entities.creates) entities.set(row.id, row);
    relationships.push(...planned.relationships.creates);
    return relationships.length < sample;
  });
  const sampled = relationships.slice(0, sample);
  const ends = new Set(sampled.flatMap((row) => [row.from, row.to]));
  return { entities: [...entities.values()].filter((row) => ends.has(row.id)), relationships: sampled };
}

/** The same relationships with ids only (an id of their own: the load's ids are taken by then). */
async function createBare(gateway: Neo4jGateway, rows: readonly RelationshipRow[]): Promise<void> {
  await gateway.writeTx(async (tx) => {
    for (const [type, ofType] of byType(rows)) {
      await tx.run(
        `UNWIND $rows AS row
         MATCH (a:Entity {id: row.from}) USING INDEX a:Entity(id)
         MATCH (b:Entity {id: row.to}) USING INDEX b:Entity(id)
         CREATE (a)-[:${typeAlternation([type])} {id: row.id}]->(b)`,
        { rows: ofType.map((row) => ({ id: `${row.id}-bare`, from: row.from, to: row.to })) },
      );
    }
  });
}

/**
 * The online ceiling on an empty, migrated database (`gateway`): the first `sample` relationships of
 * `file` (their endpoints created first, untimed), written by the load's statement and with ids only.
 */
export async function onlineCeiling(gateway: Neo4jGateway, file: string, sample: number): Promise<CeilingRun[]> {
  const { entities, relationships } = await prebuiltRows(file, sample);
  const repository = new BulkWriteRepository();
  for (let i = 0; i < entities.length; i += BATCH) {
    const chunk = entities.slice(i, i + BATCH);
    await gateway.writeTx((tx) => repository.createEntities(tx, chunk));
  }
  let full = 0;
  let bare = 0;
  for (let i = 0; i < relationships.length; i += BATCH) {
    const chunk = relationships.slice(i, i + BATCH);
    let started = performance.now();
    const created = await gateway.writeTx((tx) => repository.createRelationships(tx, chunk));
    full += performance.now() - started;
    if (created !== chunk.length) throw new Error(`the ceiling created ${created} of ${chunk.length} relationships`);
    started = performance.now();
    await createBare(gateway, chunk);
    bare += performance.now() - started;
  }
  return [
    { label: "ceiling: the load's relationship CREATEs", relationships: relationships.length, seconds: full / 1000 },
    { label: 'ceiling: relationship CREATEs, ids only', relationships: relationships.length, seconds: bare / 1000 },
  ];
}

/** Writes a header and `count` lines made by `lineOf` to `file`, in chunks. */
async function writeLines(file: string, header: string, count: number, lineOf: (i: number) => string): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string): Promise<void> =>
    new Promise((resolve) => {
      if (out.write(text)) resolve();
      else out.once('drain', resolve);
    });
  await write(`${header}\n`);
  for (let i = 0; i < count; i += BATCH) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) lines.push(lineOf(j));
    await write(`${lines.join('\n')}\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * The importer ceiling: `nodes` entities and `relationships` relationships (ids only, endpoints spread
 * over the nodes, one type) imported by neo4j-admin into a fresh `dataDir`; times the tool alone.
 */
export async function importerCeiling(
  options: { dataDir: string; cacheDir: string; mavenRepoUrl?: string },
  nodes: number,
  relationships: number,
): Promise<CeilingRun> {
  const csvDir = path.join(options.dataDir, 'ceiling-csv');
  fs.mkdirSync(csvDir, { recursive: true });
  try {
    const id = (i: number): string => `c-${i}`;
    const nodeFile = path.join(csvDir, 'nodes.csv');
    const relFile = path.join(csvDir, 'relationships.csv');
    await writeLines(nodeFile, 'id:ID', nodes, id);
    // A multiplier prime to the node count spreads each node's relationships over the graph.
    await writeLines(relFile, ':START_ID,:END_ID', relationships, (i) => `${id(i % nodes)},${id((i * 7919 + 13) % nodes)}`);
    const started = performance.now();
    // The arguments of `import --initial` itself, for one node file and one relationship file.
    const files = {
      dir: csvDir,
      nodes: [{ labels: 'Entity', file: nodeFile }],
      relationships: [{ type: RelationshipType.RELATED_TO, file: relFile }],
      multiline: [],
    };
    await runNeo4jAdmin({ ...options, progress: () => undefined }, importArguments(files, '2G'));
    return { label: 'ceiling: offline importer, ids only', relationships, seconds: (performance.now() - started) / 1000 };
  } finally {
    fs.rmSync(csvDir, { recursive: true, force: true });
  }
}
