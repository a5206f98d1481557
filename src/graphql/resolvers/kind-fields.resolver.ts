import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';

import { EntityKind } from '../../domain/entity-kind';
import { EntityRecord } from '../../domain/records';
import { TypedField, typedFieldOf } from '../../planner/typed-fields.table';
import { GraphQLContext } from '../context';
import { unpagedListCost } from '../complexity';
import { DateScalar } from '../scalars';
import { EntityKind as EntityKindEnum } from '../types/enums';
import { Country, Entity, Event, Organization, Person, Place, Topic } from '../types/entity.type';
import { fromPlan } from './planned';
import { related } from './related-helpers';
import { FactStatus, statusesOf } from '../../domain/event-type';
import { StatusArg, StatusList } from '../types/status-arg';

/** The arguments a typed field may take (which ones it takes is said by its table entry). */
interface TypedArgs {
  at?: string | null;
  from?: string | null;
  to?: string | null;
  kinds?: EntityKind[] | null;
  status?: FactStatus[] | null;
}

/**
 * Resolves a typed kind field from its entry in the one table (src/planner/typed-fields.table.ts):
 * one hop over the entry's types, direction and kinds, or the enclosing country of a place.
 */
async function resolveTyped(context: GraphQLContext, entry: TypedField, id: string, args: TypedArgs = {}): Promise<EntityRecord[]> {
  if (entry.shape === 'enclosingCountry') {
    const statuses = statusesOf(args.status);
    const country =
      statuses.join() === statusesOf(null).join()
        ? await context.loaders.placeCountry.load(id)
        : ((await context.services.entities.countriesOfPlacesWith([id], statuses)).get(id) ?? null);
    return country === null ? [] : [country];
  }
  const found = await related(context, id, entry.types, entry.direction, {
    kinds: entry.args === 'kinds' ? args.kinds : entry.kinds,
    at: entry.args === 'at' ? args.at : null,
    from: entry.args === 'window' ? args.from : null,
    to: entry.args === 'window' ? args.to : null,
    status: args.status,
  });
  if (entry.placeFirst) {
    const place = found.find((entity) => entity.kind === EntityKind.PLACE);
    return place === undefined ? found : [place, ...found.filter((entity) => entity !== place)];
  }
  return found;
}

/** A typed field that lists entities: what the read planner fetched, else the fallback. */
function list(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  entry: TypedField,
  root: EntityRecord,
  args?: TypedArgs,
): Promise<EntityRecord[]> | EntityRecord[] {
  return fromPlan(context, root, info, (fields) => fields.entities) ?? resolveTyped(context, entry, root.id, args);
}

/** A typed field that names at most one entity: the first of its list. */
async function one(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  entry: TypedField,
  root: EntityRecord,
  args?: TypedArgs,
): Promise<EntityRecord | null> {
  const planned = fromPlan(context, root, info, (fields) => fields.entity);
  if (planned !== undefined) return planned;
  return (await resolveTyped(context, entry, root.id, args))[0] ?? null;
}

const PERSON_LEADER_OF = typedFieldOf('Person', 'leaderOf');
const PERSON_EVENTS = typedFieldOf('Person', 'events');
const COUNTRY_LEADERS = typedFieldOf('Country', 'leaders');
const COUNTRY_EVENTS = typedFieldOf('Country', 'events');
const ORGANIZATION_MEMBERS = typedFieldOf('Organization', 'members');
const PLACE_COUNTRY = typedFieldOf('Place', 'country');
const PLACE_EVENTS = typedFieldOf('Place', 'events');
const EVENT_LOCATION = typedFieldOf('Event', 'location');
const EVENT_PARTICIPANTS = typedFieldOf('Event', 'participants');
const EVENT_TOPICS = typedFieldOf('Event', 'topics');
const EVENT_PART_OF = typedFieldOf('Event', 'partOf');
const EVENT_SUB_EVENTS = typedFieldOf('Event', 'subEvents');
const EVENT_PREVIOUS = typedFieldOf('Event', 'previous');
const EVENT_NEXT = typedFieldOf('Event', 'next');
const TOPIC_EVENTS = typedFieldOf('Topic', 'events');
const TOPIC_INVOLVES = typedFieldOf('Topic', 'involves');

