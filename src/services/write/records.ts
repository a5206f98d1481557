import { EntityData, RelationshipData, SourceData } from '../../domain/graph-input';
import { ApiError } from '../../errors/api-errors';
import { ValidEntity, ValidRelationship, ValidSource, validateEntity, validateRelationship, validateSource } from '../graph-validation';
import { RawRecord, RecordKind } from '../import/record-reader';

/** A record that could not be loaded: where it is in the file and why. */
export interface RecordProblem {
  seq: number;
  where: string;
  message: string;
}

/** A validated record with its position in the input (the order references are checked in). */
export type ValidRecord =
  | { kind: 'source'; seq: number; where: string; id: string; value: ValidSource }
  | { kind: 'entity'; seq: number; where: string; id: string; value: ValidEntity }
  | { kind: 'relationship'; seq: number; where: string; id: string; value: ValidRelationship };

/**
 * The validator fills two fields when the input omits them: aliases (`[]`) and an event's eventType
 * (`OTHER`). Like every other omitted field they must keep their stored values when the entity exists
 * (an upsert that leaves out aliases must not erase "DPRK"), so they are dropped from the properties to
 * set here; the write applies the defaults only when it creates the entity (EntityRow.onCreate).
 */
export function keepStoredWhenOmitted(entity: ValidEntity, input: EntityData | undefined): ValidEntity {
  const fields = { ...entity.fields };
  if (input?.aliases === undefined || input.aliases === null) delete fields.aliases;
  if (input?.eventType === undefined || input.eventType === null) delete fields.eventType;
  return { ...entity, fields };
}

/**
 * Validates one record as read from a file, with the rules of importGraph (pure: no database).
 * Fields are named by kind (`relationship.from`), the position goes in `where`.
 */
export function validateRecord(raw: RawRecord): ValidRecord | RecordProblem {
  if (raw.error !== undefined || raw.kind === undefined)
    return { seq: raw.seq, where: raw.where, message: raw.error ?? 'unreadable record' };
  const data = raw.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return { seq: raw.seq, where: raw.where, message: `${raw.kind}: must be an object` };
  // Each result built in one literal (no spread of a shared base): this runs for every record a load reads.
  try {
    switch (raw.kind satisfies RecordKind) {
      case 'source': {
        const value = validateSource(data as SourceData, 'source');
        return { seq: raw.seq, where: raw.where, kind: 'source', id: value.id, value };
      }
      case 'entity': {
        const value = keepStoredWhenOmitted(validateEntity(data as EntityData, 'entity'), data as EntityData);
        return { seq: raw.seq, where: raw.where, kind: 'entity', id: value.id, value };
      }
      case 'relationship': {
        const value = validateRelationship(data as RelationshipData, 'relationship');
        return { seq: raw.seq, where: raw.where, kind: 'relationship', id: value.id, value };
      }
    }
  } catch (error) {
    if (error instanceof ApiError) return { seq: raw.seq, where: raw.where, message: error.message };
    throw error;
  }
  return { seq: raw.seq, where: raw.where, message: 'unknown record kind' };
}

/** True for a problem, false for a valid record. */
export const isProblem = (value: ValidRecord | RecordProblem): value is RecordProblem => 'message' in value;

/** validateRecord over a stream of records, in order (for callers that read a whole file). */
export async function* validateRecords(records: AsyncIterable<RawRecord>): AsyncGenerator<ValidRecord | RecordProblem> {
  for await (const raw of records) yield validateRecord(raw);
}
