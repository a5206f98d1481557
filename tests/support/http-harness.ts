import { AddressInfo } from 'node:net';

import { Neo4jGateway } from '../../src/db/gateway';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { createServices } from '../../src/server/app';
import { createHttpApp, HttpApp } from '../../src/server/http-server';
import { createLogger, Logger } from '../../src/server/logger';
import type { EngineSource } from '../../src/services/ingest/ingest.service';
import { connectTestGateway, resetAndSeed } from './test-db';

/** The real HTTP app (Express + Apollo + pages) over `gateway`, listening on 127.0.0.1 on a free port. */
export async function listenOnLoopback(
  gateway: Neo4jGateway,
  options: {
    apiKeys?: string[];
    /** Where the app logs (default: nowhere). */
    log?: Logger;
    readOnly?: boolean;
    corsOrigins?: string[];
    /** Serve as with NODE_ENV=production (introspection off, schema details hidden from errors). */
    production?: boolean;
    /** Where ingestArticle gets its NER engine (default: none, SERVICE_UNAVAILABLE). */
    engines?: EngineSource;
  } = {},
): Promise<{ app: HttpApp; base: string }> {
  const app = await createHttpApp({
    schema: await buildNewsGraphSchema(),
    services: createServices(gateway, { engines: options.engines }),
    gateway,
    log: options.log ?? createLogger('silent'),
    production: options.production ?? false,
    apiKeys: options.apiKeys ?? [],
    readOnly: options.readOnly,
    corsOrigins: options.corsOrigins,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/**
 * Registers beforeAll/afterAll hooks that load exactly the seed graph and serve it over HTTP on
 * loopback; the accessors are usable inside tests.
 */
export function useSeededHttp(): { gateway(): Neo4jGateway; base(): string } {
  let gateway: Neo4jGateway | undefined;
  let served: { app: HttpApp; base: string } | undefined;
  beforeAll(async () => {
    gateway = connectTestGateway();
    await resetAndSeed(gateway);
    served = await listenOnLoopback(gateway);
  });
  afterAll(async () => {
    await served?.app.stop();
    await gateway?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useSeededHttp: used before beforeAll ran');
    return value;
  };
  return { gateway: () => started(gateway), base: () => started(served).base };
}

/**
 * useSeededHttp plus a second server in production mode over the same database, as
 * `[mode, base URL accessor]` pairs for `describe.each`: development first, production second.
 */
export function useSeededHttpInBothModes(): {
  gateway(): Neo4jGateway;
  base(): string;
  modes: [string, () => string][];
} {
  const seeded = useSeededHttp();
  let production: { app: HttpApp; base: string } | undefined;
  beforeAll(async () => {
    production = await listenOnLoopback(seeded.gateway(), { production: true });
  });
  afterAll(async () => {
    await production?.app.stop();
  });
  const productionBase = (): string => {
    if (production === undefined) throw new Error('useSeededHttpInBothModes: used before beforeAll ran');
    return production.base;
  };
  return {
    gateway: seeded.gateway,
    base: seeded.base,
    modes: [
      ['development', seeded.base],
      ['production', productionBase],
    ],
  };
}
