import { assertSafeToServe, Config } from '../../config/config';
import { startApp } from '../../server/app';
import { defineCommand } from '../command';
import { progressPrinter } from '../progress';

/** How this instance treats writes and browsers, said once at start-up (never the keys themselves). */
export function accessSummary(config: Config): string {
  const writes = config.readOnly
    ? 'read-only (NEWSGRAPH_READ_ONLY=true): mutations are refused'
    : config.apiKeys.length > 0
      ? `mutations need one of ${config.apiKeys.length} API key${config.apiKeys.length > 1 ? 's' : ''}`
      : 'mutations are open to anyone (no NEWSGRAPH_API_KEYS)';
  const cors = config.corsOrigins.length === 0 ? 'same-origin only' : config.corsOrigins.join(', ');
  return `Access: reads open; ${writes}; browsers: ${cors}.`;
}

/** `newsgraph serve`: the API, and a local Neo4j when NEO4J_URI is unset. */
export const serveCommand = defineCommand({
  name: 'serve',
  usage: '  serve                 start the API (and a local Neo4j when NEO4J_URI is unset); npm start runs this',
  flags: {},
  run: async (_line, context) => {
    const config = context.config();
    const log = context.log();
    // Before anything starts: production with writes open to anyone is refused.
    assertSafeToServe(config);
    const started = Date.now();
    // Until start-up is done, an interrupt just exits: the watchdog stops a Neo4j we started, and
    // the next start clears its claim on the data folder.
    const interrupted = (signal: NodeJS.Signals): void => {
      process.stderr.write(`newsgraph: ${signal} during start-up: stopped; a local Neo4j being started is stopped by its watchdog.\n`);
      process.exit(130);
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    const app = await startApp(config, log, progressPrinter(config.logFormat === 'json' ? log : undefined));
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    log.info(accessSummary(config));
    log.info(`NewsGraph is serving GraphQL at ${app.url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`);
    let stoppingSince = 0;
    const stop = (signal: string): void => {
      // npm and the terminal may both deliver one Ctrl-C; only a later, separate one forces.
      if (stoppingSince > 0) {
        if (Date.now() - stoppingSince < 3000) return;
        log.warn(`${signal} again: exiting now; the Neo4j watchdog stops the database.`);
        process.exit(130);
      }
      stoppingSince = Date.now();
      log.info(`${signal}: stopping (finishing requests, closing Neo4j)...`);
      app.close().then(
        () => {
          log.info('Stopped.');
          process.exit(0);
        },
        (error: unknown) => {
          log.error(`Stopping failed: ${String(error)}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  },
});
