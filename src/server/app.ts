import net from 'node:net';

import { Config } from '../config/config';
import { isAuthError, Neo4jGateway } from '../db/gateway';
import { applyMigrations } from '../db/migrations';
import { GraphQLContext, Services } from '../graphql/context';
import { buildNewsGraphSchema } from '../graphql/schema';
import { configuredNeo4jOptions, LocalNeo4j, startLocalNeo4j } from '../local-neo4j/local-neo4j';
import { EntityRepository } from '../repositories/entity.repository';
import { PlannedReadRepository } from '../repositories/planned-read.repository';
import { ReadPlanner } from '../planner/planner';
import { RelatedRepository } from '../repositories/related.repository';
import { RelationshipRepository } from '../repositories/relationship.repository';
import { SourceRepository } from '../repositories/source.repository';
import { StatsRepository } from '../repositories/stats.repository';
import { MostConnectedRepository } from '../repositories/most-connected.repository';
import { TimelineRepository } from '../repositories/timeline.repository';
import { TraversalRepository } from '../repositories/traversal.repository';
import { TraversalService } from '../services/traversal.service';
import { EntityService } from '../services/entity.service';
import { EntityWriteService } from '../services/entity-write.service';
import { ImportService } from '../services/import.service';
import { EngineSource, IngestService } from '../services/ingest/ingest.service';
import { NlpError } from '../nlp/nlp-error';
import { NlpService } from '../nlp/nlp-service';
import { loadSeed } from '../services/seed.service';
import { createHttpApp, HttpApp } from './http-server';
import { Logger } from './logger';
import { StartupError } from './startup-error';

export interface Database {
  gateway: Neo4jGateway;
  /** The local server when one was provisioned (NEO4J_URI unset). */
  local?: LocalNeo4j;
  close(): Promise<void>;
}

export interface RunningApp {
  url: string;
  database: Database;
  http: HttpApp;
  close(): Promise<void>;
}

/** Where ingest gets its engine when none is configured: nowhere (ingest answers SERVICE_UNAVAILABLE). */
export const NO_ENGINE: EngineSource = {
  engineNow: () => {
    throw new NlpError('No NLP engine is configured for this service.');
  },
  engine: () => Promise.reject(new NlpError('No NLP engine is configured for this service.')),
};

/**
 * Builds the service layer over one gateway: `readPlanner: false` (NEWSGRAPH_READ_PLANNER=off)
 * leaves reads to the DataLoaders; `engines` gives ingest its NER engine.
 */
export function createServices(gateway: Neo4jGateway, options: { readPlanner?: boolean; engines?: EngineSource } = {}): Services {
  return {
    planner: options.readPlanner === false ? undefined : new ReadPlanner(new PlannedReadRepository(gateway)),
    ingest: new IngestService(gateway, options.engines ?? NO_ENGINE),
    entities: new EntityService(
      new EntityRepository(gateway),
      new RelationshipRepository(gateway),
      new RelatedRepository(gateway),
      new SourceRepository(gateway),
      new StatsRepository(gateway),
    ),
    writes: new EntityWriteService(gateway, new ImportService(gateway)),
    traversals: new TraversalService(
      new EntityRepository(gateway),
      new TraversalRepository(gateway),
      new TimelineRepository(gateway),
      new MostConnectedRepository(gateway),
    ),
  };
}

/**
 * Connects to NEO4J_URI, or provisions the local Neo4j when it is unset; then applies the
 * migrations (unless `migrate` is false: the offline importer creates the final schema itself).
 * Anything started is stopped again when a later step fails.
 */
