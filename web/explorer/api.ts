// The explorer's only way to the data: the public GraphQL API (POST /graphql).

export type EntityKind = 'PERSON' | 'COUNTRY' | 'ORGANIZATION' | 'PLACE' | 'EVENT' | 'TOPIC';

export interface EntityRef {
  id: string;
  name: string;
  kind: EntityKind;
}

export interface Evidence {
  quote: string;
  source: { id: string; title: string; url: string | null; publisher: string | null };
}

export interface Relationship {
  id: string;
  type: string;
  from: EntityRef;
  to: EntityRef;
  role: string | null;
  title: string | null;
  quantity: number | null;
  validFrom: string | null;
  validTo: string | null;
  confidence: number | null;
  evidence: Evidence[];
}

export interface Subgraph {
  truncated: boolean;
  nodes: { id: string; kind: EntityKind; label: string }[];
  edges: { id: string; type: string; source: string; target: string }[];
}

export interface EntityDetails extends EntityRef {
  aliases: string[];
  description: string | null;
  wikidataId: string | null;
  degree: number;
  title?: string | null;
  isoCode?: string | null;
  leaders?: EntityRef[];
  eventType?: string;
  startDate?: string | null;
  endDate?: string | null;
  placeType?: string | null;
  relationships: { totalCount: number; edges: { node: Relationship }[] };
}

export interface PathResult {
  length: number;
  nodes: EntityRef[];
  relationships: Relationship[];
}

export interface TimelineEvent extends EntityRef {
  eventType: string;
  startDate: string | null;
  datePrecision: string | null;
}

/** An error a person can act on: what went wrong, in words, and the API's code when there is one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('Cannot reach the NewsGraph server. Is it running? Check your connection and try again.', 'NETWORK');
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError(`The server answered HTTP ${response.status} without a GraphQL response.`, 'HTTP');
  }
  const error = body.errors?.[0];
  if (error) {
    const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'SERVICE_UNAVAILABLE') {
      throw new ApiError(`Service unavailable: ${error.message} The view is kept in the address bar: reload to retry.`, code);
    }
    throw new ApiError(error.message, code);
  }
  if (!body.data) throw new ApiError('The server sent no data.', 'INTERNAL_SERVER_ERROR');
  return body.data;
}

const REF = 'id name kind';
const RELATIONSHIP = `id type from { ${REF} } to { ${REF} } role title quantity validFrom validTo confidence
  evidence { quote source { id title url publisher } }`;

export async function search(text: string): Promise<EntityRef[]> {
  const data = await gql<{ search: { entity: EntityRef }[] }>(
    `query ExplorerSearch($text: String!) { search(text: $text, first: 12) { score entity { ${REF} } } }`,
    { text },
  );
  return data.search.map((hit) => hit.entity);
}

export async function neighborhood(id: string, at: string | null): Promise<Subgraph> {
  const data = await gql<{ neighborhood: Subgraph }>(
    `query ExplorerNeighborhood($id: ID!, $at: Date) {
      neighborhood(id: $id, depth: 1, at: $at, limit: 100) {
        truncated nodes { id kind label } edges { id type source target }
      }
    }`,
    { id, at },
  );
  return data.neighborhood;
}

export async function entityDetails(id: string, at: string | null): Promise<EntityDetails | null> {
  const data = await gql<{ entity: EntityDetails | null }>(
    `query ExplorerEntity($id: ID!, $at: Date) {
      entity(id: $id) {
        ${REF} aliases description wikidataId degree
        ... on Person { title }
        ... on Country { isoCode leaders(at: $at) { ${REF} } }
        ... on Event { eventType startDate endDate }
        ... on Place { placeType }
        relationships(at: $at, first: 100) { totalCount edges { node { ${RELATIONSHIP} } } }
      }
    }`,
    { id, at },
  );
  return data.entity;
}

export async function findPaths(from: string, to: string, at: string | null): Promise<PathResult[]> {
  const data = await gql<{ shortestPath: PathResult | null; paths: PathResult[] }>(
    `query ExplorerPaths($from: ID!, $to: ID!, $at: Date) {
      shortestPath(from: $from, to: $to, at: $at) { length nodes { ${REF} } relationships { ${RELATIONSHIP} } }
      paths(from: $from, to: $to, at: $at, first: 6) { length nodes { ${REF} } relationships { ${RELATIONSHIP} } }
    }`,
    { from, to, at },
  );
  if (data.shortestPath === null) return data.paths;
  const key = (path: PathResult): string => path.relationships.map((r) => r.id).join(',');
  const shortest = key(data.shortestPath);
  return [data.shortestPath, ...data.paths.filter((path) => key(path) !== shortest)];
}

export async function timeline(entityIds: string[]): Promise<TimelineEvent[]> {
  const data = await gql<{ timeline: { edges: { node: TimelineEvent }[] } }>(
    `query ExplorerTimeline($ids: [ID!]) {
      timeline(entityIds: $ids, first: 100) { edges { node { ${REF} ... on Event { eventType startDate datePrecision } } } }
    }`,
    { ids: entityIds },
  );
  return data.timeline.edges.map((edge) => edge.node);
}
