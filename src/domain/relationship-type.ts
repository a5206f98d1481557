import { EntityKind } from './entity-kind';

const { PERSON, COUNTRY, ORGANIZATION, PLACE, EVENT, TOPIC } = EntityKind;
const ANY: readonly EntityKind[] = Object.values(EntityKind);

/**
 * The controlled vocabulary of relationship types. Each is also the Neo4j relationship type;
 * Cypher only ever receives types from this enum, never from client text.
 */
export enum RelationshipType {
  LEADER_OF = 'LEADER_OF',
  MEMBER_OF = 'MEMBER_OF',
  AFFILIATED_WITH = 'AFFILIATED_WITH',
  PARTICIPATED_IN = 'PARTICIPATED_IN',
  PART_OF = 'PART_OF',
  HELD_IN = 'HELD_IN',
  LOCATED_IN = 'LOCATED_IN',
  FOLLOWS = 'FOLLOWS',
  CONCERNS = 'CONCERNS',
  INVOLVES = 'INVOLVES',
  SUPPORTS = 'SUPPORTS',
  AT_WAR_WITH = 'AT_WAR_WITH',
  DEPLOYED_TO = 'DEPLOYED_TO',
  SUCCEEDS = 'SUCCEEDS',
  CONCERNED_ABOUT = 'CONCERNED_ABOUT',
  RELATED_TO = 'RELATED_TO',
  BORDERS = 'BORDERS',
}

export const RELATIONSHIP_TYPES: readonly RelationshipType[] = Object.values(RelationshipType);

/** Which kinds each relationship type may connect (direction as written: from -> to). */
export interface Endpoints {
  readonly from: readonly EntityKind[];
  readonly to: readonly EntityKind[];
}

/** The schema of the graph, as the API contract states it. Writes are checked against it. */
export const RELATIONSHIP_ENDPOINTS: Readonly<Record<RelationshipType, Endpoints>> = {
  LEADER_OF: { from: [PERSON], to: [COUNTRY, ORGANIZATION] },
  MEMBER_OF: { from: [PERSON, COUNTRY, ORGANIZATION], to: [ORGANIZATION] },
  AFFILIATED_WITH: { from: [PERSON], to: [ORGANIZATION] },
  PARTICIPATED_IN: { from: [PERSON, COUNTRY, ORGANIZATION], to: [EVENT] },
  PART_OF: { from: [EVENT], to: [EVENT] },
  HELD_IN: { from: [EVENT], to: [PLACE, COUNTRY] },
  LOCATED_IN: { from: [PLACE], to: [PLACE, COUNTRY] },
  FOLLOWS: { from: [EVENT], to: [EVENT] },
  CONCERNS: { from: [EVENT], to: [TOPIC] },
  INVOLVES: { from: [TOPIC], to: ANY },
  SUPPORTS: { from: ANY, to: ANY },
  AT_WAR_WITH: { from: [COUNTRY], to: [COUNTRY] },
  DEPLOYED_TO: { from: [COUNTRY, ORGANIZATION], to: [COUNTRY, PLACE] },
  SUCCEEDS: { from: [PERSON], to: [PERSON] },
  CONCERNED_ABOUT: { from: [PERSON, COUNTRY, ORGANIZATION], to: [TOPIC, EVENT] },
  RELATED_TO: { from: [TOPIC], to: [TOPIC] },
  BORDERS: { from: [COUNTRY], to: [COUNTRY] },
};

/** Symmetric types are stored once per pair and read in both directions. */
export const SYMMETRIC_TYPES: ReadonlySet<RelationshipType> = new Set([RelationshipType.BORDERS]);

export function toRelationshipType(value: unknown): RelationshipType {
  if (typeof value === 'string' && (RELATIONSHIP_TYPES as readonly string[]).includes(value)) {
    return value as RelationshipType;
  }
  throw new Error(`Unknown relationship type: ${String(value)}`);
}
