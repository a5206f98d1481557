import { Config, loadConfig } from '../config/config';
import { createLogger, Logger } from '../server/logger';
import { CommandLine, CommandLineSpec, FlagSpecs, parseCommandLine } from './command-line';

/** What a command may use once its arguments are known to be right; created on first use. */
export interface CliContext {
  /** The configuration from the environment (a ConfigError fails the command with exit 1). */
  config(): Config;
  log(): Logger;
}

/** One `newsgraph` command (or `db` action) as the dispatcher sees it. */
export interface CliCommand {
  /** `import`, or `db dump` for an action of `db`. */
  name: string;
  /** Its lines in `newsgraph help`. */
  usage: string;
  /** Parses `args` (a UsageError, exit 2, before anything is done), then runs. */
  execute(args: readonly string[], context: CliContext): Promise<void>;
}

export interface CommandDefinition<F extends FlagSpecs> extends Omit<CommandLineSpec<F>, 'command'> {
  name: string;
  usage: string;
  run(line: CommandLine<F>, context: CliContext): Promise<void>;
}

/** A command whose arguments are parsed by the one strict parser before `run` sees them. */
export function defineCommand<F extends FlagSpecs>(definition: CommandDefinition<F>): CliCommand {
  return {
    name: definition.name,
    usage: definition.usage,
    execute: (args, context) => definition.run(parseCommandLine(args, { ...definition, command: definition.name }), context),
  };
}

/**
 * The lazily created configuration and logger. `onSecrets` learns the secrets to censor from the
 * last line of a failure as soon as the configuration is known.
 */
export function lazyContext(onSecrets: (secrets: string[]) => void): CliContext {
  let config: Config | undefined;
  let log: Logger | undefined;
  const secretsOf = (c: Config): string[] => [...(c.neo4j.password === undefined ? [] : [c.neo4j.password]), ...c.apiKeys];
  const context: CliContext = {
    config: () => {
      if (config === undefined) {
        config = loadConfig();
        onSecrets(secretsOf(config));
      }
      return config;
    },
    log: () => {
      if (log === undefined) {
        const c = context.config();
        log = createLogger(c.logLevel, { format: c.logFormat, secrets: secretsOf(c) });
      }
      return log;
    },
  };
  return context;
}
