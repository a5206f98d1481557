import { Neo4jGateway } from '../db/gateway';
import { RelationshipType } from '../domain/relationship-type';
import { typeAlternation } from './cypher-fragments';

/**
 * The Cypher around `newsgraph import --initial`: whether the database is empty before, and the
 * values the offline importer cannot write, after: degrees (as refreshDegrees counts them) and the
 * empty lists a create stores (the importer stores an empty list as no property).
 */
export class InitialImportRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  /** Nodes other than the migration records (which the import replaces along with everything). */
  async dataNodes(): Promise<number> {
    const rows = await this.gateway.read(
      'MATCH (n) WHERE NOT n:NewsgraphMigration RETURN count(n) AS n',
      {},
      { operation: 'initialImport.dataNodes' },
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Every entity's degree from the degree store, and `aliases: []` where the importer left none. */
  async deriveEntityValues(): Promise<void> {
    await this.gateway.writeAutoCommit(
      `MATCH (e:Entity)
       CALL (e) {
         SET e.degree = COUNT { (e)-[:${typeAlternation()}]-() }, e.aliases = coalesce(e.aliases, [])
       } IN TRANSACTIONS OF 20000 ROWS`,
      {},
      { operation: 'initialImport.entities', timeoutMs: 3_600_000 },
    );
  }

  /** Empty evidence lists (sources, quotes, offsets) on relationships of `type` that have no evidence. */
  async emptyEvidenceLists(type: RelationshipType): Promise<void> {
    await this.gateway.writeAutoCommit(
      `MATCH ()-[r:${typeAlternation([type])}]->() WHERE r.evidenceSources IS NULL
       CALL (r) { SET r.evidenceSources = [], r.evidenceQuotes = [], r.evidenceStarts = [], r.evidenceEnds = [] } IN TRANSACTIONS OF 20000 ROWS`,
      {},
      { operation: 'initialImport.evidence', timeoutMs: 3_600_000 },
    );
  }
}
