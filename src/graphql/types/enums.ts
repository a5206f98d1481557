import { registerEnumType } from 'type-graphql';

import { EntityKind } from '../../domain/entity-kind';
import { DatePrecision, EventType } from '../../domain/event-type';
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

export { DatePrecision, Direction, EntityKind, EventType, RelationshipType };
