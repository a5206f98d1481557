import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';

import { Direction as DirectionEnum, EntityRecord, RelationshipRecord } from '../../domain/records';
import { encodeCursor } from '../../services/entity.service';
import { GraphQLContext } from '../context';
import { DateScalar } from '../scalars';
import { Direction, EntityKind, RelationshipType } from '../types/enums';
import { Entity } from '../types/entity.type';
import { RelationshipConnection } from '../types/relationship.type';

/** Fields every entity kind has, resolved once for the Entity interface. */
@Resolver(() => Entity)
export class EntityFieldsResolver {
  @FieldResolver(() => Int, { description: 'How many relationships the entity has.' })
  degree(@Root() entity: EntityRecord, @Ctx() { loaders }: GraphQLContext): Promise<number> {
    return loaders.degree.load(entity.id);
  }

  @FieldResolver(() => RelationshipConnection, { description: "The entity's relationships, by relationship id, with keyset cursors." })
  async relationships(
    @Root() entity: EntityRecord,
    @Ctx() { services, loaders }: GraphQLContext,
    @Arg('types', () => [RelationshipType], { nullable: true }) types: RelationshipType[] | null,
    @Arg('direction', () => Direction, { nullable: true, defaultValue: DirectionEnum.BOTH }) direction: DirectionEnum | null,
    @Arg('at', () => DateScalar, { nullable: true, description: 'Only relationships valid on this date.' }) at: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<RelationshipConnection> {
    const page = await services.entities.relationshipsOf(
      entity.id,
      { types, direction: direction ?? DirectionEnum.BOTH, at },
      first ?? 50,
      after,
    );
    loaders.entity.prime(entity.id, entity);
    const edges = page.items.map((node: RelationshipRecord) => ({ cursor: encodeCursor(node.id), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after !== null && after !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    } as unknown as RelationshipConnection;
  }

  @FieldResolver(() => [Entity], { description: 'Distinct entities one relationship away, ordered by id.' })
  async neighbors(
    @Root() entity: EntityRecord,
    @Ctx() { services, loaders }: GraphQLContext,
    @Arg('types', () => [RelationshipType], { nullable: true }) types: RelationshipType[] | null,
    @Arg('kinds', () => [EntityKind], { nullable: true }) kinds: EntityKind[] | null,
    @Arg('direction', () => Direction, { nullable: true, defaultValue: DirectionEnum.BOTH }) direction: DirectionEnum | null,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
  ): Promise<EntityRecord[]> {
    const neighbors = await services.entities.neighborsOf(
      entity.id,
      { types, kinds, direction: direction ?? DirectionEnum.BOTH, at },
      first ?? 50,
    );
    for (const neighbor of neighbors) loaders.entity.prime(neighbor.id, neighbor);
    return neighbors;
  }
}
