import fs from 'node:fs';
import path from 'node:path';

import { GraphQLSchema } from 'graphql';
import neo4j, { Driver } from 'neo4j-driver';

import { Neo4jGateway } from '../../src/db/gateway';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { generateGraph, writeGenerated } from '../../src/services/generator.service';
import { ImportService } from '../../src/services/import.service';
import { connectTestGateway, resetDatabase } from '../support/test-db';
import { compileCase, TckCase } from './tck';

/**
 * Every golden statement of tests/tck, run with EXPLAIN on the real Neo4j holding the
 * 10,000-entity generated graph (indexes online): no Eager operator, no CartesianProduct other
 * than one between two unique-index seeks (the two ends of relationshipsBetween), and no label
 * or full scan in a statement that starts from an id (an index seek on `id` is possible there).
 */

interface PlanNode {
  operatorType: string;
  children: PlanNode[];
}

const FEATURES = path.join(__dirname, 'features');
const features: [string, TckCase[]][] = fs
  .readdirSync(FEATURES)
  .filter((file) => file.endsWith('.ts'))
  .sort()
  .map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(FEATURES, file)) as { cases: TckCase[] };
    return [file.replace(/\.ts$/, ''), loaded.cases];
  });

const operators = (node: PlanNode): string[] => [node.operatorType, ...node.children.flatMap(operators)];
const name = (node: PlanNode): string => node.operatorType.replace(/@.*$/, '');

/** What is wrong with a plan; empty when nothing is. */
function planProblems(plan: PlanNode, startsFromId: boolean): string[] {
  const problems: string[] = [];
  const visit = (node: PlanNode): void => {
    const op = name(node);
    // Eager (the operator that materialises everything for read/write isolation), not EagerAggregation (a count's aggregation).
    if (op === 'Eager') problems.push('Eager operator');
    if (op === 'CartesianProduct') {
      const seeks = node.children.every((child) => operators(child).every((o) => /UniqueIndexSeek|Argument/.test(o)));
      if (!seeks) problems.push('CartesianProduct of something other than two unique-index seeks');
    }
    if (
      startsFromId &&
      /^(NodeByLabelScan|AllNodesScan|NodeIndexScan|(Directed|Undirected)?RelationshipTypeScan|(Directed|Undirected)AllRelationshipsScan)$/.test(
        op,
      )
    )
      problems.push(`${op} where an index seek on id is possible`);
    node.children.forEach(visit);
  };
  visit(plan);
  return problems;
}

let gateway: Neo4jGateway;
let driver: Driver;
let schema: GraphQLSchema;

beforeAll(async () => {
  gateway = connectTestGateway();
  await resetDatabase(gateway);
  await writeGenerated(new ImportService(gateway), generateGraph(10_000, 7));
  await gateway.read('CALL db.awaitIndexes(300)');
  driver = neo4j.driver(
    process.env.NEWSGRAPH_TEST_NEO4J_URI ?? '',
    neo4j.auth.basic(process.env.NEWSGRAPH_TEST_NEO4J_USER ?? 'neo4j', process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? ''),
  );
  schema = await buildNewsGraphSchema();
}, 300_000);

afterAll(async () => {
  await driver?.close();
  await gateway?.close();
});

describe.each(features)('EXPLAIN of the %s goldens on 10,000 entities', (_feature, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, tckCase) => {
      for (const read of compileCase(schema, tckCase)) {
        const session = driver.session({ defaultAccessMode: neo4j.session.READ });
        try {
          const result = await session.run(`EXPLAIN ${read.cypher}`, read.params);
          const plan = result.summary.plan;
          if (plan === false) throw new Error('No plan');
          // Pages scan by label in id order; search starts from the fulltext index (and the countries' search names, as entity.repository's search);
          // mostConnected walks the degree index; a timeline without participants or topics reads every event.
          const root = read.plan;
          const startsFromId =
            root.root === 'timeline'
              ? root.entityIds !== null || root.topicIds !== null
              : !['entities', 'sources', 'search', 'mostConnected'].includes(root.root);
          expect({ statement: read.operation, problems: planProblems(plan, startsFromId) }).toEqual({
            statement: read.operation,
            problems: [],
          });
        } finally {
          await session.close();
        }
      }
    },
    120_000,
  );
});

describe('the plan checks', () => {
  it('are able to fail: a cartesian product of scans and a label scan are reported', async () => {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run('EXPLAIN MATCH (a:Entity), (b:Source) RETURN a.id, b.id LIMIT 5');
      const plan = result.summary.plan;
      if (plan === false) throw new Error('No plan');
      expect(planProblems(plan, true)).toEqual(
        expect.arrayContaining([
          'CartesianProduct of something other than two unique-index seeks',
          expect.stringMatching(/Scan where an index seek on id is possible/),
        ]),
      );
    } finally {
      await session.close();
    }
  });
});
