import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';

import { EntityRecord } from '../../domain/records';
import { GraphQLContext } from '../context';
import { EntityKind } from '../types/enums';
import { Entity } from '../types/entity.type';
import { SearchHit } from '../types/search-hit.type';

/** Root lookups. Thin: arguments in, services out. */
@Resolver()
export class QueryResolver {
  @Query(() => Entity, { nullable: true, description: 'The entity with this id, or null when there is none.' })
  entity(@Arg('id', () => ID) id: string, @Ctx() { services, loaders }: GraphQLContext): Promise<EntityRecord | null> {
    return loaders.entity.load(services.entities.checkId(id));
  }

  @Query(() => [SearchHit], {
    description: 'Finds entities by name, alias or description; prefix- and typo-tolerant, best match first ("DPRK" finds North Korea).',
  })
  async search(
    @Arg('text') text: string,
    @Arg('kinds', () => [EntityKind], { nullable: true }) kinds: EntityKind[] | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null,
    @Ctx() { services, loaders }: GraphQLContext,
  ): Promise<SearchHit[]> {
    const hits = await services.entities.search(text, kinds, first ?? 10);
    for (const hit of hits) loaders.entity.prime(hit.entity.id, hit.entity);
    return hits as unknown as SearchHit[];
  }
}
