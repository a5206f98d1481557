import { Neo4jGateway } from '../../src/db/gateway';

/**
 * "Entity, 2 nested levels", for NewsGraph and for the Neo4j GraphQL Library's equivalent schema:
 * the person of highest degree who leads a country and took part in an event with a topic, with
 * the countries it leads, its events and their topics. Shared by bench:neo4j-graphql and
 * bench:throughput, so both time the same request.
 */
export interface NestedCase {
  /** The person's id as a GraphQL string literal. */
  person: string;
  /** The selection under the person, the same on both sides. */
  selection: string;
  ours: string;
  theirs: string;
}

export async function nestedCase(gateway: Neo4jGateway): Promise<NestedCase> {
  const [leader] = await gateway.read(
    `MATCH (p:Person) WHERE EXISTS { (p)-[:LEADER_OF]->(:Country) } AND EXISTS { (p)-[:PARTICIPATED_IN]->(:Event)-[:CONCERNS]->(:Topic) }
     RETURN p.id AS id ORDER BY p.degree DESC, p.id LIMIT 1`,
  );
  if (!leader) throw new Error('No person who leads a country and took part in an event with a topic');
  const person = JSON.stringify(String(leader.id));
  // Within the server's cost limit (20 items assumed per unpaged list: about 900 of 10,000).
  const selection = '{ id name leaderOf { id name } events { id name topics { id name } } }';
  return {
    person,
    selection,
    ours: `{ person(id: ${person}) ${selection} }`,
    theirs: `{ people(where: { id: { eq: ${person} } }) ${selection} }`,
  };
}
