import { TckCase } from '../tck';

/** The traversal roots the planner compiles whole: their entities' nested selections in the same statement. */
export const cases: TckCase[] = [
  {
    name: 'mostConnected with scalars only',
    query: '{ mostConnected(first: 3) { degree entity { id name } } }',
  },
  {
    name: 'mostConnected of one kind, each entity with a typed list and a relationships page',
    query:
      '{ mostConnected(kind: COUNTRY, first: 5) { degree entity { name ... on Country { leaders { name } } relationships(first: 3) { totalCount edges { node { type to { name } } } } } } }',
  },
  {
    name: 'commonNeighbors with scalars only',
    query: '{ commonNeighbors(ids: ["joe-biden", "xi-jinping"]) { id name } }',
  },
  {
    name: 'commonNeighbors as of a date, of some kinds, with fragments on kinds and nested relationships',
    query: `query ($at: Date) {
      commonNeighbors(ids: ["joe-biden", "xi-jinping"], kinds: [EVENT, COUNTRY], at: $at) {
        id
        ... on Event { participants { name } location { name } }
        ... on Country { leaders(at: $at) { name } }
        relationships(first: 2, at: $at) { edges { node { id evidence { quote source { title } } } } }
      }
    }`,
    variables: { at: '2024-11-16' },
  },
  {
    name: 'timeline of every event, scalars and the cursor',
    query: '{ timeline(first: 5) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }',
  },
  {
    name: 'timeline of participants and topics in a window, after a cursor, each event with participants and location',
    query: `query ($after: String) {
      timeline(entityIds: ["joe-biden"], topicIds: ["nuclear-weapons"], from: "2024-01-01", to: "2025-12-31", first: 3, after: $after) {
        edges { node { id ... on Event { participants(kinds: [PERSON]) { name } location { name } } } }
      }
    }`,
    variables: { after: 'azE6MjAyNC0xMS0xNnxhcGVjLTIwMjQ' },
  },
  {
    name: 'timeline by topic only, the total alone',
    query: '{ timeline(topicIds: ["nuclear-weapons"]) { totalCount } }',
  },
];
