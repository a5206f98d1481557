import { TckCase } from '../tck';

export const cases: TckCase[] = [
  {
    name: 'inline fragments per kind: kind fields only for nodes of that kind',
    query: `{ entity(id: "north-korea") { name ... on Country { isoCode leaders { name } } ... on Person { title leaderOf { name } } } }`,
  },
  {
    name: 'named fragments on the interface and on a kind',
    query: `query { entity(id: "g20-2022-bali") { ...Basic ...EventBits } }
      fragment Basic on Entity { id name degree }
      fragment EventBits on Event { eventType startDate location { name } participants(kinds: [PERSON]) { name } topics { name } }`,
  },
  {
    name: 'one response key, different fields per kind (Person.events with a window, Place.events without)',
    query: `{ entity(id: "bali") { ... on Person { events(from: "2022-01-01", to: "2023-12-31") { name } } ... on Place { events { name } country { name } } } }`,
  },
  {
    name: 'the remaining typed kind fields from the table',
    query: `{ event(id: "g20-2022-bali") { partOf { name } subEvents { name } previous { name } next { name } }
      organization(id: "g20") { members(at: "2024-01-01") { name } }
      topic(id: "nuclear-weapons") { events { name } involves { name } } }`,
  },
];
