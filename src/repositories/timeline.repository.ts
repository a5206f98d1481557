import { Neo4jGateway } from '../db/gateway';
import { Plain, toInt } from '../db/plain';
import { EntityRecord, Page } from '../domain/records';
import { FactStatus, statusesOf } from '../domain/event-type';
import { entityProjection, timelineEvents, timelinePageOf, UNDATED } from './cypher-fragments';
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
export { UNDATED };

/**
 * Events in time order (startDate, then id), filtered by participants, topics and a window
 * (cypher-fragments.ts, timelineEvents and timelinePageOf: the definition the read planner shares).
 */
export class TimelineRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  /** The statement of a page: its text varies only with which of the filters and the cursor are given. */
  static cypher(query: Pick<TimelineQuery, 'entityIds' | 'topicIds' | 'from' | 'to' | 'after'>): string {
    const entityIds = query.entityIds === null ? null : '$entityIds';
    const topicIds = query.topicIds === null ? null : '$topicIds';
    const from = query.from === null ? null : '$from';
    const to = query.to === null ? null : '$to';
    const afterDate = query.after === null ? null : '$afterDate';
    const afterId = query.after === null ? null : '$afterId';
    return `CALL () {
         ${timelineEvents('e', entityIds, topicIds, from, to, '$status')}
         RETURN count(e) AS totalCount
       }
       CALL () {
         ${timelineEvents('e', entityIds, topicIds, from, to, '$status')}${timelinePageOf('e', afterDate, afterId, '$limit')}
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
