import { Neo4jGateway } from '../db/gateway';
import { toInt } from '../db/plain';
import { EntityKind } from '../domain/entity-kind';
import { EntityRecord } from '../domain/records';
import { entityProjection } from './cypher-fragments';
import { toEntityRecord } from './record-mappers';

/**
 * Ranks entities by degree. Writes keep a `degree` property on every entity (see
 * graph-write.repository), indexed, so the ranking walks the index from the top instead of
 * counting the relationships of every entity on every call.
 */
export class MostConnectedRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  static readonly CYPHER = `MATCH (e:Entity)
       WHERE e.degree IS NOT NULL AND ($kind IS NULL OR e.kind = $kind)
       RETURN ${entityProjection('e')} AS entity, e.degree AS degree
       ORDER BY e.degree DESC, e.id
       LIMIT $first`;

  async top(kind: EntityKind | null, first: number, timeoutMs?: number): Promise<{ entity: EntityRecord; degree: number }[]> {
    const rows = await this.gateway.read(
      MostConnectedRepository.CYPHER,
      { kind, first: toInt(first) },
      { operation: 'traversal.mostConnected', timeoutMs },
    );
    return rows.map((row) => ({ entity: toEntityRecord(row.entity), degree: Number(row.degree) }));
  }
}
