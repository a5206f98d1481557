import { TckCase } from '../tck';

/** neighborhood, shortestPath and paths: TraversalRepository's search, then the whole selection of its nodes and relationships. */
export const cases: TckCase[] = [
  {
    name: 'neighborhood as graph front ends draw it: node and edge scalars only',
    query: '{ neighborhood(id: "north-korea") { truncated nodes { id kind label } edges { id type source target } } }',
  },
  {
    name: 'neighborhood of depth 2 as of a date, of some kinds and types, with nested fields on nodes and edges',
    query: `query ($at: Date) {
      neighborhood(id: "joe-biden", depth: 2, at: $at, kinds: [PERSON, COUNTRY, EVENT], types: [LEADER_OF, PARTICIPATED_IN], direction: OUT, limit: 30) {
        nodes { entity { name ... on Country { leaders(at: $at) { name } } relationships(first: 2) { totalCount } } }
        edges { relationship { role from { name } evidence { quote source { title } } } }
      }
    }`,
    variables: { at: '2024-11-16' },
  },
  {
    name: 'shortestPath with nested fields on its nodes and hops, and its subgraph',
    query: `{ shortestPath(from: "north-korea", to: "ukraine", maxDepth: 4, kinds: [COUNTRY, EVENT]) {
      length nodes { name ... on Event { participants { id } } }
      relationships { type to { degree } evidence { source { title } } }
      subgraph { nodes { label } edges { relationship { confidence } } }
    } }`,
  },
  {
    name: 'shortestPath from an entity to itself',
    query: '{ shortestPath(from: "joe-biden", to: "joe-biden") { length nodes { name } } }',
  },
  {
    name: 'paths of some types with nested fields on their nodes and hops',
    query: `{ paths(from: "north-korea", to: "ukraine", maxDepth: 3, first: 3, types: [DEPLOYED_TO, AT_WAR_WITH, SUPPORTS]) {
      length nodes { id ... on Country { leaders { name } } } relationships { from { name } to { name } }
    } }`,
  },
];
