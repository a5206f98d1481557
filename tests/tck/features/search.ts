import { TckCase } from '../tck';

export const cases: TckCase[] = [
  {
    name: 'search hits with scalars (name and aliases always, for the re-ranking)',
    query: '{ search(text: "DPRK", first: 3) { score entity { id kind } } }',
  },
  {
    name: 'search hits with nested relationships and kinds',
    query:
      '{ search(text: "korea", kinds: [COUNTRY, PERSON], first: 5) { entity { name degree relationships(first: 3) { totalCount edges { node { type to { name } } } } } } }',
  },
];
