import { AsyncLocalStorage } from 'node:async_hooks';

import pino from 'pino';

import { LogFormat, LogLevel } from '../config/config';

/** What the rest of the code needs from a logger: a message and, optionally, fields. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger adding `bindings` to every line (createLogger's loggers have it). */
  child?(bindings: Record<string, unknown>): Logger;
  /** Never write this value (a password found at run time, such as the local Neo4j's generated one). */
  protect?(secret: string): void;
}

/** Where log lines go: one complete line (ending in a newline) per call. */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggerOptions {
  /** json: one JSON object per line; pretty: `time LEVEL message {fields}`. Default: json. */
  format?: LogFormat;
  /** Default: stderr, so that stdout stays for command output. */
  destination?: LogDestination;
  /** Values that must never appear in a line (passwords, API keys), replaced wherever they show up. */
  secrets?: readonly string[];
}

/**
 * Fields added to every line logged within `logScope.run(fields, fn)`: the request id of the request
 * being served, so that an error logged deep inside (format-error.ts) says which request it belongs to.
 */
export const logScope = new AsyncLocalStorage<Record<string, unknown>>();

const CENSOR = '[redacted]';

/**
 * Field paths that hold secrets or personal data wherever they are logged: pino replaces their values.
 * A config object, HTTP headers or GraphQL variables passed as fields by mistake lose the dangerous parts.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'neo4j.password',
  '*.neo4j.password',
  'apiKeys',
  '*.apiKeys',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'NEO4J_PASSWORD',
  '*.NEO4J_PASSWORD',
  'NEWSGRAPH_API_KEYS',
  '*.NEWSGRAPH_API_KEYS',
  'variables',
  '*.variables',
];

/** Secrets shorter than this are not searched for in text (they would censor ordinary words). */
const MIN_SECRET_LENGTH = 4;
/** A bearer credential anywhere in a line, header name or not (a `<key>` placeholder in help text is kept). */
const BEARER = /Bearer\s+(?!<)[^\s"'\\,;]+/gi;

/**
 * The last line of defence, applied to every finished line: known secret values (raw and as they look
 * inside a JSON string) and bearer credentials are replaced. Redaction by path handles fields; this
 * catches a secret inside a message text.
 */
export function createScrubber(secrets: Iterable<string>): { scrub(line: string): string; add(secret: string): void } {
  const needles = new Set<string>();
  const add = (secret: string): void => {
    if (secret.length < MIN_SECRET_LENGTH) return;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
  };
  for (const secret of secrets) add(secret);
  return {
    add,
    scrub: (line) => {
      let out = line.replace(BEARER, CENSOR);
      for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(CENSOR);
      return out;
    },
  };
}

/** Fields pino adds that the pretty format shows in its own way, or not at all. */
const PRETTY_SKIP = new Set(['time', 'level', 'msg', 'pid']);

/** Turns one JSON line into the one-line human format: `2026-01-01T00:00:00.000Z INFO  message {"fields":1}`. */
export function prettyLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const fields = Object.fromEntries(Object.entries(entry).filter(([key]) => !PRETTY_SKIP.has(key)));
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${String(entry.time)} ${String(entry.level).toUpperCase().padEnd(5)} ${String(entry.msg ?? '')}${extra}\n`;
}

/** Adapts pino's (fields, message) order to ours (message, fields). */
function wrap(logger: pino.Logger, protect: (secret: string) => void): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields === undefined) logger[level](message);
      else logger[level](fields, message);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(logger.child(bindings), protect),
    protect,
  };
}

/**
 * Structured logs (pino): JSON lines on stderr by default, or the one-line human format. Secrets are
 * kept out twice: by field path (REDACTED_PATHS) and by value (`secrets`, `protect()`, bearer tokens).
 * Lines logged within `logScope.run(...)` carry that scope's fields (the request id).
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const scrubber = createScrubber(options.secrets ?? []);
  const target: LogDestination = options.destination ?? { write: (line: string) => process.stderr.write(line) };
  const pretty = options.format === 'pretty';
  const destination: pino.DestinationStream = {
    write: (line: string) => {
      const clean = scrubber.scrub(line);
      target.write(pretty ? prettyLine(clean) : clean);
    },
  };
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      mixin: () => logScope.getStore() ?? {},
    },
    destination,
  );
  return wrap(logger, scrubber.add);
}
