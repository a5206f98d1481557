import { TckCase } from '../tck';

export const cases: TckCase[] = [
  {
    name: 'totalCount alone is a COUNT subquery, nothing collected',
    query: '{ entity(id: "china") { relationships { totalCount } } }',
  },
  {
    name: 'a page: ORDER BY id and LIMIT first + 1 before projection, ends bound once',
    query: `{ entity(id: "china") { relationships(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id type validFrom from { name } to { name } } } } } }`,
  },
  {
    name: 'types, direction, at and a keyset cursor',
    query: `{ entity(id: "united-states") { relationships(types: [LEADER_OF], direction: IN, at: "2024-11-16", first: 2, after: "azE6bGVhZGVyLW9mLTAw") { edges { node { id } } } } }`,
  },
  {
    name: 'one type: a dense node counts from its degree and pages from the id index (a CASE, so only the chosen subquery runs)',
    query: `{ entity(id: "china") { relationships(types: [PARTICIPATED_IN], direction: OUT, first: 10) { totalCount edges { node { id to { name } } } } } }`,
  },
  {
    name: 'two nested levels: sibling lists never multiply',
    query: `{ entities(first: 20) { edges { node { id name
      relationships(first: 5) { totalCount edges { node { type from { id name } to { id name
        relationships(first: 5) { totalCount edges { node { type from { id name } to { id name } } } } } } } }
      mentionedIn(first: 3) { title } } } } }`,
  },
];
