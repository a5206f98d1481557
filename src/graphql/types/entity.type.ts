import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';

import { KIND_LABEL } from '../../domain/entity-kind';
import { EntityRecord } from '../../domain/records';
import { DateScalar, DateTimeScalar } from '../scalars';
import { DatePrecision, EntityKind, EventType } from './enums';

/** Anything the news is about. Relationship fields are resolved in entity-fields.resolver.ts. */
@InterfaceType('Entity', {
  description: 'A person, country, organization, place, event or topic of the news.',
  // The GraphQL type of each kind is named like its Neo4j label (Person, Country, ...).
  resolveType: (value: EntityRecord) => KIND_LABEL[value.kind],
})
export abstract class Entity {
  @Field(() => ID, { description: 'A stable, readable slug such as "north-korea".' })
  id!: string;

  @Field(() => EntityKind)
  kind!: EntityKind;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Other names, abbreviations and spellings ("DPRK").' })
  aliases!: string[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  wikidataId!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;
}

@ObjectType({ implements: Entity })
export class Person extends Entity {
  @Field(() => String, { nullable: true, description: 'How sources title the person ("President").' })
  title!: string | null;
}

@ObjectType({ implements: Entity })
export class Country extends Entity {
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code.' })
  isoCode!: string | null;
}

@ObjectType({ implements: Entity })
export class Organization extends Entity {}

@ObjectType({ implements: Entity })
export class Place extends Entity {
  @Field(() => String, { nullable: true, description: 'City, island, region, ...' })
  placeType!: string | null;
}

@ObjectType({ implements: Entity })
export class Event extends Entity {
  @Field(() => EventType)
  eventType!: EventType;

  @Field(() => DateScalar, { nullable: true })
  startDate!: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate!: string | null;

  @Field(() => DatePrecision, {
    nullable: true,
    description: 'How precisely the sources date the event; DAY when unset and a date is given.',
  })
  datePrecision!: DatePrecision | null;
}

@ObjectType({ implements: Entity })
export class Topic extends Entity {}

/** Every concrete type, for buildSchema's orphanedTypes. */
export const ENTITY_TYPES = [Person, Country, Organization, Place, Event, Topic];
