/** The kinds of entity NewsGraph stores. Each kind is also a Neo4j label on the node. */
export enum EntityKind {
  PERSON = 'PERSON',
  COUNTRY = 'COUNTRY',
  ORGANIZATION = 'ORGANIZATION',
  PLACE = 'PLACE',
  EVENT = 'EVENT',
  TOPIC = 'TOPIC',
}

/** The Neo4j label for each kind. Labels only ever come from this table, never from client text. */
export const KIND_LABEL: Readonly<Record<EntityKind, string>> = {
  [EntityKind.PERSON]: 'Person',
  [EntityKind.COUNTRY]: 'Country',
  [EntityKind.ORGANIZATION]: 'Organization',
  [EntityKind.PLACE]: 'Place',
  [EntityKind.EVENT]: 'Event',
  [EntityKind.TOPIC]: 'Topic',
};

export const ENTITY_KINDS: readonly EntityKind[] = Object.values(EntityKind);

/** Parses a stored kind, failing loudly on anything outside the enum. */
export function toEntityKind(value: unknown): EntityKind {
  if (typeof value === 'string' && (ENTITY_KINDS as readonly string[]).includes(value)) {
    return value as EntityKind;
  }
  throw new Error(`Unknown entity kind: ${String(value)}`);
}
