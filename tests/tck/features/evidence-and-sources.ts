import { TckCase } from '../tck';

export const cases: TckCase[] = [
  {
    name: 'evidence with its source, and the entities the source mentions',
    query: `{ entity(id: "north-korea") { relationships(first: 5) { edges { node { type evidence { quote source { title url mentions { name } } } } } } } }`,
  },
  {
    name: 'a source with its located mentions, their text and entities (two aliases)',
    query: `{ source(id: "caliber-az-biden-xi-apec-2024") { title mentionSpans { start end text entity { name } who: entity { id ... on Person { title } } } } }`,
  },
  {
    name: 'mentionedIn',
    query: '{ entity(id: "joe-biden") { mentionedIn(first: 5) { title publishedAt } } }',
  },
];
