// The explorer's only way to the data: the public GraphQL API (POST /graphql).

export type EntityKind = 'PERSON' | 'COUNTRY' | 'ORGANIZATION' | 'PLACE' | 'EVENT' | 'TOPIC';
export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR';

export const ENTITY_KINDS: readonly EntityKind[] = ['PERSON', 'COUNTRY', 'ORGANIZATION', 'PLACE', 'EVENT', 'TOPIC'];

/** The schema's RelationshipType enum, in its order. */
export const RELATIONSHIP_TYPES: readonly string[] = [
  'AFFILIATED_WITH',
  'AT_WAR_WITH',
  'BORDERS',
  'CONCERNED_ABOUT',
  'CONCERNS',
  'DEPLOYED_TO',
  'FOLLOWS',
  'HELD_IN',
  'INVOLVES',
  'LEADER_OF',
  'LOCATED_IN',
  'MEMBER_OF',
  'PARTICIPATED_IN',
  'PART_OF',
  'RELATED_TO',
  'SUCCEEDS',
  'SUPPORTS',
];

export interface EntityRef {
  id: string;
  name: string;
  kind: EntityKind;
}

export interface SearchHit extends EntityRef {
  score: number;
  aliases: string[];
}

/** A relationship's review status: PROPOSED ones are drawn dashed; REJECTED ones are never asked for. */
export type FactStatus = 'PROPOSED' | 'ACCEPTED' | 'REJECTED';
/** CURATED: typed in or imported; EXTRACTED: proposed by ingest from article text. */
export type Origin = 'CURATED' | 'EXTRACTED';
export type ReviewDecision = 'ACCEPT' | 'REJECT';

export interface SourceRef {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  publishedAt: string | null;
}

export interface Evidence {
  quote: string;
  /** Offsets of the quote in the source's text (UTF-16 code units), null when no text is stored. */
  start: number | null;
  end: number | null;
  source: SourceRef;
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
  origin: Origin;
  status: FactStatus;
  hedge: string | null;
  evidence: Evidence[];
}

export interface GraphNodeData {
  id: string;
  kind: EntityKind;
  label: string;
}

export interface GraphEdgeData {
  id: string;
  type: string;
  source: string;
  target: string;
  /** PROPOSED edges are drawn dashed (absent: ACCEPTED). */
  status?: FactStatus;
}

export interface Subgraph {
  truncated: boolean;
  nodes: GraphNodeData[];
  edges: GraphEdgeData[];
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
  datePrecision?: DatePrecision | null;
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
  datePrecision: DatePrecision | null;
}

/** What the person chose to see: sent to the API as the lists of the types and kinds kept. */
export interface Filters {
  hiddenTypes: readonly string[];
  hiddenKinds: readonly EntityKind[];
}

/** The kept types, or null (no restriction) when nothing is hidden. */
export function keptTypes(filters: Filters): string[] | null {
  return filters.hiddenTypes.length === 0 ? null : RELATIONSHIP_TYPES.filter((type) => !filters.hiddenTypes.includes(type));
}

/** The kept kinds, or null (no restriction) when nothing is hidden. */
export function keptKinds(filters: Filters): EntityKind[] | null {
  return filters.hiddenKinds.length === 0 ? null : ENTITY_KINDS.filter((kind) => !filters.hiddenKinds.includes(kind));
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

/** `key`: an API key, sent as `Authorization: Bearer <key>` (mutations on a service with NEWSGRAPH_API_KEYS). */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, key: string | null = null): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      },
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
const SOURCE_REF = 'id title url publisher publishedAt';
const RELATIONSHIP = `id type from { ${REF} } to { ${REF} } role title quantity validFrom validTo confidence origin status hedge
  evidence { quote start end source { ${SOURCE_REF} } }`;

export async function search(text: string, first = 12): Promise<SearchHit[]> {
  const data = await gql<{ search: { score: number; entity: EntityRef & { aliases: string[] } }[] }>(
    `query ExplorerSearch($text: String!, $first: Int) { search(text: $text, first: $first) { score entity { ${REF} aliases } } }`,
    { text, first },
  );
  return data.search.map((hit) => ({ ...hit.entity, score: hit.score }));
}

