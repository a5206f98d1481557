/**
 * Fault benchmark: the real `newsgraph serve` process (dist/src/cli/newsgraph.js) against a Neo4j
 * this script owns and may kill, through four faults, each ending in a table of what was counted:
 *
 *   b. Neo4j unreachable at start: message, bounded retries, exit code, time (no crash loop, no hang).
 *   c. A slow traversal over its timeout: TIMEOUT, how long it took, transactions left in Neo4j.
 *   a. Neo4j SIGKILLed under read and write load, then restarted on the same folder: the API stays
 *      up, /health/ready answers 503 meanwhile, time to the first good read and write after Neo4j is
 *      back, and every acknowledged write present exactly once (checked by Cypher).
 *   d. SIGTERM under load: in-flight requests answered, new connections refused, driver closed,
 *      exit code 0, time to exit; the Neo4j it does not own still runs.
 *
 *   npm run bench:faults                     # --entities 10000 --down 10 (seconds Neo4j stays dead)
 *
 * Everything runs on 127.0.0.1 in a temporary folder that is deleted afterwards; it stops by itself
 * (about two to three minutes here, most of it generating the graph and restarting Neo4j).
 */
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import http from 'node:http';

import { parseCommandLine, runScript } from '../src/cli/command-line';
import { Neo4jGateway } from '../src/db/gateway';
import { freePort, sleep } from '../src/local-neo4j/process-utils';
import { graphql, GraphQLOutcome, request } from './lib/bench-http';
import { chooser, Samples } from './lib/bench-graph';
import { ControlledNeo4j, withFilledNeo4j } from './lib/controlled-neo4j';
import { fixed, table } from './lib/latency';
import { runCli, startServer } from './lib/server-process';

const log = (line: string): void => {
  process.stderr.write(`[faults] ${line}\n`);
};

const LOOKUP = `query Lookup($id: ID!) {
  entity(id: $id) { id name kind relationships(first: 5) { edges { node { type from { id name } to { id name } } } } }
}`;
const NEIGHBORHOOD = `query Neighborhood($id: ID!) {
  neighborhood(id: $id, depth: 1, limit: 50) { nodes { id label } edges { id source target } truncated }
}`;
const UPSERT_ENTITY = 'mutation UpsertEntity($input: EntityInput!) { upsertEntity(input: $input) { id } }';
const UPSERT_RELATIONSHIP = 'mutation UpsertRelationship($input: RelationshipInput!) { upsertRelationship(input: $input) { id } }';

const neo4jEnv = (neo: ControlledNeo4j): Record<string, string> => ({
  NEO4J_URI: neo.uri,
  NEO4J_USER: neo.user,
  NEO4J_PASSWORD: neo.password,
});

const s = (ms: number): string => fixed(ms / 1000, 2);

/** Counts of each value, as "A 3, B 1". */
function tally(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts.size === 0 ? '-' : [...counts].map(([value, n]) => `${value} ${n}`).join(', ');
}

const outcomeLabel = (o: GraphQLOutcome): string =>
  o.ok ? 'ok' : o.error ? o.error : o.codes.length > 0 ? o.codes.join('+') : `HTTP ${o.status}`;

// b. --------------------------------------------------------------------------------------------

async function unreachableAtStart(): Promise<string> {
  const closedPort = await freePort();
  const httpPort = await freePort();
  const connectTimeoutMs = 5000;
  log(`b. serve with NEO4J_URI=bolt://127.0.0.1:${closedPort} (nothing listens), NEWSGRAPH_CONNECT_TIMEOUT_MS=${connectTimeoutMs}`);
  const started = performance.now();
  const run = runCli(['serve'], {
    NEO4J_URI: `bolt://127.0.0.1:${closedPort}`,
    NEO4J_PASSWORD: 'not-used',
    NEWSGRAPH_CONNECT_TIMEOUT_MS: String(connectTimeoutMs),
    LOG_LEVEL: 'debug',
    HOST: '127.0.0.1',
    PORT: String(httpPort),
  });
  // A hang is a failure: stop it after 60 s.
  const hang = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  let httpAnswered = 0;
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (!exited) {
    if ((await request('GET', `http://127.0.0.1:${httpPort}/health/live`, undefined, { agent: false, timeoutMs: 500 })).status > 0)
      httpAnswered += 1;
    await sleep(250);
  }
  const exit = await run.exited;
  clearTimeout(hang);
  const lines = run
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '');
  const retries = lines.filter((line) => /did not answer \(attempt \d+/.test(line)).length;
  const message = lines[lines.length - 1] ?? '';
  const rows: (string | number)[][] = [
    ['connect timeout (NEWSGRAPH_CONNECT_TIMEOUT_MS)', `${connectTimeoutMs / 1000} s`],
    ['elapsed until exit', `${s(exit.at - started)} s`],
    ['exit code', exit.signal ? `killed (${exit.signal}): hang` : String(exit.code)],
    ['connection attempts (retries logged + the last)', retries + 1],
    ['processes started / exits', '1 / 1 (no restart loop)'],
    ['HTTP port answered while waiting', httpAnswered === 0 ? 'no' : `yes (${httpAnswered})`],
    ['stack trace in output', /\n\s+at /.test(run.output()) ? 'yes' : 'no'],
    ['last line', message.replace(/\|/g, '\\|')],
  ];
  return table(['b. Neo4j unreachable at start', 'value'], rows);
}