export async function openDatabase(
  config: Config,
  log: Logger,
  progress: (line: string, transient?: boolean) => void,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<Database> {
  let local: LocalNeo4j | undefined;
  let uri: string;
  let user = config.neo4j.user;
  let password = config.neo4j.password ?? '';
  if (config.neo4j.uri) {
    uri = config.neo4j.uri;
  } else {
    local = await startLocalNeo4j(configuredNeo4jOptions(config, config.dataDir, 'serve', progress));
    ({ uri, user, password } = local);
    // The generated password is known only now: from here on the logs censor it too.
    log.protect?.(password);
  }
  const gateway = Neo4jGateway.connect(uri, user, password, config.neo4j);
  const close = async (): Promise<void> => {
    await gateway.close();
    await local?.stop();
  };
  try {
    await gateway.waitUntilReachable(config.neo4j.connectTimeoutMs, (attempt, error) => {
      if (attempt === 1) log.info(`Waiting for Neo4j at ${uri}...`);
      log.debug(`Neo4j did not answer (attempt ${attempt}: ${(error as { code?: string }).code ?? 'error'}); retrying.`);
    });
    if (migrate) {
      const report = await applyMigrations(gateway);
      if (report.applied.length > 0) log.info(`Applied migrations: ${report.applied.join(', ')}`);
    }
    return { gateway, local, close };
  } catch (error) {
    await close();
    if (error instanceof StartupError) throw error;
    if (isAuthError(error)) {
      throw new StartupError(`Neo4j at ${uri} refused user "${user}" with the password given: check NEO4J_USER and NEO4J_PASSWORD.`);
    }
    const code = (error as { code?: string }).code;
    if (code === 'ServiceUnavailable' || code === 'SERVICE_UNAVAILABLE') {
      throw new StartupError(
        `Neo4j at ${uri} is unreachable (tried for ${config.neo4j.connectTimeoutMs / 1000} s): check NEO4J_URI and that the server runs, or unset NEO4J_URI to use a local one.`,
      );
    }
    throw error;
  }
}

/** Loads the seed graph into an empty database. */
export async function seedIfEmpty(gateway: Neo4jGateway, log: Logger): Promise<void> {
  const importer = new ImportService(gateway);
  if (!(await importer.isEmpty())) return;
  const report = await loadSeed(importer);
  log.info(`Loaded the seed graph (${report.created} records).`);
}

function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${port} on ${host} is already in use (another NewsGraph?): stop what uses it, or set PORT to another port.`,
            )
          : new StartupError(`Cannot listen on ${host}:${port} (${error.code ?? error.message}): check HOST and PORT.`),
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Starts everything `npm start` runs, and returns how to stop it all again. */
export async function startApp(config: Config, log: Logger, progress: (line: string, transient?: boolean) => void): Promise<RunningApp> {
  // Fail on a taken port before starting Neo4j, so nothing is left half-started.
  if (config.port !== 0) await assertPortFree(config.host, config.port);
  const database = await openDatabase(config, log, progress);
  // The NLP engine costs nothing until the first ingest: it is fetched and started then, and stopped with the service.
  const nlp = new NlpService({
    url: config.nlpUrl,
    cacheDir: config.neo4jCacheDir,
    mavenRepoUrl: config.mavenRepoUrl,
    progress: (line, transient) => {
      if (!transient) log.info(`NLP engine: ${line}`);
    },
  });
  try {
    await seedIfEmpty(database.gateway, log);
    const http = await createHttpApp({
      schema: await buildNewsGraphSchema(),
      services: createServices(database.gateway, { readPlanner: config.readPlanner, engines: nlp }),
      gateway: database.gateway,
      log,
      production: config.nodeEnv === 'production',
      apiKeys: config.apiKeys,
      readOnly: config.readOnly,
      corsOrigins: config.corsOrigins,
    });
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', reject);
      http.server.listen(config.port, config.host, () => resolve());
    }).catch((error: NodeJS.ErrnoException) => {
      throw new StartupError(`Cannot listen on ${config.host}:${config.port} (${error.code ?? error.message}): set PORT to a free port.`);
    });
    const address = http.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`;
    return {
      url,
      database,
      http,
      close: async () => {
        await http.stop();
        log.debug('HTTP server stopped.');
        await nlp.stop();
        await database.close();
        log.debug('Database closed.');
      },
    };
  } catch (error) {
    await nlp.stop();
    await database.close();
    throw error;
  }
}

export type { GraphQLContext };
