import { Field, Int, ObjectType } from 'type-graphql';

import { EntityKind, RelationshipType } from './enums';

@ObjectType()
export class KindCount {
  @Field(() => EntityKind)
  kind!: EntityKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class TypeCount {
  @Field(() => RelationshipType)
  type!: RelationshipType;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'How big the graph is, by kind and by relationship type.' })
export class GraphStats {
  @Field(() => Int)
  entities!: number;

  @Field(() => Int)
  relationships!: number;

  @Field(() => Int)
  sources!: number;

  @Field(() => [KindCount])
  byKind!: KindCount[];

  @Field(() => [TypeCount])
  byType!: TypeCount[];
}