/** Typed fields of people. `at` applies the contract's "as of" rule to the relationship. */
@Resolver(() => Person)
export class PersonResolver {
  @FieldResolver(() => [Country], { complexity: unpagedListCost, description: PERSON_LEADER_OF.description })
  leaderOf(
    @Root() person: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, PERSON_LEADER_OF, person, { at, status });
  }

  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: PERSON_EVENTS.description })
  events(
    @Root() person: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('from', () => DateScalar, { nullable: true }) from: string | null | undefined,
    @Arg('to', () => DateScalar, { nullable: true }) to: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, PERSON_EVENTS, person, { from, to, status });
  }
}

@Resolver(() => Country)
export class CountryResolver {
  @FieldResolver(() => [Person], { complexity: unpagedListCost, description: COUNTRY_LEADERS.description })
  leaders(
    @Root() country: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, COUNTRY_LEADERS, country, { at, status });
  }

  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: COUNTRY_EVENTS.description })
  events(
    @Root() country: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('from', () => DateScalar, { nullable: true }) from: string | null | undefined,
    @Arg('to', () => DateScalar, { nullable: true }) to: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, COUNTRY_EVENTS, country, { from, to, status });
  }
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @FieldResolver(() => [Entity], { complexity: unpagedListCost, description: ORGANIZATION_MEMBERS.description })
  members(
    @Root() organization: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, ORGANIZATION_MEMBERS, organization, { at, status });
  }
}

@Resolver(() => Place)
export class PlaceResolver {
  @FieldResolver(() => Country, { nullable: true, description: PLACE_COUNTRY.description })
  country(
    @Root() place: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord | null> {
    return one(context, info, PLACE_COUNTRY, place, { status });
  }

  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: PLACE_EVENTS.description })
  events(
    @Root() place: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, PLACE_EVENTS, place, { status });
  }
}

@Resolver(() => Event)
export class EventResolver {
  @FieldResolver(() => Entity, { nullable: true, description: EVENT_LOCATION.description })
  location(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord | null> {
    return one(context, info, EVENT_LOCATION, event, { status });
  }

  @FieldResolver(() => [Entity], { complexity: unpagedListCost, description: EVENT_PARTICIPANTS.description })
  participants(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('kinds', () => [EntityKindEnum], { nullable: true }) kinds: EntityKind[] | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, EVENT_PARTICIPANTS, event, { kinds, status });
  }

  @FieldResolver(() => [Topic], { complexity: unpagedListCost, description: EVENT_TOPICS.description })
  topics(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, EVENT_TOPICS, event, { status });
  }

  @FieldResolver(() => Event, { nullable: true, description: EVENT_PART_OF.description })
  partOf(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord | null> {
    return one(context, info, EVENT_PART_OF, event, { status });
  }

  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: EVENT_SUB_EVENTS.description })
  subEvents(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, EVENT_SUB_EVENTS, event, { status });
  }

  @FieldResolver(() => Event, { nullable: true, description: EVENT_PREVIOUS.description })
  previous(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord | null> {
    return one(context, info, EVENT_PREVIOUS, event, { status });
  }

  @FieldResolver(() => Event, { nullable: true, description: EVENT_NEXT.description })
  next(
    @Root() event: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord | null> {
    return one(context, info, EVENT_NEXT, event, { status });
  }
}

@Resolver(() => Topic)
export class TopicResolver {
  @FieldResolver(() => [Event], { complexity: unpagedListCost, description: TOPIC_EVENTS.description })
  events(
    @Root() topic: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, TOPIC_EVENTS, topic, { status });
  }

  @FieldResolver(() => [Entity], { complexity: unpagedListCost, description: TOPIC_INVOLVES.description })
  involves(
    @Root() topic: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return list(context, info, TOPIC_INVOLVES, topic, { status });
  }
}