export async function neighborhood(id: string, at: string | null, filters: Filters, limit: number): Promise<Subgraph> {
  const data = await gql<{
    neighborhood: Omit<Subgraph, 'edges'> & { edges: (GraphEdgeData & { relationship: { status: FactStatus } })[] };
  }>(
    `query ExplorerNeighborhood($id: ID!, $at: Date, $types: [RelationshipType!], $kinds: [EntityKind!], $limit: Int) {
      neighborhood(id: $id, depth: 1, at: $at, types: $types, kinds: $kinds, limit: $limit) {
        truncated nodes { id kind label } edges { id type source target relationship { status } }
      }
    }`,
    { id, at, types: keptTypes(filters), kinds: keptKinds(filters), limit },
  );
  return {
    ...data.neighborhood,
    edges: data.neighborhood.edges.map(({ relationship, ...edge }) => ({ ...edge, status: relationship.status })),
  };
}

export async function entityDetails(id: string, at: string | null, filters: Filters): Promise<EntityDetails | null> {
  const data = await gql<{ entity: EntityDetails | null }>(
    `query ExplorerEntity($id: ID!, $at: Date, $types: [RelationshipType!]) {
      entity(id: $id) {
        ${REF} aliases description wikidataId degree
        ... on Person { title }
        ... on Country { isoCode leaders(at: $at) { ${REF} } }
        ... on Event { eventType startDate endDate datePrecision }
        ... on Place { placeType }
        relationships(at: $at, types: $types, first: 100) { totalCount edges { node { ${RELATIONSHIP} } } }
      }
    }`,
    { id, at, types: keptTypes(filters) },
  );
  return data.entity;
}

export async function relationship(id: string): Promise<Relationship | null> {
  const data = await gql<{ relationship: Relationship | null }>(
    `query ExplorerRelationship($id: ID!) { relationship(id: $id) { ${RELATIONSHIP} } }`,
    { id },
  );
  return data.relationship;
}

/** False once the server said it does not know `kinds` on the path queries (an older server). */
let pathKindsSupported = true;

export async function findPaths(from: string, to: string, at: string | null, filters: Filters): Promise<PathResult[]> {
  const kinds = keptKinds(filters);
  const withKinds = pathKindsSupported && kinds !== null;
  const query = `query ExplorerPaths($from: ID!, $to: ID!, $at: Date, $types: [RelationshipType!]${withKinds ? ', $kinds: [EntityKind!]' : ''}) {
      shortestPath(from: $from, to: $to, at: $at, types: $types${withKinds ? ', kinds: $kinds' : ''}) { length nodes { ${REF} } relationships { ${RELATIONSHIP} } }
      paths(from: $from, to: $to, at: $at, types: $types${withKinds ? ', kinds: $kinds' : ''}, first: 8) { length nodes { ${REF} } relationships { ${RELATIONSHIP} } }
    }`;
  let data: { shortestPath: PathResult | null; paths: PathResult[] };
  try {
    data = await gql(query, { from, to, at, types: keptTypes(filters), ...(withKinds ? { kinds } : {}) });
  } catch (error) {
    if (withKinds && error instanceof ApiError && /Unknown argument "kinds"/.test(error.message)) {
      pathKindsSupported = false;
      return findPaths(from, to, at, filters);
    }
    throw error;
  }
  let found = data.paths;
  if (!withKinds && kinds !== null) {
    // The server cannot filter the kinds a path passes through: drop such paths here.
    const ok = (path: PathResult): boolean => path.nodes.every((node) => kinds.includes(node.kind));
    found = found.filter(ok);
    if (data.shortestPath && !ok(data.shortestPath)) data.shortestPath = null;
  }
  // `paths` lists shortest first, and among equal lengths the best quoted first: keep its order,
  // and add the planner's shortest path only when `paths` missed it (it searches deeper).
  if (data.shortestPath === null) return found;
  const key = (path: PathResult): string => path.relationships.map((r) => r.id).join(',');
  const shortest = key(data.shortestPath);
  if (found.some((path) => key(path) === shortest) || (found[0] && found[0].length <= data.shortestPath.length)) return found;
  return [data.shortestPath, ...found];
}

export async function timeline(entityIds: string[]): Promise<TimelineEvent[]> {
  const data = await gql<{ timeline: { edges: { node: TimelineEvent }[] } }>(
    `query ExplorerTimeline($ids: [ID!]) {
      timeline(entityIds: $ids, first: 200) { edges { node { ${REF} ... on Event { eventType startDate datePrecision } } } }
    }`,
    { ids: entityIds },
  );
  return data.timeline.edges.map((edge) => edge.node);
}

/** What `newsgraph export --format graphml` writes of an entity (its node keys). */
export interface ExportEntity extends EntityRef {
  aliases: string[];
  description: string | null;
  wikidataId: string | null;
  title?: string | null;
  isoCode?: string | null;
  eventType?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  placeType?: string | null;
}

