/**
 * The Neo4j GraphQL Library (@neo4j/graphql, a devDependency used by the benchmark only) serving
 * a schema equivalent to ours over the same database: our labels, relationship types and
 * properties (see cypher/migrations and src/repositories). Served like NewsGraph: Apollo Server
 * behind Express 5 on 127.0.0.1, or executed in process with executeOperation.
 */
import http from 'node:http';

import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { Neo4jGraphQL } from '@neo4j/graphql';
import express from 'express';
import { Driver } from 'neo4j-driver';

import { listenOnLoopback } from './bench-http';
import { postGraphQL } from './graphql-http';

/**
 * Kinds as node labels, each with :Entity too (as every entity carries it), so that a lookup by
 * id uses the unique index on :Entity(id) as NewsGraph's does; the typed relationship fields
 * NewsGraph also serves, with the same types and directions (Event.partOf as a list: NewsGraph's is
 * one event or null), and Organization.supports with the relationship's id and review status as
 * properties (the hub pages of the benchmark, ordered by id and filtered by status as NewsGraph's).
 */
export const NEO4J_GRAPHQL_TYPEDEFS = /* GraphQL */ `
  type Entity
    @node
    @fulltext(indexes: [{ indexName: "entity_search_v2", queryName: "searchEntities", fields: ["name", "aliasesText", "description"] }]) {
    id: ID!
    kind: String!
    name: String!
    aliasesText: String
    description: String
  }
  type Person @node(labels: ["Person", "Entity"]) {
    id: ID!
    name: String!
    title: String
    leaderOf: [Country!]! @relationship(type: "LEADER_OF", direction: OUT)
    events: [Event!]! @relationship(type: "PARTICIPATED_IN", direction: OUT)
  }
  type Country @node(labels: ["Country", "Entity"]) {
    id: ID!
    name: String!
    isoCode: String
    leaders: [Person!]! @relationship(type: "LEADER_OF", direction: IN)
  }
  type Event @node(labels: ["Event", "Entity"]) {
    id: ID!
    name: String!
    eventType: String
    topics: [Topic!]! @relationship(type: "CONCERNS", direction: OUT)
    partOf: [Event!]! @relationship(type: "PART_OF", direction: OUT)
  }
  type Organization @node(labels: ["Organization", "Entity"]) {
    id: ID!
    name: String!
    supports: [Entity!]! @relationship(type: "SUPPORTS", direction: OUT, properties: "Fact")
  }
  type Fact @relationshipProperties {
    id: ID!
    status: String
  }
  type Topic @node(labels: ["Topic", "Entity"]) {
    id: ID!
    name: String!
    events: [Event!]! @relationship(type: "CONCERNS", direction: IN)
  }
`;

export interface Neo4jGraphQLServer {
  url: string;
  execute(query: string): Promise<Record<string, unknown>>;
  post(query: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startNeo4jGraphQL(driver: Driver): Promise<Neo4jGraphQLServer> {
  const schema = await new Neo4jGraphQL({ typeDefs: NEO4J_GRAPHQL_TYPEDEFS, driver }).getSchema();
  const apollo = new ApolloServer<Record<string, unknown>>({ schema });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: () => Promise.resolve({}) }));
  const server = http.createServer(app);
  const url = await listenOnLoopback(server);
  return {
    url,
    async execute(query) {
      const response = await apollo.executeOperation({ query }, { contextValue: {} });
      if (response.body.kind !== 'single') throw new Error('Expected a single GraphQL result');
      const { data, errors } = response.body.singleResult;
      if (errors) throw new Error(JSON.stringify(errors));
      return data as Record<string, unknown>;
    },
    post: (query) => postGraphQL(url, query),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
