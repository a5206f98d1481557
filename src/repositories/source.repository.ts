import { Neo4jGateway } from '../db/gateway';
import { toInt } from '../db/plain';
import { MentionRecord, Page, SourceRecord } from '../domain/records';
import { toSourceRecord } from './record-mappers';

const SOURCE_FIELDS = 's {.id, .title, .url, .publisher, .author, .publishedAt, .text}';

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

  /** The located mentions of each source, in text order (then by entity id). */
  async mentionSpans(ids: readonly string[]): Promise<Map<string, MentionRecord[]>> {
    const rows = await this.gateway.read(
      `UNWIND $ids AS id
       MATCH (s:Source {id: id})
       RETURN id, s.text AS text, COLLECT {
         MATCH (s)-[m:MENTIONS]->(e:Entity) WHERE m.starts IS NOT NULL
         UNWIND range(0, size(m.starts) - 1) AS i
         WITH e.id AS entityId, m.starts[i] AS start, m.ends[i] AS end
         ORDER BY start, end, entityId
         RETURN {entityId: entityId, start: start, end: end}
       } AS spans`,
      { ids: [...new Set(ids)] },
      { operation: 'source.mentionSpans' },
    );
    return new Map(
      rows.map((row) => [
        String(row.id),
        // Sliced here: offsets count UTF-16 code units, as JavaScript strings do.
        (row.spans as Array<{ entityId: string; start: number; end: number }>).map((m) => ({
          entityId: String(m.entityId),
          start: Number(m.start),
          end: Number(m.end),
          text: String(row.text ?? '').slice(Number(m.start), Number(m.end)),
        })),
      ]),
    );
  }
}
