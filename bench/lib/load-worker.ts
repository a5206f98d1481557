/**
 * The load generator of bench/load.ts, run in its own process (child_process.fork), so that its
 * work never shares a CPU queue with the server it measures. It gets a LoadPlan, runs `clients`
 * concurrent request loops for `durationMs` over keep-alive connections, and sends back every
 * latency by kind and every failure. Requests are valid by construction: any failure counts.
 */
import http from 'node:http';

import { chooser, Samples } from './bench-graph';
import { graphql, GraphQLOutcome } from './bench-http';

export interface LoadPlan {
  url: string;
  apiKey: string;
  clients: number;
  durationMs: number;
  samples: Samples;
  /** Makes ids of this run's writes unique. */
  tag: string;
}

export interface Failure {
  kind: string;
  what: string;
  /** ms since the load started. */
  at: number;
}

export interface LoadResult {
  /** Latencies in ms of successful requests, by kind. */
  latencies: Record<string, number[]>;
  failures: Failure[];
  elapsedMs: number;
}

export type WorkerMessage = { type: 'progress'; done: number; failed: number; at: number } | { type: 'result'; result: LoadResult };

/** Clients start spread over this many ms. */
export const RAMP_MS = 5000;

/** The request mix: kind and weight (out of 100); 80 reads, 20 writes. */
export const MIX: readonly [string, number][] = [
  ['entity lookup + relationships', 30],
  ['search', 15],
  ['neighborhood depth 1', 15],
  ['neighborhood depth 2', 10],
  ['shortestPath', 5],
  ['timeline', 5],
  ['upsertEntity (write)', 12],
  ['upsertRelationship (write)', 8],
];

