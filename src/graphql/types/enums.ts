import { registerEnumType } from 'type-graphql';

import { EntityKind } from '../../domain/entity-kind';
import { DatePrecision, EventType, FactStatus, Origin } from '../../domain/event-type';
import { Direction } from '../../domain/records';
import { RelationshipType } from '../../domain/relationship-type';

registerEnumType(EntityKind, { name: 'EntityKind', description: 'The kinds of entity in the news graph.' });
registerEnumType(EventType, { name: 'EventType', description: 'What sort of happening an Event is.' });
registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How much of a date its source states (a month-precise date is stored as the 1st).',
});
registerEnumType(RelationshipType, {
  name: 'RelationshipType',
  description: 'The controlled vocabulary of relationships (direction as written).',
});
registerEnumType(Direction, { name: 'Direction', description: 'Which relationships of an entity to follow: outgoing, incoming or both.' });

registerEnumType(Origin, {
  name: 'Origin',
  description: 'Where a relationship comes from: CURATED (typed in or imported by people) or EXTRACTED (from article text by ingest).',
});
registerEnumType(FactStatus, {
  name: 'FactStatus',
  description: 'Where a fact stands in review: extracted facts are PROPOSED until accepted or rejected; curated ones are ACCEPTED.',
});

/** A reviewer's decision on a proposed fact. */
export enum ReviewDecision {
  ACCEPT = 'ACCEPT',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecision, { name: 'ReviewDecision', description: "A reviewer's decision on a fact: ACCEPT or REJECT." });

export { DatePrecision, Direction, EntityKind, EventType, FactStatus, Origin, RelationshipType };
