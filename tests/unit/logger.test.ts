import { createLogger, createScrubber, Logger, logScope, prettyLine } from '../../src/server/logger';

/** Unit tests of the pino-backed logger: line formats, levels, and secrets kept out by path and by value. */

function captured(
  level: Parameters<typeof createLogger>[0] = 'debug',
  options: Omit<NonNullable<Parameters<typeof createLogger>[1]>, 'destination'> = {},
): { log: Logger; lines: string[]; json(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const log = createLogger(level, { ...options, destination: { write: (line: string) => lines.push(line) } });
  return { log, lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger, json format', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { log, lines, json } = captured('info');
    log.info('hello', { count: 2 });
    log.warn('careful');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.endsWith('\n')).toBe(true);
    const [first, second] = json();
    expect(first).toMatchObject({ level: 'info', msg: 'hello', count: 2, pid: process.pid });
    expect(new Date(String(first.time)).toISOString()).toBe(first.time);
    expect(second).toMatchObject({ level: 'warn', msg: 'careful' });
  });

  it('drops lines below its level, and silent writes nothing', () => {
    const info = captured('info');
    info.log.debug('not shown');
    info.log.info('shown');
    expect(info.json().map((entry) => entry.msg)).toEqual(['shown']);
    const silent = captured('silent');
    silent.log.error('x', { a: 1 });
    expect(silent.lines).toEqual([]);
  });

  it('adds the fields of the surrounding logScope, and a child its bindings', () => {
    const { log, json } = captured();
    logScope.run({ requestId: 'req-1' }, () => log.error('inside'));
    log.error('outside');
    log.child?.({ component: 'import' }).info('from child');
    const [inside, outside, child] = json();
    expect(inside.requestId).toBe('req-1');
    expect(outside.requestId).toBeUndefined();
    expect(child).toMatchObject({ component: 'import', msg: 'from child' });
  });
});

describe('createLogger, pretty format', () => {
  it('writes the one-line human format: time, LEVEL, message, fields as JSON', () => {
    const { log, lines } = captured('info', { format: 'pretty' });
    log.info('Applied migrations: 001', { n: 1 });
    log.warn('no fields');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}Applied migrations: 001 \{"n":1\}\n$/);
    expect(lines[1]).toMatch(/Z WARN {2}no fields\n$/);
  });

  it('leaves a line that is not JSON as it is', () => {
    expect(prettyLine('plain\n')).toBe('plain\n');
  });
});

describe('secrets never reach a line', () => {
  const PASSWORD = 'neo4j-Secret-"pw"';
  const KEY = 'key-0123456789abcdef';

  it('censors known field paths: a config object, headers, variables', () => {
    const { log, lines } = captured('debug');
    log.info('config', { config: { port: 4000, neo4j: { uri: 'bolt://h', password: 'by-path-1' }, apiKeys: ['by-path-2'] } });
    log.info('request', { headers: { authorization: 'Token by-path-3', 'content-type': 'application/json' } });
    log.info('operation', { variables: { email: 'person@example.org' } });
    log.info('env', { env: { NEO4J_PASSWORD: 'by-path-4', NEWSGRAPH_API_KEYS: 'by-path-5' } });
    const text = lines.join('');
    for (const secret of ['by-path-1', 'by-path-2', 'by-path-3', 'by-path-4', 'by-path-5', 'person@example.org']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('application/json');
    expect(text).toContain('bolt://h');
  });

  it('censors given secret values wherever they appear, raw or JSON-escaped, in both formats', () => {
    for (const format of ['json', 'pretty'] as const) {
      const { log, lines } = captured('debug', { format, secrets: [PASSWORD, KEY] });
      log.error(`driver said: wrong password ${PASSWORD}`, { detail: `key was ${KEY}` });
      const text = lines.join('');
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('Secret');
      expect(text).toContain('[redacted]');
    }
  });

  it('censors a value given later with protect(), such as the generated local password', () => {
    const { log, lines } = captured();
    log.protect?.('generated-local-pw');
    log.info('connecting with generated-local-pw');
    expect(lines.join('')).not.toContain('generated-local-pw');
  });

  it('censors bearer credentials in any text, but keeps help text showing <key>', () => {
    const { log, lines } = captured();
    log.warn('got header Authorization: Bearer abc.def-123', { raw: 'bearer xyz987' });
    log.info('send "Authorization: Bearer <key>"');
    expect(lines[0]).not.toMatch(/Bearer|abc\.def-123|xyz987/i);
    expect(lines[1]).toContain('Bearer <key>');
  });

  it('ignores secrets too short to search for without censoring ordinary words', () => {
    const { scrub } = createScrubber(['x', 'pw']);
    expect(scrub('max expwise')).toBe('max expwise');
  });
});
