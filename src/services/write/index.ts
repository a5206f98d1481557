/**
 * The one write pipeline's shared part: what turns records into rows and content hashes, and the one
 * check of references, endpoint kinds and verbatim quotes. Its callers differ only in how they read
 * records and which Cypher (or file) they write:
 * - importGraph and the upsert mutations (ImportService: MERGE upserts in one transaction);
 * - `newsgraph import` (BulkImportService: batches planned by planBatch, then CREATE/SET);
 * - the offline importer (initial-import/initial-csv.writer.ts), which checks each record against
 *   what the file brought before it and writes CSV from the same rows;
 * - article ingest, which hands over validated records the same way.
 *
 * A caller with a stream: validateRecord each raw record, collect a batch (one record per kind and
 * id), read the stored state of lookupsFor(batch) (or use EMPTY_STATE), then planBatch: its creates,
 * updates, mentions and degree deltas are the rows to write, its problems the refused records.
 */
export { keepStoredWhenOmitted, isProblem, validateRecord, validateRecords } from './records';
export type { RecordProblem, ValidRecord } from './records';
export { checkEntityKind, checkRelationship, locateEvidence } from './references';
export type { CheckWording, ReferenceLookup, ReferenceProblem } from './references';
export { contentHash, createdProps, createdRelationshipProps, entityRow, freshEvidence, given, relationshipRow, sourceRow } from './rows';
export { addCounts, EMPTY_STATE, emptyCounts, lookupsFor, mentionLookups, planBatch } from './planner';
export type { BatchPlan, BulkCounts, KindCounts, Lookups, PlanOptions, StoredState } from './planner';
export type { EntityRow, RelationshipRow, SourceRow, StoredEntity, StoredRelationship } from '../../domain/graph-rows';
