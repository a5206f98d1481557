import { TckCase } from '../tck';

export const cases: TckCase[] = [
  { name: 'entity by id: only the requested scalars (id and kind always)', query: '{ entity(id: "china") { name aliases } }' },
  { name: 'a kind root filters by kind', query: '{ person(id: "joe-biden") { name title } }' },
  { name: 'country by ISO code', query: '{ country(isoCode: "kp") { id name isoCode } }' },
  { name: 'degree is a COUNT subquery', query: '{ entity(id: "china") { name degree } }' },
  { name: 'a source by id with the entities it mentions', query: '{ source(id: "apec-2024-biden-xi") { title mentions { name kind } } }' },
];
