import { Neo4jGateway } from '../db/gateway';
import { ENTITY_KINDS, EntityKind } from '../domain/entity-kind';
import { RELATIONSHIP_TYPES, RelationshipType } from '../domain/relationship-type';
import { kindLabel, typeAlternation } from './cypher-fragments';

export interface GraphStatsRecord {
  sources: number;
  byKind: { kind: EntityKind; count: number }[];
  byType: { type: RelationshipType; count: number }[];
}

/**
 * Counts per label and per relationship type. Each `count` over a single label or type is
 * answered from Neo4j's count store, so the cost does not grow with the graph.
 */
export class StatsRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  async stats(): Promise<GraphStatsRecord> {
    const kinds = ENTITY_KINDS.map((kind) => `COUNT { MATCH (n:${kindLabel(kind)}) RETURN n } AS ${kind}`);
    const types = RELATIONSHIP_TYPES.map((type) => `COUNT { MATCH ()-[r:${typeAlternation([type])}]->() RETURN r } AS ${type}`);
    const [row] = await this.gateway.read(
      `RETURN COUNT { MATCH (s:Source) RETURN s } AS sources, ${[...kinds, ...types].join(', ')}`,
      {},
      { operation: 'stats' },
    );
    return {
      sources: Number(row.sources),
      byKind: ENTITY_KINDS.map((kind) => ({ kind, count: Number(row[kind]) })),
      byType: RELATIONSHIP_TYPES.map((type) => ({ type, count: Number(row[type]) })),
    };
  }
}
