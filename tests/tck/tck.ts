import { GraphQLSchema } from 'graphql';
import neo4j from 'neo4j-driver';

import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { CompiledRead, StatementCompiler } from '../../src/planner/planner';
import { compileDocument } from '../support/planner-roots';

/**
 * Golden tests of the read planner in the style of @neo4j/graphql's tests/tck: one file per
 * feature, GraphQL in, the Cypher statement and its parameters out (jest snapshots next to each
 * file: `npx jest --selectProjects=unit --testPathPatterns tests/tck -u` accepts a reviewed change).
 * Every golden statement also runs through EXPLAIN on the real Neo4j (explain.int.test.ts).
 */
export interface TckCase {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** Parameters as the snapshot shows them: integers as numbers. */
export function plainParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, neo4j.isInt(value) ? value.toNumber() : value]));
}

/** The statements of a case (one per root field). */
export function compileCase(schema: GraphQLSchema, tckCase: TckCase): CompiledRead[] {
  return compileDocument(new StatementCompiler(), schema, tckCase.query, tckCase.variables ?? {});
}

/** Registers the golden test of every case of a feature. */
export function tck(cases: readonly TckCase[]): void {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildNewsGraphSchema();
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, tckCase) => {
    const statements = compileCase(schema, tckCase).map((read) => ({ cypher: read.cypher, params: plainParams(read.params) }));
    expect({ graphql: tckCase.query, variables: tckCase.variables ?? {}, statements }).toMatchSnapshot();
  });
}
