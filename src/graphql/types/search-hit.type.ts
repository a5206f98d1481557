import { Field, Float, ObjectType } from 'type-graphql';

import { Entity } from './entity.type';

@ObjectType({
  description:
    'A search result: the entity and how well it matched, higher is better (0..2: the fulltext score relative to the best hit, plus how closely the name or an alias matches the whole text).',
})
export class SearchHit {
  @Field(() => Float)
  score!: number;

  @Field(() => Entity)
  entity!: Entity;
}
