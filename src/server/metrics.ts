import { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

import { Neo4jGateway } from '../db/gateway';

/** Operation names are client text: only well-formed ones become labels, and only so many. */
const MAX_OPERATION_LABELS = 100;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Prometheus metrics: GraphQL requests (count and latency per operation and outcome), Neo4j
 * round trips through the gateway (latency per repository operation, mode and outcome), and the
 * process's own (memory, CPU, event loop lag).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests = new Counter({
    name: 'newsgraph_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'newsgraph_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly neo4jSeconds = new Histogram({
    name: 'newsgraph_neo4j_query_duration_seconds',
    help: 'Cypher round trips through the gateway by repository operation, mode and outcome.',
    labelNames: ['operation', 'mode', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly unsubscribe: () => void;

  constructor(gateway: Neo4jGateway) {
    collectDefaultMetrics({ register: this.registry, prefix: 'newsgraph_' });
    this.unsubscribe = gateway.onQuery((event) => {
      this.neo4jSeconds.observe(
        { operation: event.operation, mode: event.mode, outcome: event.error === undefined ? 'ok' : 'error' },
        event.durationMs / 1000,
      );
    });
  }

  /** Stops listening to the gateway (when the HTTP app stops). */
  close(): void {
    this.unsubscribe();
  }

  /** The label for a client's operation name: anonymous, other (past the cap) or the name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (!this.operations.has(name)) {
      if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
      this.operations.add(name);
    }
    return name;
  }

  /** An Apollo plugin timing every request. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const started = performance.now();
        return {
          willSendResponse: async ({ operationName, errors, response }) => {
            const failed =
              (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
            const labels = { operation: this.operationLabel(operationName), outcome: failed ? 'error' : 'ok' };
            this.requests.inc(labels);
            this.requestSeconds.observe(labels, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }
}
