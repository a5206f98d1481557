import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';

import { Direction as DirectionEnum, EntityRecord, RelationshipRecord, SourceRecord } from '../../domain/records';
import { checkFirst } from '../../services/entity.service';
import { GraphQLContext } from '../context';
import { pageCost } from '../complexity';
import { DateScalar } from '../scalars';
import { Connection, toConnection } from '../types/connection.type';
import { Direction, EntityKind, RelationshipType } from '../types/enums';
import { Entity } from '../types/entity.type';
import { RelationshipConnection, Source } from '../types/relationship.type';
import { fromPlan } from './planned';
import { related } from './related-helpers';
import { statusesOf } from '../../domain/event-type';
import { StatusArg, StatusList } from '../types/status-arg';

/** Fields every entity kind has, resolved once for the Entity interface and batched per request. */
@Resolver(() => Entity)
export class EntityFieldsResolver {
  @FieldResolver(() => Int, { description: 'How many relationships the entity has.' })
  degree(@Root() entity: EntityRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<number> | number {
    return fromPlan(context, entity, info, (planned) => planned.count) ?? context.loaders.degree.load(entity.id);
  }

  @FieldResolver(() => RelationshipConnection, {
    complexity: pageCost(50, 500),
    description: "The entity's relationships, by relationship id, with keyset cursors.",
  })
  async relationships(
    @Root() entity: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('types', () => [RelationshipType], { nullable: true }) types: RelationshipType[] | null | undefined,
    @Arg('direction', () => Direction, { nullable: true, defaultValue: DirectionEnum.BOTH }) direction: DirectionEnum | null | undefined,
    @Arg('at', () => DateScalar, { nullable: true, description: 'Only relationships valid on this date.' }) at: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<Connection<RelationshipRecord>> {
    const planned = fromPlan(context, entity, info, (fields) => fields.relationships);
    if (planned !== undefined) return toConnection<RelationshipRecord>(planned, after);
    const { services, loaders } = context;
    const query = services.entities.checkRelationshipQuery({
      types: types && types.length > 0 ? [...new Set(types)].sort() : null,
      direction: direction ?? DirectionEnum.BOTH,
      at,
      status: statusesOf(status),
      first: first ?? 50,
      after,
    });
    const page = await loaders.relationshipPage.load({ id: entity.id, args: query });
    const records = { ...page, items: page.items.map((item) => item.relationship) };
    return toConnection<RelationshipRecord>(records, after);
  }

  @FieldResolver(() => [Entity], {
    complexity: pageCost(50, 500),
    description: 'Distinct entities one relationship away, by start date (events) and id.',
  })
  neighbors(
    @Root() entity: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('types', () => [RelationshipType], { nullable: true }) types: RelationshipType[] | null | undefined,
    @Arg('kinds', () => [EntityKind], { nullable: true }) kinds: EntityKind[] | null | undefined,
    @Arg('direction', () => Direction, { nullable: true, defaultValue: DirectionEnum.BOTH }) direction: DirectionEnum | null | undefined,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    const planned = fromPlan(context, entity, info, (fields) => fields.entities);
    if (planned !== undefined) return planned;
    const limit = checkFirst(first ?? 50, 500);
    return related(
      context,
      entity.id,
      types && types.length > 0 ? [...new Set(types)].sort() : [...Object.values(RelationshipType)],
      direction ?? DirectionEnum.BOTH,
      {
        kinds,
        at,
        status,
        limit,
      },
    );
  }

  @FieldResolver(() => [Source], {
    complexity: pageCost(20, 500),
    description: 'Sources that state something about the entity, by id.',
  })
  mentionedIn(
    @Root() entity: EntityRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null | undefined,
  ): Promise<SourceRecord[]> | SourceRecord[] {
    return (
      fromPlan(context, entity, info, (fields) => fields.sources) ??
      context.loaders.mentionedIn.load({ id: entity.id, args: checkFirst(first ?? 20, 500) })
    );
  }
}
