import { GraphQLSchema } from 'graphql';

import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { rootFields } from '../../src/planner/document';
import { StatementCompiler } from '../../src/planner/planner';
import { StatementCache } from '../../src/planner/statement-cache';
import { compileDocument } from '../support/planner-roots';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildNewsGraphSchema();
});

const QUERY = `query Q($id: ID!, $at: Date, $n: Int, $withDegree: Boolean!) {
  entity(id: $id) {
    name
    degree @include(if: $withDegree)
    relationships(first: $n, at: $at, types: [LEADER_OF, MEMBER_OF]) { totalCount edges { node { type to { name } } } }
  }
}`;

describe('statement text', () => {
  it('is shared by documents that differ only in values: one cache entry, values as parameters', () => {
    const compiler = new StatementCompiler();
    const [a] = compileDocument(compiler, schema, QUERY, { id: 'china', at: '2024-01-01', n: 5, withDegree: true });
    const [b] = compileDocument(compiler, schema, QUERY, { id: 'north-korea', at: '2020-06-30', n: 10, withDegree: true });
    const [c] = compileDocument(
      compiler,
      schema,
      `{ entity(id: "russia") { name degree relationships(at: "1999-01-01", first: 3, types: [MEMBER_OF, LEADER_OF]) { totalCount edges { node { type to { name } } } } } }`,
    );
    expect(b.cypher).toBe(a.cypher);
    expect(c.cypher).toBe(a.cypher);
    expect(compiler.cache.size).toBe(1);
    expect(a.cypher).not.toMatch(/china|north-korea|2024-01-01/);
    expect(a.params).not.toEqual(b.params);
    expect(Object.values(b.params)).toEqual(expect.arrayContaining(['north-korea', '2020-06-30']));
  });

  it('changes with the resolved @skip/@include and with the enum arguments Cypher cannot take as parameters', () => {
    const compiler = new StatementCompiler();
    const [withDegree] = compileDocument(compiler, schema, QUERY, { id: 'china', withDegree: true, at: '2024-01-01' });
    const [without] = compileDocument(compiler, schema, QUERY, { id: 'china', withDegree: false, at: '2024-01-01' });
    const [otherTypes] = compileDocument(compiler, schema, QUERY.replace('types: [LEADER_OF, MEMBER_OF]', 'types: [BORDERS]'), {
      id: 'china',
      withDegree: true,
      at: '2024-01-01',
    });
    expect(new Set([withDegree.cypher, without.cypher, otherTypes.cypher]).size).toBe(3);
    expect(withDegree.cypher).toContain('COUNT { (n0)-[');
    expect(without.cypher).not.toContain('COUNT { (n0)-[');
    expect(otherTypes.cypher).toContain(':BORDERS]');
    expect(compiler.cache.size).toBe(3);
  });

  it('does not depend on aliases: they never reach Cypher', () => {
    const compiler = new StatementCompiler();
    const [a] = compileDocument(compiler, schema, '{ entity(id: "x") { first: relationships(first: 1) { totalCount } } }');
    const [b] = compileDocument(compiler, schema, '{ entity(id: "x") { other: relationships(first: 1) { totalCount } } }');
    expect(a.cypher).toBe(b.cypher);
    expect(a.cypher).not.toMatch(/first:|other:/);
  });
});

