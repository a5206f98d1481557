import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

import { ApolloServer, ApolloServerOptionsWithSchema, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLSchema } from 'graphql';

import { Neo4jGateway } from '../db/gateway';
import { createContext, GraphQLContext, Services } from '../graphql/context';
import { createFormatError } from './format-error';
import { Metrics } from './metrics';
import { costLimitPlugin } from './cost-limit';
import { hideSuggestionsPlugin } from './hide-suggestions';
import { graphqlHttpErrorHandler } from './http-errors';
import { aliasLimitRule, depthLimitRule, directiveLimitRule, limitErrorsOnlyPlugin, QUERY_LIMITS } from './query-limits';
import { corsMiddleware } from './cors';
import { Logger } from './logger';
import { requestLogEntryOf, requestLogMiddleware, requestLogPlugin, requestLogScope, withRequestLog } from './request-log';
import { createWebRoutes } from './web-routes';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: Services;
  gateway: Neo4jGateway;
  log: Logger;
  production: boolean;
  /** NEWSGRAPH_API_KEYS: when any are given, mutations need `Authorization: Bearer <key>`. */
  apiKeys?: readonly string[];
  /** NEWSGRAPH_READ_ONLY: every mutation is refused with FORBIDDEN. */
  readOnly?: boolean;
  /** NEWSGRAPH_CORS_ORIGINS: origins whose pages may call /graphql (`*` for any); none: same-origin only. */
  corsOrigins?: readonly string[];
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Decides from the Authorization header whether a request may run mutations: always when no keys are
 * configured, otherwise only with `Bearer <key>` for one of them. Keys are compared as SHA-256 digests
 * (equal lengths, as timingSafeEqual needs) in constant time, against every key without stopping early,
 * so timing tells nothing about a key or which one matched.
 */
export function createWriteAccessCheck(apiKeys: readonly string[]): (authorization: string | undefined) => boolean {
  const digests = apiKeys.map(sha256);
  return (authorization) => {
    if (digests.length === 0) return true;
    const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    if (match === null) return false;
    const presented = sha256(match[1]);
    let allowed = false;
    for (const digest of digests) allowed = timingSafeEqual(digest, presented) || allowed;
    return allowed;
  };
}

/** What Apollo's options depend on: the same for the HTTP server and the in-process test harness. */
export interface ApolloOptionsInput {
  schema: GraphQLSchema;
  log: Logger;
  production: boolean;
  /** Plugins of the transport (HTTP drain, metrics), run before the shared ones. */
  plugins?: ApolloServerPlugin<GraphQLContext>[];
}

/**
 * The Apollo Server options NewsGraph serves with: error formatting, the shape limits (validation
 * rules, token limit), the cost limit, the request log and, in production, no introspection and no
 * suggestions. The HTTP server and tests/support/graphql-harness.ts both build Apollo from this one
 * function, so what tests exercise is what users hit.
 */
export function apolloServerOptions(input: ApolloOptionsInput): ApolloServerOptionsWithSchema<GraphQLContext> {
  return {
    schema: input.schema,
    formatError: createFormatError(input.log),
    includeStacktraceInErrorResponses: false,
    introspection: !input.production,
    // Without introspection, error messages do not suggest names either ("Did you mean ...?").
    hideSchemaDetailsFromClientErrors: input.production,
    // Request shape limits: checked before execution, so an oversized query runs no Cypher.
    validationRules: [depthLimitRule(), aliasLimitRule(), directiveLimitRule()],
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    // The CLI owns SIGINT/SIGTERM: it stops HTTP, then the driver, then Neo4j, in that order.
    stopOnTerminationSignals: false,
    // No cache hints are used, so the cache-control plugin would only add work to every field.
    plugins: [
      ...(input.plugins ?? []),
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(input.log),
      // The shape limits' errors alone, then the cost limit once the variables are known (still before any Cypher).
      limitErrorsOnlyPlugin(),
      costLimitPlugin(),
      ...(input.production ? [hideSuggestionsPlugin()] : []),
    ],
  };
}

export interface HttpApp {
  apollo: ApolloServer<GraphQLContext>;
  server: http.Server;
  stop(): Promise<void>;
}

/** Express with Apollo Server at /graphql, the health endpoints, the explorer (/) and GraphiQL (/graphiql). */
export async function createHttpApp(options: HttpServerOptions): Promise<HttpApp> {
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const metrics = new Metrics(options.gateway);
  const apollo = new ApolloServer<GraphQLContext>(
    apolloServerOptions({
      schema: options.schema,
      log: options.log,
      production: options.production,
      plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), metrics.plugin()],
    }),
  );
  await apollo.start();

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const ready = await options.gateway.isReachable();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', neo4j: ready ? 'reachable' : 'unreachable' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(createWebRoutes());
  const canWrite = createWriteAccessCheck(options.apiKeys ?? []);
  const cors = corsMiddleware(options.corsOrigins ?? []);
  // CORS answers preflights first; then the request id and its log line, then the body.
  if (cors !== undefined) app.use('/graphql', cors);
  app.use('/graphql', requestLogMiddleware(options.log));
  app.use(
    '/graphql',
    express.json({ limit: QUERY_LIMITS.maxBodyBytes }),
    requestLogScope(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        withRequestLog(
          createContext(options.services, {
            canWrite: canWrite(req.headers.authorization),
            readOnly: options.readOnly ?? false,
            keyRequired: (options.apiKeys ?? []).length > 0,
            requestId: requestLogEntryOf(res).requestId,
          }),
          res,
        ),
    }),
  );
  // A body that cannot be read answers as GraphQL JSON with its 4xx, never as Express's HTML page.
  app.use('/graphql', graphqlHttpErrorHandler(options.log));

  return {
    apollo,
    server,
    stop: async () => {
      await apollo.stop();
      metrics.close();
    },
  };
}
