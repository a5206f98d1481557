import { TckCase } from '../tck';

export const cases: TckCase[] = [
  {
    name: 'aliases of one field with different arguments are separate subqueries under generated keys',
    query: `{ country(id: "united-states") { before: leaders(at: "2024-11-16") { name } after: leaders(at: "2025-02-01") { name } all: leaders { name } } }`,
  },
  {
    name: '@skip and @include resolved from variables',
    query: `query Q($full: Boolean!, $lean: Boolean!) { entity(id: "china") { name description @include(if: $full) degree @skip(if: $lean) neighbors(first: 3) @include(if: $full) { name } } }`,
    variables: { full: true, lean: true },
  },
  {
    name: 'variables become parameters',
    query: `query Q($id: ID!, $n: Int, $at: Date) { entity(id: $id) { neighbors(first: $n, at: $at, kinds: [PERSON, COUNTRY]) { name } } }`,
    variables: { id: 'china', n: 5, at: '2024-06-01' },
  },
];
