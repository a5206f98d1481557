import { ApolloServer } from '@apollo/server';

import { Neo4jGateway } from '../../src/db/gateway';
import { createContext, GraphQLContext } from '../../src/graphql/context';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { createServices } from '../../src/server/app';
import type { EngineSource } from '../../src/services/ingest/ingest.service';
import { apolloServerOptions } from '../../src/server/http-server';
import { createLogger } from '../../src/server/logger';
import { connectTestGateway, resetAndSeed } from './test-db';

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * An in-process Apollo Server over the real gateway, built from the same options function as the
 * HTTP server (src/server/http-server.ts apolloServerOptions). Requests may write (as with no API
 * keys configured) unless `canWrite: false` is given.
 */
export async function createTestServer(
  gateway: Neo4jGateway,
  options: { canWrite?: boolean; production?: boolean; readPlanner?: boolean; engines?: EngineSource } = {},
): Promise<{
  execute<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** `Type.field` of the nested fields the last request resolved through the DataLoaders while the read planner was on. */
  lastFallbacks(): string[];
  stop(): Promise<void>;
}> {
  const services = createServices(gateway, { readPlanner: options.readPlanner, engines: options.engines });
  // The very options the HTTP server uses (limits, cost plugin, error formatting), so tests see what users hit.
  const server = new ApolloServer<GraphQLContext>(
    apolloServerOptions({ schema: await buildNewsGraphSchema(), log: createLogger('silent'), production: options.production ?? false }),
  );
  await server.start();
  let last: GraphQLContext | undefined;
  return {
    async execute<T>(query: string, variables?: Record<string, unknown>) {
      last = createContext(services, { canWrite: options.canWrite ?? true });
      const response = await server.executeOperation({ query, variables }, { contextValue: last });
      if (response.body.kind !== 'single') throw new Error('Expected a single result');
      return response.body.singleResult as GraphQLResult<T>;
    },
    lastFallbacks: () => [...(last?.planned.fallbacks ?? [])].sort(),
    stop: () => server.stop(),
  };
}

export type Execute = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;

/** What a test file gets from useSeededServer; usable inside tests (after beforeAll). */
export interface SeededServer {
  /** The gateway to the run's test Neo4j. */
  gateway(): Neo4jGateway;
  execute: Execute;
  /** Runs a query that must succeed and returns its data (throws with the errors otherwise). */
  data<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/**
 * Registers beforeAll/afterAll hooks that load exactly the seed graph into the test Neo4j and
 * start an in-process server over it, and stop both afterwards.
 */
export function useSeededServer(): SeededServer {
  let gateway: Neo4jGateway | undefined;
  let server: Awaited<ReturnType<typeof createTestServer>> | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSeededServer: used before beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    gateway = connectTestGateway();
    await resetAndSeed(gateway);
    server = await createTestServer(gateway);
  });
  afterAll(async () => {
    await server?.stop();
    await gateway?.close();
  });
  const execute: Execute = (query, variables) => started(server).execute(query, variables);
  return {
    gateway: () => started(gateway),
    execute,
    async data<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const result = await execute<T>(query, variables);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data as T;
    },
  };
}
