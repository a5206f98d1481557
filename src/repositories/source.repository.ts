import { Neo4jGateway } from '../db/gateway';
import { toInt } from '../db/plain';
import { Page, SourceRecord } from '../domain/records';
import { toSourceRecord } from './record-mappers';

const SOURCE_FIELDS = 's {.id, .title, .url, .publisher, .author, .publishedAt}';

/** Reads sources (news articles and other documents that state facts). */
export class SourceRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  async findByIds(ids: readonly string[]): Promise<Map<string, SourceRecord>> {
    const rows = await this.gateway.read(
      `UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN ${SOURCE_FIELDS} AS s`,
      { ids: [...new Set(ids)] },
      { operation: 'source.findByIds' },
    );
    return new Map(rows.map((row) => [String((row.s as { id: string }).id), toSourceRecord(row.s)]));
  }

  /** One page of sources by id (keyset), with the total counted in the same round trip. */
  async page(first: number, after: string | null): Promise<Page<SourceRecord>> {
    const rows = await this.gateway.read(
      `RETURN COUNT { MATCH (s:Source) RETURN s } AS totalCount,
              COLLECT { MATCH (s:Source) WHERE $after IS NULL OR s.id > $after
                        WITH s ORDER BY s.id LIMIT $limit RETURN ${SOURCE_FIELDS} } AS items`,
      { after, limit: toInt(first + 1) },
      { operation: 'source.page' },
    );
    const items = (rows[0].items as unknown[] as Parameters<typeof toSourceRecord>[0][]).map(toSourceRecord);
    return { items: items.slice(0, first), totalCount: Number(rows[0].totalCount), hasNextPage: items.length > first };
  }
}
