import { Neo4jGateway } from '../db/gateway';
import { EntityData, RelationshipData, SourceData } from '../domain/graph-input';
import { EntityRecord, RelationshipRecord, SourceRecord } from '../domain/records';
import { RELATIONSHIP_TYPES } from '../domain/relationship-type';
import { BadUserInputError, ConflictError, InternalError, NotFoundError } from '../errors/api-errors';
import { ErrorCode } from '../errors/error-codes';
import { EntityWriteRepository, RelationshipMove } from '../repositories/entity-write.repository';
import { GraphWriteRepository } from '../repositories/graph-write.repository';
import { refuseDuplicates, ValidGraph, validateEntity, validateRelationship, validateSource, validId } from './graph-validation';
import { canonicalEnds, relationshipId, typeOfRelationshipId } from './ids';
import { ImportReport, ImportService } from './import.service';
import { keepStoredWhenOmitted } from './write/records';

/** What GraphQL hands over: optional fields may be null as well as absent. */
export type Nullable<T> = { [K in keyof T]?: T[K] | null };

export type EntityWriteInput = Nullable<EntityData>;
export type SourceWriteInput = Nullable<SourceData>;
export type RelationshipWriteInput = Nullable<RelationshipData>;

export interface GraphWriteInput {
  sources?: SourceWriteInput[] | null;
  entities?: EntityWriteInput[] | null;
  relationships?: RelationshipWriteInput[] | null;
}

/** The outcome of a delete mutation. */
export interface DeleteOutcome {
  id: string;
  deleted: boolean;
  relationshipsDeleted: number;
}

/** An import as large as the HTTP body limit allows may take a while; single writes use the gateway's timeout. */
const IMPORT_TIMEOUT_MS = 120_000;

/** Leaves out null and undefined fields: the validators and the writes treat both as "not given". */
function withoutNulls<T extends object>(input: Nullable<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== null && value !== undefined) out[key] = value;
  // The validators check every required field at run time, so the shape is only promised here.
  return out as T;
}

/** An id as it may appear in a message: client text, so bounded. */
function shown(id: string): string {
  return JSON.stringify(id.length > 130 ? `${id.slice(0, 120)}...` : id);
}

/**
 * Where the relationships of `mergeId` go when it is merged into `keepId`: each end that was merge
 * becomes keep, symmetric types are re-ordered canonically, and the id is recomputed from the new
 * ends (so a relationship keep already has is found by id). Relationships between the two (and
 * merge's self-loops) would become self-loops on keep and are left out: they go with merge.
 */
export function planRelationshipMoves(
  relationships: readonly RelationshipRecord[],
  keepId: string,
  mergeId: string,
): (RelationshipMove & Pick<RelationshipRecord, 'type'>)[] {
  const moves: (RelationshipMove & Pick<RelationshipRecord, 'type'>)[] = [];
  for (const rel of relationships) {
    const from = rel.from === mergeId ? keepId : rel.from;
    const to = rel.to === mergeId ? keepId : rel.to;
    if (from === keepId && to === keepId) continue;
    const [canonicalFrom, canonicalTo] = canonicalEnds(rel.type, from, to);
    moves.push({
      type: rel.type,
      oldId: rel.id,
      newId: relationshipId(rel.type, canonicalFrom, canonicalTo, rel.role, rel.validFrom),
      from: canonicalFrom,
      to: canonicalTo,
    });
  }
  return moves;
}

/** keep's aliases plus merge's name and aliases, each once, in that order, without keep's own name. */
export function mergedAliases(keep: Pick<EntityRecord, 'name' | 'aliases'>, merge: Pick<EntityRecord, 'name' | 'aliases'>): string[] {
  return [...new Set([...keep.aliases, merge.name, ...merge.aliases])].filter((alias) => alias !== keep.name);
}

/**
 * Rules of the write mutations. Upserts and imports go through ImportService, which validates, checks
 * endpoints, kinds and quotes, and writes in one transaction; this service names fields as the GraphQL
 * request does (`input.relationships[2].validTo`) and reads back the written record in that same
 * transaction. Merging and deleting are planned here and carried out by EntityWriteRepository.
 */
