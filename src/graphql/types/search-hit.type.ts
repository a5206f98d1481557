import { Field, Float, ObjectType } from 'type-graphql';

import { Entity } from './entity.type';

@ObjectType({ description: 'A search result: the entity and how well it matched (higher is better).' })
export class SearchHit {
  @Field(() => Float)
  score!: number;

  @Field(() => Entity)
  entity!: Entity;
}
