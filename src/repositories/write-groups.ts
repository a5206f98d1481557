import { ENTITY_KINDS, EntityKind } from '../domain/entity-kind';
import { RELATIONSHIP_TYPES, RelationshipType } from '../domain/relationship-type';

/**
 * Rows grouped by entity kind or relationship type, in the enums' order: Cypher needs a label or a
 * type in the statement text, so the writers run one statement per group present.
 */
function groups<K extends string, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): [K, R[]][] {
  const byKey = new Map<K, R[]>();
  for (const row of rows) {
    const list = byKey.get(keyOf(row)) ?? [];
    list.push(row);
    byKey.set(keyOf(row), list);
  }
  return keys.filter((key) => byKey.has(key)).map((key) => [key, byKey.get(key) ?? []]);
}

export const byKind = <R extends { kind: EntityKind }>(rows: readonly R[]): [EntityKind, R[]][] =>
  groups(ENTITY_KINDS, rows, (row) => row.kind);

export const byType = <R extends { type: RelationshipType }>(rows: readonly R[]): [RelationshipType, R[]][] =>
  groups(RELATIONSHIP_TYPES, rows, (row) => row.type);
