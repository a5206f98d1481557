/**
 * NewsGraph served from inside the benchmark process, the same way `newsgraph serve` builds it:
 * a GraphQL call either through Apollo's executeOperation (no HTTP) or over HTTP on 127.0.0.1,
 * and the gateway, so that Cypher round trips can be counted with gateway.onQuery.
 */

import { Neo4jGateway, QueryEvent } from '../../src/db/gateway';
import { createContext } from '../../src/graphql/context';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { createServices } from '../../src/server/app';
import { createHttpApp } from '../../src/server/http-server';
import { createLogger } from '../../src/server/logger';
import { listenOnLoopback } from './bench-http';
import { postGraphQL } from './graphql-http';

export interface InProcessNewsGraph {
  url: string;
  /** Executes in process (Apollo executeOperation); throws on GraphQL errors. */
  execute(query: string): Promise<Record<string, unknown>>;
  /** Posts over HTTP; throws on GraphQL errors. */
  post(query: string): Promise<Record<string, unknown>>;
  /** The Cypher statements one in-process execution of `query` sends, in order. */
  recordCypher(query: string): Promise<QueryEvent[]>;
  stop(): Promise<void>;
}

export async function startNewsGraph(gateway: Neo4jGateway): Promise<InProcessNewsGraph> {
  const services = createServices(gateway);
  const schema = await buildNewsGraphSchema();
  const http = await createHttpApp({ schema, services, gateway, log: createLogger('silent'), production: false, apiKeys: [] });
  const url = await listenOnLoopback(http.server);
  const execute = async (query: string): Promise<Record<string, unknown>> => {
    const response = await http.apollo.executeOperation({ query }, { contextValue: createContext(services, { canWrite: false }) });
    if (response.body.kind !== 'single') throw new Error('Expected a single GraphQL result');
    const { data, errors } = response.body.singleResult;
    if (errors) throw new Error(JSON.stringify(errors));
    return data as Record<string, unknown>;
  };
  return {
    url,
    execute,
    post: (query) => postGraphQL(url, query),
    async recordCypher(query) {
      const events: QueryEvent[] = [];
      const unsubscribe = gateway.onQuery((event) => events.push(event));
      try {
        await execute(query);
      } finally {
        unsubscribe();
      }
      return events;
    },
    stop: () => http.stop(),
  };
}
