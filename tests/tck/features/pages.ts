import { TckCase } from '../tck';

export const cases: TckCase[] = [
  {
    name: 'entities of one kind with a name filter',
    query: '{ entities(kind: PERSON, nameContains: "bi", first: 5) { totalCount edges { node { name } } } }',
  },
  {
    name: 'entities after a cursor, no total',
    query: '{ entities(first: 3, after: "azE6Y2hpbmE") { pageInfo { hasNextPage } edges { cursor node { id } } } }',
  },
  { name: 'sources', query: '{ sources(first: 5) { totalCount edges { node { title url } } } }' },
];
