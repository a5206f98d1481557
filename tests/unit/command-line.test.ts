import { CommandLineSpec, FlagSpecs, parseCommandLine, UsageError } from '../../src/cli/command-line';

/** The one parser of the CLI and the benches: strict, and every mistake is one line naming the flag. */

const IMPORT = {
  command: 'import',
  flags: {
    'on-error': { type: 'string', choices: ['stop', 'skip'] },
    'batch-size': { type: 'integer', min: 1, max: 50_000, default: 10_000 },
    depth: { type: 'integer', min: 1, max: 3 },
    initial: { type: 'boolean' },
    out: { type: 'string' },
  },
  positionals: ['FILE'],
} as const satisfies CommandLineSpec<FlagSpecs>;

function mistake<F extends FlagSpecs>(args: string[], spec: CommandLineSpec<F> = IMPORT as unknown as CommandLineSpec<F>): string {
  try {
    parseCommandLine(args, spec);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as UsageError).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`parsed ${JSON.stringify(args)} without complaint`);
}

describe('parseCommandLine accepts', () => {
  it('flags in both spellings, with defaults for what is absent', () => {
    const line = parseCommandLine(['graph.jsonl', '--on-error', 'skip', '--depth=2', '--initial'], IMPORT);
    expect(line.positionals).toEqual(['graph.jsonl']);
    expect(line.flags).toEqual({ 'on-error': 'skip', 'batch-size': 10_000, depth: 2, initial: true, out: undefined });
  });

  it('booleans as false and integers without a default as undefined when absent', () => {
    const line = parseCommandLine(['f'], IMPORT);
    expect(line.flags.initial).toBe(false);
    expect(line.flags.depth).toBeUndefined();
    expect(line.flags['batch-size']).toBe(10_000);
  });

  it('a value starting with a dash when written with =', () => {
    expect(parseCommandLine(['f', '--out=-weird-name'], IMPORT).flags.out).toBe('-weird-name');
  });

  it('a positional after -- even when it looks like a flag', () => {
    expect(parseCommandLine(['--', '--file-named-like-a-flag'], IMPORT).positionals).toEqual(['--file-named-like-a-flag']);
  });
});

describe('parseCommandLine refuses, naming the flag', () => {
  it('an unknown flag, listing the ones it takes', () => {
    const message = mistake(['--bogus', 'x']);
    expect(message).toMatch(/^import: unknown flag --bogus /);
    expect(message).toContain('--on-error, --batch-size, --depth, --initial, --out');
  });

  it('an unknown short flag', () => {
    expect(mistake(['f', '-x'])).toMatch(/unknown flag -x/);
  });

  it('a flag without its value, also when the next word is another flag', () => {
    expect(mistake(['f', '--out'])).toBe('import: --out needs a value.');
    expect(mistake(['f', '--depth', '--initial'])).toBe('import: --depth needs a value (a whole number).');
  });

  it('a value given to a boolean flag', () => {
    expect(mistake(['f', '--initial=yes'])).toBe('import: --initial takes no value.');
  });

  it.each([
    ['abc', 'abc'],
    ['1.5', '1.5'],
    ['0', '0'],
    ['50001', '50001'],
    ['1e3', '1e3'],
    ['', ''],
  ])('a bad number (%s)', (value, shown) => {
    expect(mistake(['f', `--batch-size=${value}`])).toBe(`import: --batch-size must be a whole number from 1 to 50000, not "${shown}".`);
  });

  it('a negative number out of range, given as the next word', () => {
    expect(mistake(['f', '--depth', '-1'])).toBe('import: --depth must be a whole number from 1 to 3, not "-1".');
  });

  it('a word outside the choices', () => {
    expect(mistake(['f', '--on-error', 'ignore'])).toBe('import: --on-error must be stop or skip, not "ignore".');
  });

  it('a flag given twice', () => {
    expect(mistake(['f', '--depth', '1', '--depth=2'])).toBe('import: --depth is given twice.');
  });

  it('a missing or an extra positional', () => {
    expect(mistake([])).toBe('import needs FILE.');
    expect(mistake(['a', 'b'])).toBe('import: unexpected argument "b".');
  });

  it('any positional where none is taken', () => {
    const spec = { command: 'seed', flags: {} } as const satisfies CommandLineSpec<FlagSpecs>;
    expect(mistake(['now'], spec)).toBe('seed: unexpected argument "now".');
    expect(mistake(['--fast'], spec)).toBe('seed: unknown flag --fast (it takes no flags).');
  });
});
