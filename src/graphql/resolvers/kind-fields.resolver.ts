import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';

import { EntityKind } from '../../domain/entity-kind';
import { Direction, EntityRecord } from '../../domain/records';
import { RelationshipType } from '../../domain/relationship-type';
import { GraphQLContext } from '../context';
import { unpagedListCost } from '../complexity';
import { DateScalar } from '../scalars';
import { EntityKind as EntityKindEnum } from '../types/enums';
import { Country, Entity, Event, Organization, Person, Place, Topic } from '../types/entity.type';
import { related, relatedOne } from './related-helpers';

const { PARTICIPATED_IN, LEADER_OF, MEMBER_OF, HELD_IN, CONCERNS, PART_OF, FOLLOWS, INVOLVES } = RelationshipType;

/** Typed fields of people. `at` applies the contract's validity rule to the relationship. */
@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => [Country], {
    complexity: unpagedListCost,
    description: 'Countries the person leads (led) on the date given, or ever.',
  })
  leaderOf(
    @Root() person: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
  ): Promise<EntityRecord[]> {
    return related(context, person.id, [LEADER_OF], Direction.OUT, { kinds: [EntityKind.COUNTRY], at });
  }

  @FieldResolver(() => [Event], {
    complexity: unpagedListCost,
    description: 'Events the person took part in, by start date, within from..to when given.',
  })
  events(
    @Root() person: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Arg('from', () => DateScalar, { nullable: true }) from: string | null | undefined,
    @Arg('to', () => DateScalar, { nullable: true }) to: string | null | undefined,
  ): Promise<EntityRecord[]> {
    return related(context, person.id, [PARTICIPATED_IN], Direction.OUT, { kinds: [EntityKind.EVENT], from, to });
  }
}

@Resolver(() => Country)
export class CountryResolver {
  @FieldResolver(() => [Person], { complexity: unpagedListCost, description: 'Leaders of the country on the date given, or ever.' })
  leaders(
    @Root() country: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
  ): Promise<EntityRecord[]> {
    return related(context, country.id, [LEADER_OF], Direction.IN, { kinds: [EntityKind.PERSON], at });
  }

  @FieldResolver(() => [Event], {
    complexity: unpagedListCost,
    description: 'Events the country took part in or that were held in it, by start date.',
  })
  events(
    @Root() country: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Arg('from', () => DateScalar, { nullable: true }) from: string | null | undefined,
    @Arg('to', () => DateScalar, { nullable: true }) to: string | null | undefined,
  ): Promise<EntityRecord[]> {
    return related(context, country.id, [PARTICIPATED_IN, HELD_IN], Direction.BOTH, { kinds: [EntityKind.EVENT], from, to });
  }
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @FieldResolver(() => [Entity], {
    complexity: unpagedListCost,
    description: 'Members (people, countries, organizations) on the date given, or ever.',
  })
  members(
    @Root() organization: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
  ): Promise<EntityRecord[]> {
    return related(context, organization.id, [MEMBER_OF], Direction.IN, { at });
  }
}

@Resolver(() => Place)
export class PlaceResolver {
  @FieldResolver(() => Country, { nullable: true, description: 'The country the place lies in (through enclosing places).' })
  country(@Root() place: EntityRecord, @Ctx() { loaders }: GraphQLContext): Promise<EntityRecord | null> {
    return loaders.placeCountry.load(place.id);
  }

  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: 'Events held in the place, by start date.' })
  events(@Root() place: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord[]> {
    return related(context, place.id, [HELD_IN], Direction.IN, { kinds: [EntityKind.EVENT] });
  }
}

@Resolver(() => Event)
export class EventResolver {
  @FieldResolver(() => Entity, { nullable: true, description: 'Where the event was held: a place when known, else a country.' })
  async location(@Root() event: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord | null> {
    const places = await related(context, event.id, [HELD_IN], Direction.OUT);
    return places.find((entity) => entity.kind === EntityKind.PLACE) ?? places[0] ?? null;
  }

  @FieldResolver(() => [Entity], { complexity: unpagedListCost, description: 'Who took part, optionally only some kinds.' })
  participants(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Arg('kinds', () => [EntityKindEnum], { nullable: true }) kinds: EntityKind[] | null | undefined,
  ): Promise<EntityRecord[]> {
    return related(context, event.id, [PARTICIPATED_IN], Direction.IN, { kinds });
  }

  @FieldResolver(() => [Topic], { complexity: unpagedListCost, description: 'What the event concerns.' })
  topics(@Root() event: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord[]> {
    return related(context, event.id, [CONCERNS], Direction.OUT, { kinds: [EntityKind.TOPIC] });
  }

  @FieldResolver(() => Event, {
    nullable: true,
    description: 'The larger event this one is part of (a summit for a meeting on its margins).',
  })
  partOf(@Root() event: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord | null> {
    return relatedOne(context, event.id, [PART_OF], Direction.OUT, [EntityKind.EVENT]);
  }

  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: 'Events that are part of this one.' })
  subEvents(@Root() event: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord[]> {
    return related(context, event.id, [PART_OF], Direction.IN, { kinds: [EntityKind.EVENT] });
  }

  @FieldResolver(() => Event, { nullable: true, description: 'The earlier event this one follows.' })
  previous(@Root() event: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord | null> {
    return relatedOne(context, event.id, [FOLLOWS], Direction.OUT, [EntityKind.EVENT]);
  }

  @FieldResolver(() => Event, { nullable: true, description: 'The later event that follows this one.' })
  next(@Root() event: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord | null> {
    return relatedOne(context, event.id, [FOLLOWS], Direction.IN, [EntityKind.EVENT]);
  }
}

@Resolver(() => Topic)
export class TopicResolver {
  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: 'Events that concern the topic, by start date.' })
  events(@Root() topic: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord[]> {
    return related(context, topic.id, [CONCERNS], Direction.IN, { kinds: [EntityKind.EVENT] });
  }

  @FieldResolver(() => [Entity], { complexity: unpagedListCost, description: 'The entities the topic involves.' })
  involves(@Root() topic: EntityRecord, @Ctx() context: GraphQLContext): Promise<EntityRecord[]> {
    return related(context, topic.id, [INVOLVES], Direction.OUT);
  }
}
