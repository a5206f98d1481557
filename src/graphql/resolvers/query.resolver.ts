import { statusesOf } from '../../domain/event-type';
import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';

import { EntityKind as Kind } from '../../domain/entity-kind';
import { EntityRecord, RelationshipRecord, SourceRecord } from '../../domain/records';
import { ScoredEntity, searchCandidates } from '../../repositories/entity.repository';
import { RelationshipWithEnds } from '../../repositories/relationship.repository';
import { BadUserInputError } from '../../errors/api-errors';
import { GraphQLContext } from '../context';
import { pageCost, unpagedListCost } from '../complexity';
import { DateScalar } from '../scalars';
import { Connection, toConnection } from '../types/connection.type';
import { EntityConnection, SourceConnection } from '../types/connections.type';
import { EntityKind } from '../types/enums';
import { Country, Entity, Event, Organization, Person, Place, Topic } from '../types/entity.type';
import { GraphStats } from '../types/graph-stats.type';
import { Relationship, Source } from '../types/relationship.type';
import { SearchHit } from '../types/search-hit.type';
import { WriteAccess } from '../types/write-access.type';
import { StatusArg, StatusList } from '../types/status-arg';

/** Primes the entity loader with a relationship's endpoints and returns the relationship. */
function withEndsPrimed({ loaders }: GraphQLContext, item: RelationshipWithEnds): RelationshipRecord {
  for (const end of item.ends) loaders.entity.prime(end.id, end);
  return item.relationship;
}

/** Root lookups. Thin: arguments in, services out. */
@Resolver()
export class QueryResolver {
  @Query(() => Entity, { nullable: true, description: 'The entity with this id, or null when there is none.' })
  entity(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    return this.ofKind(context, info, id, null);
  }

  @Query(() => EntityConnection, {
    complexity: pageCost(20, 500),
    description: 'Entities by id, optionally of one kind or with a name containing some text (case-insensitive).',
  })
  async entities(
    @Ctx() { services, loaders, planned }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('kind', () => EntityKind, { nullable: true }) kind: Kind | null | undefined,
    @Arg('nameContains', () => String, { nullable: true }) nameContains: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
  ): Promise<Connection<EntityRecord>> {
    if (services.planner !== undefined) {
      const args = services.entities.checkEntitiesPage(kind, nameContains, first ?? 20, after);
      return toConnection(await services.planner.entities(info, planned, args), after);
    }
    const page = await services.entities.entitiesPage(kind, nameContains, first ?? 20, after);
    for (const entity of page.items) loaders.entity.prime(entity.id, entity);
    return toConnection(page, after);
  }

  @Query(() => Person, { nullable: true })
  person(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    return this.ofKind(context, info, id, Kind.PERSON);
  }