/** What `newsgraph export --format graphml` writes of a relationship (its edge keys). */
export type ExportRelationship = Pick<
  Relationship,
  'id' | 'type' | 'role' | 'title' | 'quantity' | 'validFrom' | 'validTo' | 'confidence'
> & {
  evidence: { source: { id: string } }[];
};

/** The API allows 15 aliases per document: one request per 15 records. */
const ALIASES_PER_REQUEST = 15;

/** Looks each id up with `field(id:)` under an alias, 15 per request, a few requests at a time. */
async function byIds<T>(ids: readonly string[], field: 'entity' | 'relationship', selection: string): Promise<Map<string, T>> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += ALIASES_PER_REQUEST) chunks.push(ids.slice(i, i + ALIASES_PER_REQUEST));
  const found = new Map<string, T>();
  const fetchChunk = async (chunk: string[]): Promise<void> => {
    const variables = Object.fromEntries(chunk.map((id, i) => [`i${i}`, id]));
    const definitions = chunk.map((_, i) => `$i${i}: ID!`).join(', ');
    const fields = chunk.map((_, i) => `r${i}: ${field}(id: $i${i}) { ...D }`).join(' ');
    const data = await gql<Record<string, T | null>>(`query ExplorerExport(${definitions}) { ${fields} } ${selection}`, variables);
    chunk.forEach((id, i) => {
      const value = data[`r${i}`];
      if (value) found.set(id, value);
    });
  };
  const queue = [...chunks];
  const worker = async (): Promise<void> => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) await fetchChunk(chunk);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return found;
}

/** The export's details of the entities and relationships on screen. */
export async function exportDetails(
  entityIds: readonly string[],
  relationshipIds: readonly string[],
): Promise<{ entities: Map<string, ExportEntity>; relationships: Map<string, ExportRelationship> }> {
  const [entities, relationships] = await Promise.all([
    byIds<ExportEntity>(
      entityIds,
      'entity',
      `fragment D on Entity { ${REF} aliases description wikidataId ... on Person { title } ... on Country { isoCode }
        ... on Event { eventType startDate endDate } ... on Place { placeType } }`,
    ),
    byIds<ExportRelationship>(
      relationshipIds,
      'relationship',
      'fragment D on Relationship { id type role title quantity validFrom validTo confidence evidence { source { id } } }',
    ),
  ]);
  return { entities, relationships };
}

/** Whether the service takes mutations (Query.writeAccess); `key` checked as a mutation would check it. */
export interface WriteAccess {
  readOnly: boolean;
  keyRequired: boolean;
  allowed: boolean;
}

export async function writeAccess(key: string | null): Promise<WriteAccess> {
  const data = await gql<{ writeAccess: WriteAccess }>(
    'query ExplorerWriteAccess { writeAccess { readOnly keyRequired allowed } }',
    {},
    key,
  );
  return data.writeAccess;
}

/** Accepts or rejects a proposed fact (needs write access); answers the relationship as it is now. */
export async function reviewRelationship(id: string, decision: ReviewDecision, key: string | null): Promise<Relationship> {
  const data = await gql<{ reviewRelationship: Relationship }>(
    `mutation ExplorerReview($id: ID!, $decision: ReviewDecision!) { reviewRelationship(id: $id, decision: $decision) { ${RELATIONSHIP} } }`,
    { id, decision },
    key,
  );
  return data.reviewRelationship;
}

/** The sources that mention an entity (Entity.mentionedIn). */
export async function entitySources(id: string): Promise<SourceRef[] | null> {
  const data = await gql<{ entity: { mentionedIn: SourceRef[] } | null }>(
    `query ExplorerSources($id: ID!) { entity(id: $id) { id mentionedIn(first: 50) { ${SOURCE_REF} } } }`,
    { id },
  );
  return data.entity?.mentionedIn ?? null;
}

export interface MentionSpan {
  start: number;
  end: number;
  entity: EntityRef;
}

export interface SourceText extends SourceRef {
  author: string | null;
  text: string | null;
  mentionSpans: MentionSpan[];
}

/** A source with its stored text and where the text names entities. */
export async function sourceText(id: string): Promise<SourceText | null> {
  const data = await gql<{ source: SourceText | null }>(
    `query ExplorerSource($id: ID!) { source(id: $id) { ${SOURCE_REF} author text mentionSpans { start end entity { ${REF} } } } }`,
    { id },
  );
  return data.source;
}
