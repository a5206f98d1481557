/**
 * What the read planner costs in Node before any Cypher runs, per root field, for three documents:
 *
 *   cold compile     a fresh StatementCompiler: analyse the selection, render the statement, cache it;
 *   warm compile     what a resolver pays for a document seen before: analyse the selection, build
 *                    the cache key, look it up (the statement text is not rendered again);
 *   cached lookup    the statement cache's get alone (target: under 0.05 ms = 50 µs).
 *
 * The documents are parsed once, as Apollo does; no database is needed. Rounds interleave the three
 * measures, so the machine's drift hits them alike; the ratios are of p50s of this run.
 *
 *   npm run bench:planner [-- --rounds N]
 */
import 'reflect-metadata';

import { GraphQLSchema, parse, validate } from 'graphql';

import { parseCommandLine, runScript } from '../src/cli/command-line';
import { EntityKind } from '../src/domain/entity-kind';
import { buildNewsGraphSchema } from '../src/graphql/schema';
import { rootFields } from '../src/planner/document';
import { RootArgs, StatementCompiler } from '../src/planner/planner';
import { markdownTable, percentile, ratio } from './lib/stats';

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  root: RootArgs;
}

const CASES: Case[] = [
  {
    name: 'entity by id, name only',
    query: '{ entity(id: "china") { id name } }',
    variables: {},
    root: { root: 'entity', id: 'china', kind: null },
  },
  {
    name: 'entity, 2 nested levels',
    query: '{ person(id: "joe-biden") { id name leaderOf { id name } events { id name topics { id name } } } }',
    variables: {},
    root: { root: 'entity', id: 'joe-biden', kind: EntityKind.PERSON },
  },
  {
    name: 'relationships connection with variables, @include',
    query: `query Q($id: ID!, $at: Date, $n: Int, $withDegree: Boolean!) {
      entity(id: $id) {
        name
        degree @include(if: $withDegree)
        relationships(first: $n, at: $at, types: [LEADER_OF, MEMBER_OF]) { totalCount edges { node { type to { name } } } }
      }
    }`,
    variables: { id: 'china', at: '2024-01-01', n: 5, withDegree: true },
    root: { root: 'entity', id: 'china', kind: null },
  },
  {
    name: '3 levels, fragments on kinds',
    query: `{ entity(id: "china") {
      id name
      ... on Country { isoCode leaders { id name ... on Person { events { id name participants { id name } } } } }
      relationships(first: 10) { totalCount edges { node { type evidence { quote source { title } } to { id name } } } }
    } }`,
    variables: {},
    root: { root: 'entity', id: 'china', kind: null },
  },
];

const µs = (value: number): string => (value * 1000).toFixed(2);

function measure(schema: GraphQLSchema, testCase: Case, rounds: number): { row: string[]; lookup: number } {
  const errors = validate(schema, parse(testCase.query));
  if (errors.length > 0) throw new Error(`${testCase.name}: ${errors.map((error) => error.message).join('; ')}`);
  const [field] = rootFields(schema, testCase.query, testCase.variables);
  if (field === undefined) throw new Error(`${testCase.name}: no root field`);
  const shared = new StatementCompiler();
  const { key } = shared.compileRoot(field.info, testCase.root);
  const cold: number[] = [];
  const warm: number[] = [];
  const lookup: number[] = [];
  // Warm-up: let the JIT see every path before timing.
  for (let i = 0; i < 200; i += 1) {
    new StatementCompiler().compileRoot(field.info, testCase.root);
    shared.compileRoot(field.info, testCase.root);
  }
  for (let i = 0; i < rounds; i += 1) {
    const fresh = new StatementCompiler();
    let started = performance.now();
    fresh.compileRoot(field.info, testCase.root);
    cold.push(performance.now() - started);
    started = performance.now();
    shared.compileRoot(field.info, testCase.root);
    warm.push(performance.now() - started);
    // One lookup is below the clock's resolution: time a block of them.
    const block = 100;
    started = performance.now();
    for (let j = 0; j < block; j += 1) if (shared.cache.get(key) === undefined) throw new Error('cache miss');
    lookup.push((performance.now() - started) / block);
  }
  const [c, w, l] = [cold, warm, lookup].map((values) => percentile(values, 50));
  return { row: [testCase.name, µs(c), µs(percentile(cold, 95)), µs(w), µs(percentile(warm, 95)), µs(l), ratio(c, w)], lookup: l };
}

async function main(): Promise<void> {
  const { flags } = parseCommandLine(process.argv.slice(2), {
    command: 'bench:planner',
    flags: { rounds: { type: 'integer', min: 100, max: 1_000_000, default: 5_000 } },
  });
  const rounds = flags.rounds;
  const schema = await buildNewsGraphSchema();
  const measured = CASES.map((testCase) => measure(schema, testCase, rounds));
  const rows = measured.map((m) => m.row);
  const slowest = Math.max(...measured.map((m) => m.lookup));
  console.log(`read planner, ${rounds} interleaved rounds per document, times in µs (p50 / p95)`);
  console.log(markdownTable(['document', 'cold p50', 'cold p95', 'warm p50', 'warm p95', 'lookup p50', 'cold / warm'], rows, 1));
  console.log(`cached lookup: at most ${µs(slowest)} µs p50, ${(0.05 / slowest).toFixed(0)}x under the 0.05 ms target`);
}

runScript('bench:planner', main);