const LOOKUP = `query Lookup($id: ID!) {
  entity(id: $id) { id name kind degree relationships(first: 5) { totalCount edges { node { id type from { id name } to { id name } } } } }
}`;
const SEARCH = 'query Search($text: String!) { search(text: $text, first: 10) { score entity { id name kind } } }';
const NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int!, $limit: Int!) {
  neighborhood(id: $id, depth: $depth, limit: $limit) { nodes { id kind label } edges { id type source target } truncated }
}`;
const SHORTEST =
  'query Shortest($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) { length nodes { id name } relationships { id type } } }';
const TIMELINE = `query Timeline($id: ID!) {
  timeline(entityIds: [$id], first: 20) { totalCount edges { node { id name startDate } } pageInfo { hasNextPage endCursor } }
}`;
const UPSERT_ENTITY = 'mutation UpsertEntity($input: EntityInput!) { upsertEntity(input: $input) { id name updatedAt } }';
const UPSERT_RELATIONSHIP = 'mutation UpsertRelationship($input: RelationshipInput!) { upsertRelationship(input: $input) { id type } }';

async function run(plan: LoadPlan, report: (message: WorkerMessage) => void): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.clients });
  const headers = { authorization: `Bearer ${plan.apiKey}` };
  const latencies: Record<string, number[]> = Object.fromEntries(MIX.map(([kind]) => [kind, []]));
  const failures: Failure[] = [];
  const { samples } = plan;
  // Not measured: each read and write once, so that the server and Neo4j have connected and planned them.
  await graphql(plan.url, LOOKUP, { id: samples.connected[0] }, { agent });
  await graphql(plan.url, SEARCH, { text: samples.words[0] }, { agent });
  await graphql(plan.url, NEIGHBORHOOD, { id: samples.connected[0], depth: 2, limit: 100 }, { agent });
  await graphql(plan.url, SHORTEST, { from: samples.people[0], to: samples.people[1] }, { agent });
  await graphql(plan.url, TIMELINE, { id: samples.hubs[0] }, { agent });
  const warmTopic = { id: `load-${plan.tag}-warm`, kind: 'TOPIC', name: 'Load warm-up topic' };
  await graphql(plan.url, UPSERT_ENTITY, { input: warmTopic }, { agent, headers });
  await graphql(
    plan.url,
    UPSERT_RELATIONSHIP,
    { input: { from: warmTopic.id, to: samples.connected[0], type: 'INVOLVES' } },
    { agent, headers },
  );
  const started = performance.now();
  const deadline = started + plan.durationMs;
  let done = 0;

  const client = async (n: number): Promise<void> => {
    const choose = chooser(1000 + n);
    const kinds = MIX.flatMap(([kind, weight]) => Array<string>(weight).fill(kind));
    const topics: string[] = [];
    let seq = 0;
    // Clients join one by one over the first RAMP_MS, as users of a service that just started would.
    await new Promise((resolve) => setTimeout(resolve, (n * RAMP_MS) / plan.clients));
    while (performance.now() < deadline) {
      let kind = choose(kinds);
      if (kind === 'upsertRelationship (write)' && topics.length === 0) kind = 'upsertEntity (write)';
      let outcome: GraphQLOutcome;
      let createdTopic: string | undefined;
      switch (kind) {
        case 'entity lookup + relationships':
          outcome = await graphql(plan.url, LOOKUP, { id: choose(samples.connected) }, { agent });
          break;
        case 'search':
          outcome = await graphql(plan.url, SEARCH, { text: choose(samples.words) }, { agent });
          break;
        case 'neighborhood depth 1':
          outcome = await graphql(plan.url, NEIGHBORHOOD, { id: choose(samples.connected), depth: 1, limit: 50 }, { agent });
          break;
        case 'neighborhood depth 2':
          outcome = await graphql(plan.url, NEIGHBORHOOD, { id: choose(samples.connected), depth: 2, limit: 100 }, { agent });
          break;
        case 'shortestPath':
          outcome = await graphql(plan.url, SHORTEST, { from: choose(samples.people), to: choose(samples.people) }, { agent });
          break;
        case 'timeline':
          outcome = await graphql(plan.url, TIMELINE, { id: choose(samples.hubs) }, { agent });
          break;
        case 'upsertEntity (write)': {
          seq += 1;
          createdTopic = `load-${plan.tag}-c${n}-${seq}`;
          const input = { id: createdTopic, kind: 'TOPIC', name: `Load topic ${n}.${seq}`, description: 'Written by bench/load.ts.' };
          outcome = await graphql(plan.url, UPSERT_ENTITY, { input }, { agent, headers });
          break;
        }
        default: {
          const input = { from: choose(topics), to: choose(samples.connected), type: 'INVOLVES', role: 'load-bench' };
          outcome = await graphql(plan.url, UPSERT_RELATIONSHIP, { input }, { agent, headers });
        }
      }
      done += 1;
      if (outcome.ok) {
        latencies[kind].push(outcome.endedAt - outcome.startedAt);
        // Relationships start from a topic this client created (new targets make new relationships).
        if (createdTopic !== undefined) topics.push(createdTopic);
      } else {
        const what = outcome.error ?? (outcome.codes.length > 0 ? outcome.codes.join('+') : `HTTP ${outcome.status}`);
        failures.push({ kind, what, at: outcome.startedAt - started });
      }
    }
  };

  const progress = setInterval(() => report({ type: 'progress', done, failed: failures.length, at: performance.now() - started }), 10_000);
  await Promise.all(Array.from({ length: plan.clients }, (_, n) => client(n)));
  clearInterval(progress);
  agent.destroy();
  return { latencies, failures, elapsedMs: performance.now() - started };
}

if (require.main === module) {
  process.once('message', (plan: LoadPlan) => {
    const send = (message: WorkerMessage): void => {
      process.send?.(message);
    };
    run(plan, send).then(
      (result) => {
        // Disconnect only once the (large) result has been handed over.
        process.send?.({ type: 'result', result } satisfies WorkerMessage, undefined, {}, () => process.disconnect?.());
      },
      (error: unknown) => {
        process.stderr.write(`load worker failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