// c. --------------------------------------------------------------------------------------------

async function runningTransactions(gateway: Neo4jGateway): Promise<number> {
  const [row] = await gateway.read(
    "SHOW TRANSACTIONS YIELD metaData, currentQuery WHERE metaData.app = 'newsgraph' AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n",
  );
  return Number(row.n);
}

async function slowTraversal(neo: ControlledNeo4j, gateway: Neo4jGateway, samples: Samples): Promise<string> {
  const timeoutMs = 100;
  log(`c. slow traversals against serve with NEWSGRAPH_QUERY_TIMEOUT_MS=${timeoutMs}`);
  const server = await startServer({ ...neo4jEnv(neo), NEWSGRAPH_QUERY_TIMEOUT_MS: String(timeoutMs), LOG_LEVEL: 'warn' });
  const rows: (string | number)[][] = [];
  try {
    const [a, b] = samples.hubs;
    const cases: { name: string; query: string }[] = [
      ...samples.hubs.slice(0, 5).map((hub, i) => ({
        name: `neighborhood(hub ${i + 1}, depth 3, limit 1000)`,
        query: `{ neighborhood(id: "${hub}", depth: 3, limit: 1000) { nodes { id } edges { id } truncated } }`,
      })),
      {
        name: 'paths(hub 1 -> hub 2, maxDepth 6, first 50)',
        query: `{ paths(from: "${a}", to: "${b}", maxDepth: 6, first: 50) { length } }`,
      },
    ];
    // A first request, so that start-up costs (schema, connections) are not timed below.
    await graphql(server.url, LOOKUP, { id: samples.connected[0] }, { agent: false });
    for (const c of cases) {
      const outcome = await graphql(server.url, c.query, {}, { agent: false, timeoutMs: 30_000 });
      const elapsed = outcome.endedAt - outcome.startedAt;
      const right = await runningTransactions(gateway);
      let left = right;
      const waitStarted = performance.now();
      while (left > 0 && performance.now() - waitStarted < 10_000) {
        await sleep(100);
        left = await runningTransactions(gateway);
      }
      const leaks = /Neo\.|MATCH |Cypher|\n\s+at /.test(JSON.stringify(outcome.body ?? ''));
      rows.push([c.name, outcomeLabel(outcome), fixed(elapsed, 0), right, left, leaks ? 'yes' : 'no']);
    }
  } finally {
    await server.stop();
  }
  return table(
    [
      `c. slow traversal (timeout ${timeoutMs} ms)`,
      'outcome',
      'ms to answer',
      'tx running right after',
      'tx running after <=10 s',
      'Cypher/stack in body',
    ],
    rows,
  );
}

// a. --------------------------------------------------------------------------------------------

interface WriteAttempt {
  /** entity:<id> or rel:<from>><to> */
  key: string;
  outcome: GraphQLOutcome;
}

