import { docExamples } from '../support/doc-examples';
import { useSeededServer } from '../support/graphql-harness';

/** Floats as the documentation prints them may differ in the last digits. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

const { execute } = useSeededServer();

/**
 * Every read-only example of the user documentation (README.md and docs/*.md: a ```graphql block
 * followed by the ```json answer it shows) runs against the seed graph and must return exactly that
 * answer.
 */
describe('documentation examples', () => {
  const all = docExamples();

  it('finds the examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  it.each(all.map((example) => [example.where, example] as const))('%s returns what the documentation shows', async (_line, example) => {
    const result = await execute(example.query);
    expect(result.errors).toBeUndefined();
    expect(rounded(result.data)).toEqual(rounded(example.expected.data));
  });
});