export class EntityWriteService {
  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly importer: ImportService,
    private readonly repository: EntityWriteRepository = new EntityWriteRepository(),
    private readonly graphWrites: GraphWriteRepository = new GraphWriteRepository(),
  ) {}

  /** Creates or updates one entity; fields left out keep their stored values. */
  upsertEntity(input: EntityWriteInput, field = 'input'): Promise<EntityRecord> {
    const data = withoutNulls(input);
    const entity = keepStoredWhenOmitted(validateEntity(data, field), data);
    return this.importer.importValidated(
      { sources: [], entities: [entity], relationships: [] },
      async (tx) => written((await this.repository.findEntities(tx, [entity.id])).get(entity.id)),
      { operation: 'upsertEntity', entityRows: [field] },
    );
  }

  /** Creates or updates one source. */
  upsertSource(input: SourceWriteInput, field = 'input'): Promise<SourceRecord> {
    const source = validateSource(withoutNulls(input), field);
    return this.importer.importValidated(
      { sources: [source], entities: [], relationships: [] },
      async (tx) => written(await this.repository.findSource(tx, source.id)),
      { operation: 'upsertSource', sourceRows: [field] },
    );
  }

  /**
   * Creates one relationship, or adds to the one with the same from, type, to, role and validFrom:
   * new evidence is merged, other properties take the given values. Unknown endpoints or sources are
   * NOT_FOUND.
   */
  upsertRelationship(input: RelationshipWriteInput, field = 'input'): Promise<RelationshipRecord> {
    const rel = validateRelationship(withoutNulls<RelationshipData>(input), field);
    return this.importer.importValidated(
      { sources: [], entities: [], relationships: [rel] },
      async (tx) => written(await this.repository.findRelationship(tx, rel.type, rel.id)),
      { operation: 'upsertRelationship', unknownReference: ErrorCode.NOT_FOUND },
    );
  }

  /** Writes a whole graph in one transaction, or nothing when any row is refused. */
  importGraph(input: GraphWriteInput, field = 'input'): Promise<ImportReport> {
    const sources = (input.sources ?? []).map((source, i) => validateSource(withoutNulls(source), `${field}.sources[${i}]`));
    const entityRows = (input.entities ?? []).map((_entity, i) => `${field}.entities[${i}]`);
    const entities = (input.entities ?? []).map((entity, i) => {
      const data = withoutNulls(entity);
      return keepStoredWhenOmitted(validateEntity(data, entityRows[i]), data);
    });
    const relationships = (input.relationships ?? []).map((rel, i) =>
      validateRelationship(withoutNulls<RelationshipData>(rel), `${field}.relationships[${i}]`),
    );
    refuseDuplicates(
      sources.map((source) => source.id),
      `${field}.sources`,
    );
    refuseDuplicates(
      entities.map((entity) => entity.id),
      `${field}.entities`,
    );
    const graph: ValidGraph = { sources, entities, relationships };
    return this.importer.importValidated(graph, async (_tx, report) => report, {
      operation: 'importGraph',
      timeoutMs: IMPORT_TIMEOUT_MS,
      entityRows,
    });
  }

  /**
   * Folds `mergeId` into `keepId` in one transaction: its relationships (every type, both directions)
   * move to keep without duplicating edges, its name and aliases become keep's aliases, sources that
   * mentioned it mention keep, and it is deleted.
   */
  mergeEntities(keepId: string, mergeId: string): Promise<EntityRecord> {
    const keepKey = validId(keepId, 'keepId');
    const mergeKey = validId(mergeId, 'mergeId');
    if (keepKey === mergeKey) throw new BadUserInputError('mergeId: is the same entity as keepId; name two different entities.', 'mergeId');
    return this.gateway.writeTx(
      async (tx) => {
        const found = await this.repository.findEntities(tx, [keepKey, mergeKey]);
        const keep = found.get(keepKey);
        const merge = found.get(mergeKey);
        if (keep === undefined) throw new NotFoundError(`keepId: no entity has the id ${shown(keepKey)}.`, 'keepId');
        if (merge === undefined) throw new NotFoundError(`mergeId: no entity has the id ${shown(mergeKey)}.`, 'mergeId');
        if (keep.kind !== merge.kind) {
          throw new ConflictError(
            `mergeId: "${merge.id}" is a ${merge.kind} and "${keep.id}" is a ${keep.kind}; only entities of the same kind can be merged.`,
            'mergeId',
          );
        }
        const moves = planRelationshipMoves(await this.repository.relationshipsOf(tx, merge.id), keep.id, merge.id);
        // Cypher needs the relationship type in the statement: one statement per type present.
        for (const type of RELATIONSHIP_TYPES) {
          await this.repository.moveRelationships(
            tx,
            type,
            moves.filter((move) => move.type === type),
          );
        }
        await this.repository.repointMentions(tx, merge.id, keep.id);
        // Deleting merge also removes what was left at it: the relationships that would be self-loops.
        await this.repository.deleteEntity(tx, merge.id);
        await this.repository.setAliases(tx, keep.id, mergedAliases(keep, merge));
        // Merged duplicates and dropped self-loops change the degrees of keep and merge's neighbours.
        await this.graphWrites.refreshDegrees(tx, [keep.id, ...moves.flatMap((move) => [move.from, move.to])]);
        return written((await this.repository.findEntities(tx, [keep.id])).get(keep.id));
      },
      { operation: 'mergeEntities' },
    );
  }

  /** Deletes an entity and its relationships, reporting how many relationships went with it. */
  async deleteEntity(id: string): Promise<DeleteOutcome> {
    const key = validId(id, 'id');
    const deleted = await this.gateway.writeTx(
      async (tx) => {
        const outcome = await this.repository.deleteEntity(tx, key);
        if (outcome !== null) await this.graphWrites.refreshDegrees(tx, outcome.neighbors);
        return outcome;
      },
      { operation: 'deleteEntity' },
    );
    if (deleted === null) throw new NotFoundError(`No entity has the id ${shown(key)}.`, 'id');
    return { id: key, deleted: true, relationshipsDeleted: deleted.relationships };
  }

  /** Deletes one relationship by its id; the id's prefix names its type. */
  async deleteRelationship(id: string): Promise<DeleteOutcome> {
    const type = typeOfRelationshipId(id);
    const missing = new NotFoundError(
      `No relationship has the id ${shown(id)}; relationship ids look like "leader-of-0123456789abcdef0123", as the API returns them.`,
      'id',
    );
    if (type === undefined) throw missing;
    const ends = await this.gateway.writeTx(
      async (tx) => {
        const deleted = await this.repository.deleteRelationship(tx, type, id);
        if (deleted !== null) await this.graphWrites.refreshDegrees(tx, [deleted.from, deleted.to]);
        return deleted;
      },
      { operation: 'deleteRelationship' },
    );
    if (ends === null) throw missing;
    return { id, deleted: true, relationshipsDeleted: 1 };
  }
}

/** A record just written in the same transaction is there; if not, something is badly wrong. */
function written<T>(record: T | null | undefined): T {
  if (record === null || record === undefined) throw new InternalError();
  return record;
}
