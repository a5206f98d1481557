import { Neo4jGateway } from '../db/gateway';
import { Plain, toInt } from '../db/plain';
import { EntityRecord, Page } from '../domain/records';
import { FactStatus, statusesOf } from '../domain/event-type';
import { entityProjection, statusFilter } from './cypher-fragments';
import { toEntityRecord } from './record-mappers';

export interface TimelineQuery {
  entityIds: string[] | null;
  topicIds: string[] | null;
  from: string | null;
  to: string | null;
  first: number;
  /** Review statuses of the PARTICIPATED_IN and CONCERNS facts the filters follow (default ACCEPTED and PROPOSED). */
  status?: FactStatus[] | null;
  /** Keyset position: the sort date and id of the last event of the previous page. */
  after: { date: string; id: string } | null;
}

/** Undated events sort after every dated one. */
export const UNDATED = '9999-12-31';

/**
 * Events in time order (startDate, then id), filtered by participants, topics and a window.
 * The statement starts from the most selective side: the given participants, else the given
 * topics, else the events themselves.
 */
export class TimelineRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  static cypher(query: Pick<TimelineQuery, 'entityIds' | 'topicIds'>): string {
    const byTopic = `EXISTS { MATCH (e)-[c:CONCERNS]->(t:Topic) WHERE t.id IN $topicIds AND ${statusFilter('c')} }`;
    let match: string;
    const filters: string[] = ['($from IS NULL OR e.startDate >= date($from))', '($to IS NULL OR e.startDate <= date($to))'];
    if (query.entityIds !== null) {
      match = `MATCH (p:Entity)-[r:PARTICIPATED_IN]->(e:Event) WHERE p.id IN $entityIds AND ${statusFilter('r')} WITH DISTINCT e`;
      if (query.topicIds !== null) filters.push(byTopic);
    } else if (query.topicIds !== null) {
      match = `MATCH (e:Event)-[c:CONCERNS]->(t:Entity:Topic) USING INDEX t:Entity(id) WHERE t.id IN $topicIds AND ${statusFilter('c')} WITH DISTINCT e`;
    } else {
      match = 'MATCH (e:Event)';
    }
    const where = filters.join(' AND ');
    return `CALL () {
         ${match}
         WITH e WHERE ${where}
         RETURN count(e) AS totalCount
       }
       CALL () {
         ${match}
         WITH e, coalesce(e.startDate, date('${UNDATED}')) AS sortDate
         WHERE ${where}
           AND ($afterDate IS NULL OR sortDate > date($afterDate) OR (sortDate = date($afterDate) AND e.id > $afterId))
         WITH e, sortDate ORDER BY sortDate, e.id LIMIT $limit
         RETURN collect(${entityProjection('e')}) AS events
       }
       RETURN totalCount, events`;
  }

  async page(query: TimelineQuery, timeoutMs?: number): Promise<Page<EntityRecord>> {
    const rows = await this.gateway.read(
      TimelineRepository.cypher(query),
      {
        entityIds: query.entityIds,
        topicIds: query.topicIds,
        from: query.from,
        to: query.to,
        afterDate: query.after?.date ?? null,
        afterId: query.after?.id ?? null,
        limit: toInt(query.first + 1),
        status: statusesOf(query.status),
      },
      { operation: 'traversal.timeline', timeoutMs },
    );
    const events = (rows[0].events as Plain[]).map(toEntityRecord);
    return { items: events.slice(0, query.first), totalCount: Number(rows[0].totalCount), hasNextPage: events.length > query.first };
  }
}
