import { ApolloServer } from '@apollo/server';

import { Neo4jGateway } from '../../src/db/gateway';
import { createContext, GraphQLContext } from '../../src/graphql/context';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { createServices } from '../../src/server/app';
import { createFormatError } from '../../src/server/format-error';
import { createLogger } from '../../src/server/logger';

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * An in-process Apollo Server over the real gateway, as the service builds it. Requests may write
 * (as with no API keys configured) unless `canWrite: false` is given.
 */
export async function createTestServer(
  gateway: Neo4jGateway,
  options: { canWrite?: boolean } = {},
): Promise<{
  execute<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}> {
  const services = createServices(gateway);
  const server = new ApolloServer<GraphQLContext>({
    schema: await buildNewsGraphSchema(),
    formatError: createFormatError(createLogger('silent')),
    includeStacktraceInErrorResponses: false,
  });
  await server.start();
  return {
    async execute<T>(query: string, variables?: Record<string, unknown>) {
      const response = await server.executeOperation(
        { query, variables },
        { contextValue: createContext(services, { canWrite: options.canWrite ?? true }) },
      );
      if (response.body.kind !== 'single') throw new Error('Expected a single result');
      return response.body.singleResult as GraphQLResult<T>;
    },
    stop: () => server.stop(),
  };
}
