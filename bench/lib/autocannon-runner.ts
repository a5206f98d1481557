/**
 * Runs one autocannon measurement in its own process (forked by bench/throughput.bench.ts), so
 * that the load generator does not share an event loop with the server or the benchmark. Reads
 * its options as JSON from argv[2] and sends the summary back over the IPC channel.
 */
import autocannon from 'autocannon';

import { assertLoopback } from './bench-http';

export interface RunnerOptions {
  url: string;
  body: string;
  connections: number;
  durationSeconds: number;
}

export interface RunnerResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as RunnerOptions;
  assertLoopback(options.url);
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 30,
  });
  const summary: RunnerResult = {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
  process.send?.(summary);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