async function killUnderLoad(neo: ControlledNeo4j, gateway: Neo4jGateway, samples: Samples, downSeconds: number): Promise<string> {
  const apiKey = randomBytes(12).toString('hex');
  log('a. Neo4j SIGKILLed under load, restarted on the same data folder');
  const server = await startServer({ ...neo4jEnv(neo), NEWSGRAPH_API_KEYS: apiKey, LOG_LEVEL: 'warn' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const headers = { authorization: `Bearer ${apiKey}` };
  const reads: GraphQLOutcome[] = [];
  const writes: WriteAttempt[] = [];
  const ready: { at: number; status: number }[] = [];
  const run = `f${Date.now().toString(36)}`;
  let running = true;

  const reader = async (n: number): Promise<void> => {
    const choose = chooser(100 + n);
    while (running) {
      const outcome = await graphql(server.url, LOOKUP, { id: choose(samples.connected) }, { agent, timeoutMs: 30_000 });
      reads.push(outcome);
      if (!outcome.ok) await sleep(100);
    }
  };
  const writer = async (n: number): Promise<void> => {
    const choose = chooser(200 + n);
    const topics: string[] = [];
    let seq = 0;
    // A failed write is sent again, unchanged (same client-chosen id), until it is acknowledged.
    let pending: { key: string; query: string; input: Record<string, unknown>; topic?: string } | undefined;
    while (running) {
      if (!pending) {
        seq += 1;
        const from = seq % 2 === 0 ? topics.shift() : undefined;
        if (from !== undefined) {
          const to = choose(samples.connected);
          pending = { key: `rel:${from}>${to}`, query: UPSERT_RELATIONSHIP, input: { from, to, type: 'INVOLVES', role: 'fault-bench' } };
        } else {
          const id = `${run}-w${n}-${String(seq).padStart(5, '0')}`;
          pending = {
            key: `entity:${id}`,
            query: UPSERT_ENTITY,
            input: { id, kind: 'TOPIC', name: `Fault bench topic ${n} ${seq}` },
            topic: id,
          };
        }
      }
      const outcome = await graphql(server.url, pending.query, { input: pending.input }, { agent, headers, timeoutMs: 30_000 });
      writes.push({ key: pending.key, outcome });
      if (outcome.ok) {
        if (pending.topic) topics.push(pending.topic);
        pending = undefined;
      } else {
        await sleep(100);
      }
    }
  };
  const poller = async (): Promise<void> => {
    while (running) {
      const outcome = await request('GET', `${server.base}/health/ready`, undefined, { agent: false, timeoutMs: 10_000 });
      ready.push({ at: outcome.startedAt, status: outcome.status });
      await sleep(200);
    }
  };

  const loops = [...Array.from({ length: 8 }, (_, i) => reader(i)), ...Array.from({ length: 4 }, (_, i) => writer(i)), poller()];
  await sleep(5000);
  const tKill = performance.now();
  await neo.kill();
  const killMs = performance.now() - tKill;
  log(`   killed Neo4j (SIGKILL); restarting it in ${downSeconds} s`);
  await sleep(downSeconds * 1000);
  const tRestart = performance.now();
  await neo.restart();
  const tReady = performance.now();
  log(`   Neo4j answers again after ${s(tReady - tRestart)} s of start-up and recovery`);
  const firstOk = (outcomes: GraphQLOutcome[]): number | undefined =>
    outcomes
      .filter((o) => o.ok && o.endedAt > tReady)
      .reduce<number | undefined>((min, o) => Math.min(min ?? Infinity, o.endedAt), undefined);
  const deadline = performance.now() + 60_000;
  while ((firstOk(reads) === undefined || firstOk(writes.map((w) => w.outcome)) === undefined) && performance.now() < deadline)
    await sleep(100);
  await sleep(5000);
  running = false;
  await Promise.all(loops);
  agent.destroy();
  const live = await request('GET', `${server.base}/health/live`, undefined, { agent: false });
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  await server.stop();

  // Verification through the driver: every id written, counted in the database.
  const entityIds = [...new Set(writes.filter((w) => w.key.startsWith('entity:')).map((w) => w.key.slice(7)))];
  const relPairs = [...new Set(writes.filter((w) => w.key.startsWith('rel:')).map((w) => w.key.slice(4)))].map((pair) => {
    const [from, to] = pair.split('>');
    return { key: pair, from, to };
  });
  const counts = new Map<string, number>();
  for (const row of await gateway.read('UNWIND $ids AS id OPTIONAL MATCH (e:Entity {id: id}) RETURN id, count(e) AS n', { ids: entityIds }))
    counts.set(`entity:${String(row.id)}`, Number(row.n));
  for (const row of await gateway.read(
    'UNWIND $pairs AS p OPTIONAL MATCH (:Entity {id: p.from})-[r:INVOLVES]->(:Entity {id: p.to}) RETURN p.key AS key, count(r) AS n',
    { pairs: relPairs },
  ))
    counts.set(`rel:${String(row.key)}`, Number(row.n));
  const acked = new Set(writes.filter((w) => w.outcome.ok).map((w) => w.key));
  const keys = [...counts.keys()];
  const lost = [...acked].filter((key) => (counts.get(key) ?? 0) === 0);
  const duplicated = keys.filter((key) => (counts.get(key) ?? 0) > 1);
  const unackedPresent = keys.filter((key) => !acked.has(key) && (counts.get(key) ?? 0) === 1);

  const tDead = tKill + killMs;
  const phase = (at: number): string =>
    at < tKill ? 'before' : at < tDead ? 'dying' : at < tRestart ? 'dead' : at < tReady ? 'restarting' : 'after';
  const readyIn = (p: string): string => tally(ready.filter((r) => phase(r.at) === p).map((r) => String(r.status || 'no answer')));
  const okIn = (p: string): string => {
    const all = [...reads, ...writes.map((w) => w.outcome)].filter((o) => phase(o.startedAt) === p);
    return `${all.filter((o) => o.ok).length} / ${all.length}`;
  };
  const firstReady = ready.find((r) => r.at > tReady && r.status === 200);
  const readFail = reads.filter((o) => !o.ok);
  const writeFail = writes.filter((w) => !w.outcome.ok);
  const failedOutsideOutage = [...reads, ...writes.map((w) => w.outcome)].filter(
    (o) => !o.ok && (o.endedAt < tKill || o.startedAt > tReady + 30_000),
  ).length;
  const firstRead = firstOk(reads);
  const firstWrite = firstOk(writes.map((w) => w.outcome));
  const rows: (string | number)[][] = [
    [
      'API process up throughout (pid, /health/live after)',
      alive && live.status === 200 ? `yes (live ${live.status})` : `NO (live ${live.status})`,
    ],
    ['Neo4j down (SIGKILL to answering again)', `${s(tReady - tKill)} s (${s(tReady - tRestart)} s of it restart and recovery)`],
    ['/health/ready before the kill', readyIn('before')],
    [`/health/ready while the JVM died (${s(killMs)} s)`, readyIn('dying')],
    ['/health/ready while Neo4j was dead', readyIn('dead')],
    ['/health/ready while Neo4j restarted and recovered', readyIn('restarting')],
    ['requests ok / sent: dying, dead, restarting', `${okIn('dying')}, ${okIn('dead')}, ${okIn('restarting')}`],
    ['/health/ready 200 again after Neo4j answered', firstReady ? `${s(firstReady.at - tReady)} s` : 'never'],
    ['first good read after Neo4j answered', firstRead === undefined ? 'never' : `${s(firstRead - tReady)} s`],
    ['first acknowledged write after Neo4j answered', firstWrite === undefined ? 'never' : `${s(firstWrite - tReady)} s`],
    ['reads: requests / ok / failed', `${reads.length} / ${reads.length - readFail.length} / ${readFail.length}`],
    ['read failures by outcome', tally(readFail.map(outcomeLabel))],
    ['writes: distinct (entities + relationships)', `${keys.length} (${entityIds.length} + ${relPairs.length})`],
    ['write requests: attempted / acknowledged / failed', `${writes.length} / ${writes.length - writeFail.length} / ${writeFail.length}`],
    ['write failures by outcome', tally(writeFail.map((w) => outcomeLabel(w.outcome)))],
    ['failed requests outside the outage', failedOutsideOutage],
    ['acknowledged writes lost', lost.length],
    ['writes stored more than once', duplicated.length],
    ['failed writes found stored anyway (sent again, still once)', unackedPresent.length],
  ];
  return table(['a. Neo4j killed under load and restarted', 'value'], rows);
}

// d. --------------------------------------------------------------------------------------------

async function sigtermUnderLoad(neo: ControlledNeo4j, samples: Samples): Promise<string> {
  log('d. SIGTERM under load');
  const server = await startServer({ ...neo4jEnv(neo), LOG_LEVEL: 'debug' });
  const clients = 40;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const outcomes: GraphQLOutcome[] = [];
  let signalled = false;
  const client = async (n: number): Promise<void> => {
    const choose = chooser(300 + n);
    for (let i = 0; !signalled; i += 1) {
      const outcome =
        i % 2 === 0
          ? await graphql(server.url, NEIGHBORHOOD, { id: choose(samples.connected) }, { agent, timeoutMs: 60_000 })
          : await graphql(server.url, LOOKUP, { id: choose(samples.connected) }, { agent, timeoutMs: 60_000 });
      outcomes.push(outcome);
    }
  };
  // Warm the new process (connections, JIT, query plans) so that the load below is steady.
  const warm = chooser(299);
  for (let i = 0; i < 10; i += 1) {
    await graphql(server.url, NEIGHBORHOOD, { id: warm(samples.connected) }, { agent });
    await graphql(server.url, LOOKUP, { id: warm(samples.connected) }, { agent });
  }
  const loops = Array.from({ length: clients }, (_, i) => client(i));
  await sleep(8000);
  const tSignal = performance.now();
  signalled = true;
  server.child.kill('SIGTERM');
  const probes: { at: number; status: number; error?: string }[] = [];
  let exitedAt: number | undefined;
  void server.exited.then((exit) => (exitedAt = exit.at));
  while (exitedAt === undefined && performance.now() - tSignal < 30_000) {
    const probe = await request('GET', `${server.base}/health/live`, undefined, { agent: false, timeoutMs: 2000 });
    probes.push({ at: probe.startedAt, status: probe.status, error: probe.error });
    await sleep(50);
  }
  const killer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  const exit = await server.exited;
  clearTimeout(killer);
  await Promise.all(loops);
  agent.destroy();
  const inFlight = outcomes.filter((o) => o.startedAt < tSignal && o.endedAt >= tSignal);
  const failed = inFlight.filter((o) => !o.ok);
  const lastAnswer = Math.max(...inFlight.map((o) => o.endedAt));
  const answeredProbes = probes.filter((p) => p.status > 0);
  const output = server.output();
  const rows: (string | number)[][] = [
    [
      'requests answered before the signal (ok)',
      `${outcomes.length - inFlight.length} (${outcomes.filter((o) => o.endedAt < tSignal && o.ok).length})`,
    ],
    ['requests in flight at SIGTERM', inFlight.length],
    ['in-flight answered 200 without errors', inFlight.length - failed.length],
    ['in-flight failed', failed.length === 0 ? '0' : `${failed.length} (${tally(failed.map(outcomeLabel))})`],
    ['last in-flight answer after SIGTERM', `${s(lastAnswer - tSignal)} s`],
    [
      'new connections after SIGTERM: answered / refused',
      `${answeredProbes.length} / ${tally(probes.filter((p) => p.status === 0).map((p) => p.error ?? '?'))}`,
    ],
    ['answered new connections started >50 ms after SIGTERM', answeredProbes.filter((p) => p.at > tSignal + 50).length],
    ["log: 'Database closed.' (driver closed)", output.includes('Database closed.') ? 'yes' : 'no'],
    ['exit code', exit.signal ? `killed (${exit.signal})` : String(exit.code)],
    ['time from SIGTERM to exit', `${s(exit.at - tSignal)} s`],
    ['Neo4j (not owned by serve) still answers', (await neo.answers()) ? 'yes' : 'NO'],
  ];
  return table(['d. SIGTERM under load (40 clients)', 'value'], rows);
}

// -----------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { flags } = parseCommandLine(process.argv.slice(2), {
    command: 'bench:faults',
    flags: {
      entities: { type: 'integer', min: 0, max: 2_000_000, default: 10_000 },
      down: { type: 'integer', min: 0, max: 3600, default: 10 },
      only: { type: 'string' },
    },
  });
  const entities = flags.entities;
  const downSeconds = flags.down;
  const started = Date.now();
  const tables: string[] = [];
  const show = (text: string): void => {
    tables.push(text);
    process.stdout.write(`\n${text}\n\n`);
  };

  const only = (flags.only ?? '').split(',');
  const runs = (name: string): boolean => flags.only === undefined || only.includes(name);
  if (runs('b')) show(await unreachableAtStart());
  if (!runs('a') && !runs('c') && !runs('d')) return;

  log('starting a Neo4j this script may kill...');
  await withFilledNeo4j('faults', entities, log, async (neo, gateway, samples) => {
    if (runs('c')) show(await slowTraversal(neo, gateway, samples));
    if (runs('a')) show(await killUnderLoad(neo, gateway, samples, downSeconds));
    if (runs('d')) show(await sigtermUnderLoad(neo, samples));
  });
  process.stdout.write(
    `\nAll fault tables (graph: seed + ${entities} generated entities; ${((Date.now() - started) / 1000).toFixed(0)} s in all):\n\n${tables.join('\n\n')}\n`,
  );
}

runScript('bench:faults', main);
