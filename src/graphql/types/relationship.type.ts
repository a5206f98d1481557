import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

import { DateScalar, DateTimeScalar } from '../scalars';
import { RelationshipType } from './enums';

@ObjectType({ description: 'A news article or other document that states facts.' })
export class Source {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  publisher!: string | null;

  @Field(() => String, { nullable: true })
  author!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt!: string | null;
}

@ObjectType({ description: 'Where a relationship is stated: the source and the words it uses.' })
export class Evidence {
  @Field({ description: 'Text that appears verbatim in the source.' })
  quote!: string;

  sourceId!: string;
}

@ObjectType({ description: 'A typed, directed, sourced relationship between two entities.' })
export class Relationship {
  @Field(() => ID, { description: 'Server-assigned and stable; derived from from, type, to, role and validFrom.' })
  id!: string;

  @Field(() => RelationshipType)
  type!: RelationshipType;

  from!: string;
  to!: string;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Int, { nullable: true })
  quantity!: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Valid from this date (inclusive); unknown when null.' })
  validFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Valid until this date (exclusive); unknown when null.' })
  validTo!: string | null;

  @Field(() => Float, { nullable: true, description: 'How firmly the sources state it, 0..1; hedged statements are below 1.' })
  confidence!: number | null;

  @Field(() => DateTimeScalar, { description: 'When NewsGraph first recorded it.' })
  recordedAt!: string;

  @Field(() => [Evidence])
  evidence!: Evidence[];
}

@ObjectType({ description: 'Relay page information; cursors are opaque keyset positions.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class RelationshipEdge {
  @Field()
  cursor!: string;

  @Field(() => Relationship)
  node!: Relationship;
}

@ObjectType()
export class RelationshipConnection {
  @Field(() => [RelationshipEdge])
  edges!: RelationshipEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'All matching relationships, counted without fetching them.' })
  totalCount!: number;
}