describe('statement text of the traversals', () => {
  const NEIGHBORHOOD = `query N($id: ID!, $at: Date, $limit: Int, $depth: Int) {
    neighborhood(id: $id, at: $at, limit: $limit, depth: $depth, kinds: [PERSON]) { nodes { entity { name relationships(first: 2) { totalCount } } } }
  }`;

  it('takes the search values as named parameters and keeps one text for one shape', () => {
    const compiler = new StatementCompiler();
    const [a] = compileDocument(compiler, schema, NEIGHBORHOOD, { id: 'china', at: '2024-01-01', limit: 5, depth: 2 });
    const [b] = compileDocument(compiler, schema, NEIGHBORHOOD, { id: 'north-korea', at: null, limit: 50, depth: 2 });
    expect(b.cypher).toBe(a.cypher);
    expect(compiler.cache.size).toBe(1);
    expect(a.cypher).not.toMatch(/china|2024-01-01|PERSON/);
    expect(a.params).toMatchObject({ id: 'china', at: '2024-01-01', kinds: ['PERSON'] });
    expect(b.params).toMatchObject({ id: 'north-korea', at: null });
  });

  it("changes with the hop bounds, the types and paths' first, which Cypher takes as text", () => {
    const compiler = new StatementCompiler();
    const [depth1] = compileDocument(compiler, schema, NEIGHBORHOOD, { id: 'china', depth: 1 });
    const [depth3] = compileDocument(compiler, schema, NEIGHBORHOOD, { id: 'china', depth: 3 });
    const paths = (args: string): string =>
      compileDocument(compiler, schema, `{ paths(from: "a", to: "b", ${args}) { nodes { name } } }`)[0].cypher;
    expect(depth1.cypher).not.toBe(depth3.cypher);
    expect(depth3.cypher).toContain('found3');
    expect(depth1.cypher).not.toContain('found2');
    expect(paths('maxDepth: 2, first: 3')).toContain('SHORTEST 6');
    expect(paths('maxDepth: 2, first: 3')).toContain('{1,2}');
    expect(paths('maxDepth: 2, first: 3, types: [BORDERS]')).toContain(':BORDERS]');
    expect(new Set([paths('maxDepth: 2, first: 3'), paths('maxDepth: 4, first: 3'), paths('maxDepth: 2, first: 5')]).size).toBe(3);
  });
});

describe('the order siblings are fetched in', () => {
  // Neo4j counts a value already in the row once per row a later ORDER BY ... LIMIT buffers: a
  // thousand events fetched before a page of 50 are counted 51 times (see fetchOrder in render.ts).
  it('puts a list of up to 1000 entities with nested lists after the pages beside it, whatever the document order', () => {
    const compiler = new StatementCompiler();
    const [read] = compileDocument(
      compiler,
      schema,
      `{ country(id: "china") { events { mentionedIn { title } relationships { totalCount } } relationships { edges { cursor } } mentionedIn { title } } }`,
    );
    const at = (needle: RegExp): number => read.cypher.search(needle);
    const events = at(/\(n0\)-\[r\d+:PARTICIPATED_IN\|HELD_IN\]-/);
    expect(events).toBeGreaterThan(0);
    expect(at(/\(n0\)-\[r\d+:LEADER_OF\|/)).toBeLessThan(events);
    expect(at(/:MENTIONS\]->\(n0\)/)).toBeLessThan(events);
  });

  it('keeps the document order among equals, so the text stays a function of the shape', () => {
    const compiler = new StatementCompiler();
    const [a] = compileDocument(
      compiler,
      schema,
      '{ entity(id: "x") { a: mentionedIn(first: 1) { id } b: mentionedIn(first: 2) { title } } }',
    );
    expect(a.cypher.indexOf('{.id}')).toBeLessThan(a.cypher.indexOf('{.id, .title}'));
  });
});

describe('the scalars-only plan (over the memory limit, nested fields fall back)', () => {
  it('keeps the scalars the selection asks for and leaves every nested field out', () => {
    const compiler = new StatementCompiler();
    const query =
      '{ entity(id: "china") { name degree relationships { totalCount edges { node { to { name } } } } mentionedIn { title } } }';
    const [full] = compileDocument(compiler, schema, query);
    const [field] = rootFields(schema, query);
    const shallow = compiler.compileRoot(field.info, { root: 'entity', id: 'china', kind: null }, false);
    expect(full.cypher).toContain('COLLECT');
    expect(shallow.cypher).toBe('MATCH (n0:Entity {id: $p0}) RETURN n0 {.id, .kind, .name} AS v');
    expect(shallow.plan.root === 'entity' && shallow.plan.node.fields).toEqual([]);
  });
});

describe('the statement cache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new StatementCache(3);
    for (const key of ['a', 'b', 'c']) cache.set(key, `RETURN ${key}`);
    expect(cache.get('a')).toBe('RETURN a');
    cache.set('d', 'RETURN d');
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('RETURN a');
    expect(new StatementCompiler().cache.capacity).toBe(1000);
  });
});
