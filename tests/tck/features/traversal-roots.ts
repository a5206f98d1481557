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
];
