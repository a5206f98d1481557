import { Field, ID, Int, ObjectType } from 'type-graphql';

import { Entity, Event } from './entity.type';
import { EntityKind, RelationshipType } from './enums';
import { connectionType } from './connection.type';
import { Relationship } from './relationship.type';

@ObjectType({ description: 'A node as graph front ends draw it (maps onto Cytoscape.js, Sigma, NVL).' })
export class GraphNode {
  @Field(() => ID)
  id!: string;

  @Field(() => EntityKind)
  kind!: EntityKind;

  @Field({ description: 'The text to draw: the entity name.' })
  label!: string;

  @Field(() => Entity)
  entity!: Entity;
}

@ObjectType({ description: "An edge as graph front ends draw it; source and target are node ids, in the relationship's direction." })
export class GraphEdge {
  @Field(() => ID)
  id!: string;

  @Field(() => RelationshipType)
  type!: RelationshipType;

  @Field(() => ID)
  source!: string;

  @Field(() => ID)
  target!: string;

  @Field(() => Relationship)
  relationship!: Relationship;
}

@ObjectType({ description: 'Nodes and every edge among them.' })
export class Subgraph {
  @Field(() => [GraphNode])
  nodes!: GraphNode[];

  @Field(() => [GraphEdge])
  edges!: GraphEdge[];

  @Field({ description: 'True when a limit cut the answer short: there is more to see.' })
  truncated!: boolean;
}

@ObjectType({ description: 'A path: entities in order and the relationship of each hop, with its evidence.' })
export class Path {
  @Field(() => Int, { description: 'Number of hops.' })
  length!: number;

  @Field(() => [Entity])
  nodes!: Entity[];

  @Field(() => [Relationship])
  relationships!: Relationship[];

  @Field(() => Subgraph)
  subgraph!: Subgraph;
}

@ObjectType()
export class EntityDegree {
  @Field(() => Entity)
  entity!: Entity;

  @Field(() => Int)
  degree!: number;
}

export const EventConnection = connectionType('Event', () => Event, {
  description: 'Events in time order (startDate, then id), with keyset cursors.',
  cursorDescription: 'Keyset position: start date and id.',
});
