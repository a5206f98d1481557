import { coreNlpPassword } from '../../src/nlp/corenlp-server';

describe('the password of a CoreNLP server', () => {
  it('never starts with "-" (CoreNLP would read it as a flag) and is long and fresh each time', () => {
    const drawn = Array.from({ length: 2000 }, () => coreNlpPassword());
    for (const password of drawn) {
      expect(password.startsWith('-')).toBe(false);
      expect(password.length).toBeGreaterThanOrEqual(24);
    }
    expect(new Set(drawn).size).toBe(drawn.length);
  });
});