  @Query(() => Country, { nullable: true, description: 'A country by id or by ISO 3166-1 alpha-2 code (give one of them).' })
  async country(
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { nullable: true }) id: string | null | undefined,
    @Arg('isoCode', () => String, { nullable: true }) isoCode: string | null | undefined,
  ): Promise<EntityRecord | null> {
    // An omitted argument arrives as undefined, an explicit null as null: treat both as absent.
    const byId = id ?? null;
    const byCode = isoCode ?? null;
    if ((byId === null) === (byCode === null))
      throw new BadUserInputError('Give either id or isoCode, not both or neither.', byId === null ? 'id' : 'isoCode');
    if (byCode !== null) {
      const { services, planned } = context;
      if (services.planner !== undefined) return services.planner.countryByIsoCode(info, planned, services.entities.checkIsoCode(byCode));
      return services.entities.countryByIsoCode(byCode);
    }
    return this.ofKind(context, info, byId as string, Kind.COUNTRY);
  }

  @Query(() => Organization, { nullable: true })
  organization(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntityRecord | null> {
    return this.ofKind(context, info, id, Kind.ORGANIZATION);
  }

  @Query(() => Place, { nullable: true })
  place(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    return this.ofKind(context, info, id, Kind.PLACE);
  }

  @Query(() => Event, { nullable: true })
  event(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    return this.ofKind(context, info, id, Kind.EVENT);
  }

  @Query(() => Topic, { nullable: true })
  topic(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    return this.ofKind(context, info, id, Kind.TOPIC);
  }

  @Query(() => Source, { nullable: true })
  source(
    @Arg('id', () => ID) id: string,
    @Ctx() { services, loaders, planned }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SourceRecord | null> {
    const checked = services.entities.checkId(id);
    if (services.planner !== undefined) return services.planner.source(info, planned, checked);
    return loaders.source.load(checked);
  }

  @Query(() => SourceConnection, { complexity: pageCost(20, 500), description: 'Sources by id.' })
  async sources(
    @Ctx() { services, planned }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
  ): Promise<Connection<SourceRecord>> {
    if (services.planner !== undefined) {
      const args = services.entities.checkSourcesPage(first ?? 20, after);
      return toConnection(await services.planner.sources(info, planned, args), after);
    }
    return toConnection(await services.entities.sourcesPage(first ?? 20, after), after);
  }

  @Query(() => Relationship, { nullable: true, description: 'A relationship by its id, or null.' })
  async relationship(
    @Arg('id', () => ID) id: string,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationshipRecord | null> {
    const { services, planned } = context;
    if (services.planner !== undefined) {
      const type = services.entities.relationshipType(id);
      return type === undefined ? null : services.planner.relationship(info, planned, id, type);
    }
    const found = await context.services.entities.relationship(id);
    return found === null ? null : withEndsPrimed(context, found);
  }

  @Query(() => [Relationship], {
    complexity: unpagedListCost,
    description: 'Every relationship directly between two entities, in either direction, valid at `at` when given.',
  })
  async relationshipsBetween(
    @Arg('a', () => ID) a: string,
    @Arg('b', () => ID) b: string,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @StatusArg() status: StatusList,
  ): Promise<RelationshipRecord[]> {
    const { services, planned } = context;
    if (services.planner !== undefined) {
      return services.planner.relationshipsBetween(
        info,
        planned,
        services.entities.checkId(a, 'a'),
        services.entities.checkId(b, 'b'),
        at ?? null,
        statusesOf(status),
      );
    }
    const found = await context.services.entities.relationshipsBetween(a, b, at, status);
    return found.map((item) => withEndsPrimed(context, item));
  }

  @Query(() => WriteAccess, {
    description:
      'Whether this service takes mutations (read-only mode, API keys) and whether this request may run them. Reads nothing from the database.',
  })
  writeAccess(@Ctx() { readOnly, keyRequired, canWrite }: GraphQLContext): WriteAccess {
    return { readOnly, keyRequired, allowed: !readOnly && canWrite };
  }

  @Query(() => GraphStats, { description: 'Counts of entities, relationships and sources.' })
  async graphStats(@Ctx() { services }: GraphQLContext): Promise<GraphStats> {
    const stats = await services.entities.stats();
    return {
      entities: stats.byKind.reduce((sum, item) => sum + item.count, 0),
      relationships: stats.byType.reduce((sum, item) => sum + item.count, 0),
      sources: stats.sources,
      byKind: stats.byKind,
      byType: stats.byType,
    };
  }

  @Query(() => [SearchHit], {
    complexity: pageCost(10, 100),
    description: 'Finds entities by name, alias or description; prefix- and typo-tolerant, best match first ("DPRK" finds North Korea).',
  })
  async search(
    @Arg('text') text: string,
    @Arg('kinds', () => [EntityKind], { nullable: true }) kinds: Kind[] | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null | undefined,
    @Ctx() { services, loaders, planned }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ScoredEntity[]> {
    const planner = services.planner;
    if (planner !== undefined) {
      const hits = await services.entities.search(text, kinds, first ?? 10, (query, key, kindList, limit) =>
        planner.search(info, planned, { query, key, kinds: kindList, limit, candidates: searchCandidates(limit) }),
      );
      return hits;
    }
    const hits = await services.entities.search(text, kinds, first ?? 10);
    for (const hit of hits) loaders.entity.prime(hit.entity.id, hit.entity);
    return hits;
  }

  /** An entity by id, or null when it is absent or of another kind. */
  private async ofKind(
    { services, loaders, planned }: GraphQLContext,
    info: GraphQLResolveInfo,
    id: string,
    kind: Kind | null,
  ): Promise<EntityRecord | null> {
    const checked = services.entities.checkId(id);
    if (services.planner !== undefined) return services.planner.entity(info, planned, checked, kind);
    const entity = await loaders.entity.load(checked);
    return kind === null || entity?.kind === kind ? entity : null;
  }
}
