import { Field, Int, ObjectType } from 'type-graphql';

import { Page } from '../../domain/records';
import { encodeCursor } from '../../services/entity.service';

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

/** One item of a connection: the record and its keyset cursor. */
export interface Edge<T> {
  cursor: string;
  node: T;
}

/**
 * What every connection resolver returns: a Relay page of the records the repositories read (the
 * node's GraphQL type resolves their fields), so resolvers stay typed without casting records to
 * the schema's classes.
 */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A class of the schema (an object type, or an abstract one declared as an interface type). */
export type SchemaClass = abstract new (...args: never[]) => object;

export interface ConnectionTypeOptions {
  description?: string;
  totalCountDescription?: string;
  cursorDescription?: string;
}

/**
 * The schema types `<Name>Connection { edges: [<Name>Edge!]! pageInfo: PageInfo! totalCount: Int! }`
 * and `<Name>Edge { cursor: String! node: <Name>! }`, declared once for every kind of page. `node`
 * is a thunk so that a node type may live in a module that imports this one.
 */
export function connectionType(name: string, node: () => SchemaClass, options: ConnectionTypeOptions = {}): SchemaClass {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String, { description: options.cursorDescription })
    cursor!: string;

    @Field(node)
    node!: unknown;
  }

  @ObjectType(`${name}Connection`, { description: options.description })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: options.totalCountDescription })
    totalCount!: number;
  }

  return ConnectionType;
}

/** A Relay connection over a keyset page; the cursor of an item encodes its sort key (by default its id). */
export function toConnection<T extends { id: string }>(
  page: Page<T>,
  after: string | null | undefined,
  cursorOf: (item: T) => string = (item) => encodeCursor(item.id),
): Connection<T> {
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
