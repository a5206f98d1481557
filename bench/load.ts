/**
 * Load benchmark: `newsgraph serve` as its own process on 127.0.0.1, over the seed plus a generated
 * graph, driven by a load generator in a third process (bench/lib/load-worker.ts, forked): N
 * concurrent clients for D seconds, 80% reads (lookups with nested relationships, search,
 * neighbourhoods of depth 1 and 2, shortest paths, timelines) and 20% writes (upserts with fresh
 * ids, with an API key; clients join over the first 5 s after one unmeasured request of each
 * read). Prints requests, throughput, latency percentiles overall and per kind,
 * failed requests (all requests are valid: every failure counts), and the server's memory (RSS from
 * /proc, V8 heap from /metrics) at the end of the warm-up against the end of the run.
 *
 *   npm run bench:load                               # 50 clients, 120 s, 20 s warm-up, 10,000 entities
 *   npm run bench:load -- --clients 50 --duration 120 --warmup 20 --entities 10000
 *
 * Everything runs in a temporary folder that is deleted afterwards; it stops by itself.
 */
import 'reflect-metadata';

import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { parseCommandLine, runScript } from '../src/cli/command-line';
import { sleep } from '../src/local-neo4j/process-utils';
import { request } from './lib/bench-http';
import { withFilledNeo4j } from './lib/controlled-neo4j';
import { fixed, summarize, table } from './lib/latency';
import { LoadPlan, LoadResult, MIX, WorkerMessage } from './lib/load-worker';
import { residentMemory, startServer } from './lib/server-process';

const log = (line: string): void => {
  process.stderr.write(`[load] ${line}\n`);
};

interface MemorySample {
  /** seconds since the load started */
  at: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
}

/** One value of a Prometheus text exposition (first series of that name). */
function metric(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : NaN;
}

async function sampleMemory(pid: number, base: string, at: number): Promise<MemorySample> {
  const metrics = await request('GET', `${base}/metrics`, undefined, { agent: false, timeoutMs: 10_000 });
  const text = typeof metrics.body === 'string' ? metrics.body : '';
  return {
    at,
    rssMb: residentMemory(pid)?.rssMb ?? NaN,
    heapUsedMb: metric(text, 'newsgraph_nodejs_heap_size_used_bytes') / 2 ** 20,
    heapTotalMb: metric(text, 'newsgraph_nodejs_heap_size_total_bytes') / 2 ** 20,
  };
}

type Field = 'rssMb' | 'heapUsedMb' | 'heapTotalMb';

/** Least-squares slope of a field over the samples in [from, to] seconds, in MB per minute. */
function slope(samples: MemorySample[], field: Field, from: number, to: number): number {
  const points = samples.filter((s) => s.at >= from && s.at <= to && Number.isFinite(s[field]));
  const mx = points.reduce((a, p) => a + p.at, 0) / points.length;
  const my = points.reduce((a, p) => a + p[field], 0) / points.length;
  const sxy = points.reduce((a, p) => a + (p.at - mx) * (p[field] - my), 0);
  const sxx = points.reduce((a, p) => a + (p.at - mx) ** 2, 0);
  return (60 * sxy) / sxx;
}

/** Mean (or minimum: the heap's floor after garbage collection) of a field over the samples in [from, to] seconds. */
function over(samples: MemorySample[], field: Field, from: number, to: number, how: 'mean' | 'min'): number {
  const values = samples.filter((s) => s.at >= from && s.at <= to).map((s) => s[field]);
  if (values.length === 0) return NaN;
  return how === 'min' ? Math.min(...values) : values.reduce((x, y) => x + y, 0) / values.length;
}

