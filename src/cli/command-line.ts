import { parseArgs } from 'node:util';

/**
 * The one parser of every `newsgraph` command and bench script: `node:util` parseArgs in strict
 * mode, plus the checks parseArgs does not make (whole numbers in a range, one of a few words, how
 * many positional arguments). Any mistake becomes a UsageError: one line naming the flag, exit
 * code 2, and nothing done, because commands parse their arguments before they touch anything.
 */

/** A mistake in the command line; the CLI prints its message and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The exit code of a usage error (the usual one, as in getopt-based tools and bash builtins). */
export const USAGE_EXIT_CODE = 2;

export type FlagSpec =
  { type: 'boolean' } | { type: 'string'; choices?: readonly string[] } | { type: 'integer'; min: number; max: number; default?: number };

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The parsed value of one flag: booleans are false when absent, the others undefined (or their default). */
type FlagValue<S extends FlagSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'integer'; default: number }
    ? number
    : S extends { type: 'integer' }
      ? number | undefined
      : string | undefined;

export type FlagValues<F extends FlagSpecs> = { -readonly [K in keyof F]: FlagValue<F[K]> };

export interface CommandLineSpec<F extends FlagSpecs> {
  /** How the command is named in messages: `import`, `db dump`, `bench:import`. */
  command: string;
  flags: F;
  /** Names of the positional arguments, in order (`['FILE']`); absent: none allowed. */
  positionals?: readonly string[];
  /** How many positionals are required (default: all of them). */
  minPositionals?: number;
  /** The last positional may repeat (`DATASET...`). */
  variadic?: boolean;
}

export interface CommandLine<F extends FlagSpecs> {
  flags: FlagValues<F>;
  positionals: string[];
}

/** Strict parse of `args` against `spec`; throws UsageError naming the first offending flag. */
export function parseCommandLine<F extends FlagSpecs>(args: readonly string[], spec: CommandLineSpec<F>): CommandLine<F> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [name, flag] of Object.entries(spec.flags)) options[name] = { type: flag.type === 'boolean' ? 'boolean' : 'string' };
  const names = spec.positionals ?? [];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: names.length > 0 });
  } catch (error) {
    throw new UsageError(describeParseError(args, spec, error));
  }
  // Repeated flags: parseArgs keeps the last one silently; a second value is a mistake too.
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '--') break;
    const match = /^--([^=]+)/.exec(arg);
    if (match === null || !(match[1] in spec.flags)) continue;
    if (seen.has(match[1])) throw new UsageError(`${spec.command}: --${match[1]} is given twice.`);
    seen.add(match[1]);
  }

  const flags: Record<string, string | number | boolean | undefined> = {};
  for (const [name, flag] of Object.entries(spec.flags)) {
    const raw = parsed.values[name];
    if (flag.type === 'boolean') {
      flags[name] = raw === true;
    } else if (typeof raw !== 'string') {
      flags[name] = flag.type === 'integer' ? flag.default : undefined;
    } else if (flag.type === 'integer') {
      flags[name] = integerValue(spec.command, name, raw, flag.min, flag.max);
    } else {
      if (flag.choices !== undefined && !flag.choices.includes(raw))
        throw new UsageError(`${spec.command}: --${name} must be ${orList(flag.choices)}, not "${raw}".`);
      flags[name] = raw;
    }
  }

  const positionals = parsed.positionals;
  const required = spec.minPositionals ?? names.length;
  if (positionals.length < required) throw new UsageError(`${spec.command} needs ${names[positionals.length]}.`);
  if (positionals.length > names.length && spec.variadic !== true)
    throw new UsageError(`${spec.command}: unexpected argument "${positionals[names.length]}".`);
  return { flags: flags as FlagValues<F>, positionals };
}

/**
 * For scripts (the benches): runs `main`, and turns a UsageError into its one line and exit code 2,
 * any other failure into exit code 1.
 */
export function runScript(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(USAGE_EXIT_CODE);
      }
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** "json, graphml or cypher". */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function integerValue(command: string, name: string, text: string, min: number, max: number): number {
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`${command}: --${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return value;
}

/** parseArgs' own messages are long and multi-line; this names the flag in one line instead. */
function describeParseError(args: readonly string[], spec: CommandLineSpec<FlagSpecs>, error: unknown): string {
  const { command, flags } = spec;
  const code = (error as { code?: string }).code;
  // A lenient pass over the same arguments finds the token parseArgs stopped at.
  const { tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(
      Object.entries(flags).map(([name, flag]) => [name, { type: flag.type === 'boolean' ? 'boolean' : 'string' }]),
    ) as Record<string, { type: 'string' | 'boolean' }>,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = flags[token.name];
    if (flag === undefined) {
      const known = Object.keys(flags).map((name) => `--${name}`);
      return `${command}: unknown flag ${token.rawName} (${known.length === 0 ? 'it takes no flags' : `it takes ${known.join(', ')}`}).`;
    }
    if (flag.type === 'boolean' && token.value !== undefined) return `${command}: ${token.rawName} takes no value.`;
    if (flag.type === 'integer' && token.value !== undefined && /^-\d+$/.test(token.value)) {
      const value = Number(token.value);
      return value >= flag.min && value <= flag.max
        ? `${command}: write --${token.name}=${token.value} for a negative number.`
        : `${command}: --${token.name} must be a whole number from ${flag.min} to ${flag.max}, not "${token.value}".`;
    }
    if (flag.type !== 'boolean' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))))
      return `${command}: ${token.rawName} needs a value${flag.type === 'integer' ? ' (a whole number)' : ''}.`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const extra = tokens.find((token) => token.kind === 'positional');
    return `${command}: unexpected argument "${extra?.kind === 'positional' ? extra.value : ''}".`;
  }
  return `${command}: ${(error as Error).message.split('\n')[0]}`;
}
