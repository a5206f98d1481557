import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../../src/config/paths';
import { useSeededServer } from '../support/graphql-harness';

/**
 * Every read-only example in the README (a ```graphql block followed by the ```json answer it
 * shows) runs against the seed graph and must return exactly that answer.
 */
interface Example {
  line: number;
  query: string;
  expected: { data: unknown };
}

function examples(): Example[] {
  const text = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
  const blocks = [...text.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)];
  const found: Example[] = [];
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    if (block[1] !== 'graphql' || next?.[1] !== 'json' || /^\s*mutation\b/.test(block[2])) return;
    const parsed = JSON.parse(next[2]) as { data?: unknown };
    if (parsed.data === undefined) return;
    found.push({ line: text.slice(0, block.index).split('\n').length, query: block[2], expected: { data: parsed.data } });
  });
  return found;
}

/** Floats as the README prints them may differ in the last digits. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

const { execute } = useSeededServer();

describe('README examples', () => {
  const all = examples();

  it('finds the examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  it.each(all.map((example) => [example.line, example] as const))(
    'README.md line %i returns what the README shows',
    async (_line, example) => {
      const result = await execute(example.query);
      expect(result.errors).toBeUndefined();
      expect(rounded(result.data)).toEqual(rounded(example.expected.data));
    },
  );
});