function runWorker(plan: LoadPlan): { result: Promise<LoadResult>; pid: number } {
  const worker = fork(path.join(__dirname, 'lib', 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = new Promise<LoadResult>((resolve, reject) => {
    let got: LoadResult | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        log(`  ${(message.at / 1000).toFixed(0)} s: ${message.done} requests, ${message.failed} failed`);
      } else {
        got = message.result;
      }
    });
    // 'close' comes after the IPC channel closed, so after the last message ('exit' may come before).
    worker.once('close', (code) => (got ? resolve(got) : reject(new Error(`load worker exited with code ${code} and no result`))));
  });
  worker.send(plan);
  return { result, pid: worker.pid as number };
}

async function main(): Promise<void> {
  const { flags } = parseCommandLine(process.argv.slice(2), {
    command: 'bench:load',
    flags: {
      clients: { type: 'integer', min: 1, max: 10_000, default: 50 },
      duration: { type: 'integer', min: 10, max: 86_400, default: 120 },
      warmup: { type: 'integer', min: 5, max: 86_400 },
      entities: { type: 'integer', min: 0, max: 2_000_000, default: 10_000 },
    },
  });
  const { clients, duration, entities } = flags;
  const warmup = flags.warmup ?? Math.min(20, Math.floor(duration / 3));
  if (warmup + 10 > duration) throw new Error('--warmup must end at least 10 s before --duration');

  log('starting a Neo4j in a temporary folder...');
  await withFilledNeo4j('load', entities, log, async (neo, gateway, samples) => {
    const [counts] = await gateway.read(
      'MATCH (e:Entity) WITH count(e) AS entities MATCH ()-[r]->() RETURN entities, count(r) AS relationships',
    );
    const apiKey = randomBytes(16).toString('hex');
    const server = await startServer({
      NEO4J_URI: neo.uri,
      NEO4J_USER: neo.user,
      NEO4J_PASSWORD: neo.password,
      NEWSGRAPH_API_KEYS: apiKey,
      LOG_LEVEL: 'warn',
    });
    log(`serve runs as pid ${server.pid} at ${server.url}; ${clients} clients for ${duration} s (warm-up ${warmup} s)...`);
    const memory: MemorySample[] = [];
    let result: LoadResult;
    try {
      const started = performance.now();
      const worker = runWorker({
        url: server.url,
        apiKey,
        clients,
        durationMs: duration * 1000,
        samples,
        tag: Date.now().toString(36),
      });
      let finished = false;
      void worker.result.finally(() => (finished = true)).catch(() => undefined);
      while (!finished) {
        memory.push(await sampleMemory(server.pid, server.base, (performance.now() - started) / 1000));
        await sleep(2000);
      }
      result = await worker.result;
    } finally {
      const exit = await server.stop();
      log(`serve stopped (exit code ${exit.code})`);
    }

    const kinds = MIX.map(([kind]) => kind);
    const all = kinds.flatMap((kind) => result.latencies[kind]);
    const failedBy = (kind?: string): number => result.failures.filter((f) => kind === undefined || f.kind === kind).length;
    const total = all.length + failedBy();
    const row = (name: string, share: string, values: number[], failed: number): (string | number)[] => {
      const sum = summarize(values);
      return [name, share, values.length + failed, fixed(sum.p50), fixed(sum.p95), fixed(sum.p99), fixed(sum.max), failed];
    };
    const latencyTable = table(
      ['kind', 'share %', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'failed'],
      [
        ...MIX.map(([kind]) =>
          row(kind, fixed((100 * (result.latencies[kind].length + failedBy(kind))) / total, 1), result.latencies[kind], failedBy(kind)),
        ),
        row('all', '100.0', all, failedBy()),
      ],
    );
    const reads = MIX.filter(([kind]) => !kind.includes('(write)')).reduce(
      (n, [kind]) => n + result.latencies[kind].length + failedBy(kind),
      0,
    );
    const summaryTable = table(
      ['load', 'value'],
      [
        ['graph', `${counts.entities} entities, ${counts.relationships} relationships`],
        ['clients / duration', `${clients} concurrent / ${(result.elapsedMs / 1000).toFixed(1)} s`],
        ['requests (reads / writes)', `${total} (${reads} / ${total - reads})`],
        ['throughput', `${fixed(total / (result.elapsedMs / 1000))} req/s`],
        ['latency p50 / p95 / p99 (all)', `${fixed(summarize(all).p50)} / ${fixed(summarize(all).p95)} / ${fixed(summarize(all).p99)} ms`],
        [
          'failed valid requests',
          failedBy() === 0
            ? '0'
            : `${failedBy()} (${[...new Set(result.failures.map((f) => `${f.kind}: ${f.what}`))].slice(0, 5).join('; ')})`,
        ],
        [
          `failed in the warm-up (first ${warmup} s) / after it`,
          `${result.failures.filter((f) => f.at < warmup * 1000).length} / ${result.failures.filter((f) => f.at >= warmup * 1000).length}`,
        ],
      ],
    );
    // Samples taken after the load stopped do not count: the end window closes with the load.
    const end = Math.min(duration, Math.max(...memory.map((s) => s.at)));
    const memoryRow = (name: string, field: Field, how: 'mean' | 'min'): (string | number)[] => {
      const atWarmup = over(memory, field, warmup - 10, warmup, how);
      const atEnd = over(memory, field, end - 10, end, how);
      const peak = Math.max(...memory.map((s) => s[field]));
      // For the floor, the slope of each 10 s window's minimum: the heap left after garbage collection.
      const points =
        how === 'mean'
          ? memory
          : Array.from({ length: Math.floor(end / 10) }, (_, i) => ({
              ...memory[0],
              at: i * 10 + 5,
              [field]: over(memory, field, i * 10, i * 10 + 10, 'min'),
            }));
      const trend = slope(points, field, end / 2, end);
      return [name, fixed(atWarmup), fixed(atEnd), `${fixed((100 * (atEnd - atWarmup)) / atWarmup)} %`, fixed(peak), fixed(trend, 2)];
    };
    const memoryTable = table(
      [
        'server memory (MB)',
        `end of warm-up (${warmup - 10}-${warmup} s)`,
        `end (${fixed(end - 10, 0)}-${fixed(end, 0)} s)`,
        'growth',
        'peak',
        `trend ${fixed(end / 2, 0)}-${fixed(end, 0)} s, MB/min`,
      ],
      [
        memoryRow('RSS (/proc), mean', 'rssMb', 'mean'),
        memoryRow('V8 heap used (/metrics), mean', 'heapUsedMb', 'mean'),
        memoryRow('V8 heap used, floor (min)', 'heapUsedMb', 'min'),
        memoryRow('V8 heap total (/metrics), mean', 'heapTotalMb', 'mean'),
      ],
    );
    const windows = Array.from({ length: Math.floor(end / 10) }, (_, i) => i * 10);
    const series = table(
      ['window start s', ...windows.map(String)],
      [
        ['RSS MB (mean)', ...windows.map((t) => fixed(over(memory, 'rssMb', t, t + 10, 'mean'), 0))],
        ['heap used MB (min)', ...windows.map((t) => fixed(over(memory, 'heapUsedMb', t, t + 10, 'min'), 0))],
      ],
    );
    const failureTimes = result.failures.map((f) => Math.floor(f.at / 10_000) * 10);
    const failureLine =
      failureTimes.length === 0
        ? ''
        : `\nfailures by 10 s window (start s: count): ${[...new Set(failureTimes)].map((t) => `${t}: ${failureTimes.filter((x) => x === t).length}`).join(', ')}\n`;
    process.stdout.write(
      `\n${summaryTable}\n\n${latencyTable}\n\n${memoryTable}\n\n(memory sampled every 2 s, ${memory.length} samples; warm-up and end columns over 10 s windows)\n\n${series}\n${failureLine}`,
    );
    if (failedBy() > 0) process.exitCode = 1;
  });
}

runScript('bench:load', main);
