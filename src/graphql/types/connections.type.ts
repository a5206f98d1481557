import { Field, Int, ObjectType } from 'type-graphql';

import { Page } from '../../domain/records';
import { encodeCursor } from '../../services/entity.service';
import { Entity } from './entity.type';
import { PageInfo, Source } from './relationship.type';

@ObjectType()
export class EntityEdge {
  @Field()
  cursor!: string;

  @Field(() => Entity)
  node!: Entity;
}

@ObjectType({ description: 'A page of entities ordered by id, with keyset cursors.' })
export class EntityConnection {
  @Field(() => [EntityEdge])
  edges!: EntityEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'All matching entities, counted without fetching them.' })
  totalCount!: number;
}

@ObjectType()
export class SourceEdge {
  @Field()
  cursor!: string;

  @Field(() => Source)
  node!: Source;
}

@ObjectType({ description: 'A page of sources ordered by id, with keyset cursors.' })
export class SourceConnection {
  @Field(() => [SourceEdge])
  edges!: SourceEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

/** A Relay connection over a keyset page; the cursor of an item encodes its sort key (by default its id). */
export function toConnection<T extends { id: string }>(
  page: Page<T>,
  after: string | null | undefined,
  cursorOf: (item: T) => string = (item) => encodeCursor(item.id),
): { edges: { cursor: string; node: T }[]; pageInfo: PageInfo; totalCount: number } {
  const edges = page.items.map((item) => ({ cursor: cursorOf(item), node: item }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null && after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
