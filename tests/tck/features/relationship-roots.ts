import { TckCase } from '../tck';

export const cases: TckCase[] = [
  {
    name: 'relationship by id: one typed index seek',
    query: '{ relationship(id: "leader-of-0123456789abcdef0123") { id type role from { name } to { name } evidence { quote } } }',
  },
  {
    name: 'relationshipsBetween at a date',
    query: '{ relationshipsBetween(a: "north-korea", b: "russia", at: "2024-11-01") { id type validFrom from { id } to { id } } }',
  },
];
