import { Neo4jGateway } from '../db/gateway';
import { SourceRecord } from '../domain/records';
import { toSourceRecord } from './record-mappers';

/** Reads sources (news articles and other documents that state facts). */
export class SourceRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  async findByIds(ids: readonly string[]): Promise<Map<string, SourceRecord>> {
    const rows = await this.gateway.read(
      'UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s {.id, .title, .url, .publisher, .author, .publishedAt} AS s',
      { ids: [...new Set(ids)] },
      { operation: 'source.findByIds' },
    );
    return new Map(rows.map((row) => [String((row.s as { id: string }).id), toSourceRecord(row.s)]));
  }
}
