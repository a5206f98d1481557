import { EntityKind } from '../../src/domain/entity-kind';
import { RelationshipType } from '../../src/domain/relationship-type';
import { ImportService } from '../../src/services/import.service';
import { useSeededServer } from '../support/graphql-harness';

/**
 * `kinds` on shortestPath and paths, and the rule that among equally short paths those whose
 * hops are quoted from article text (evidence from a source whose text is stored) come first.
 */
type PathResult = { length: number; nodes: { id: string; kind: string }[]; relationships: { type: string }[] };

const { gateway, data } = useSeededServer();

const FIELDS = 'length nodes { id kind } relationships { type }';
const ids = (path: PathResult): string => path.nodes.map((n) => n.id).join('>');
const inner = (path: PathResult): PathResult['nodes'] => path.nodes.slice(1, -1);

describe('kinds: the kinds of entity a path may pass through (its two ends are the ones asked for)', () => {
  it('shortestPath from North Korea to Ukraine through events only goes by the war', async () => {
    const { shortestPath } = await data<{ shortestPath: PathResult }>(
      `{ shortestPath(from: "north-korea", to: "ukraine", kinds: [EVENT]) { ${FIELDS} } }`,
    );
    expect(ids(shortestPath)).toBe('north-korea>russia-ukraine-war>ukraine');
  });

  it('does not apply to the ends: a person reaches a country through meetings with kinds [EVENT]', async () => {
    const { shortestPath } = await data<{ shortestPath: PathResult }>(
      `{ shortestPath(from: "joe-biden", to: "china", kinds: [EVENT]) { ${FIELDS} } }`,
    );
    expect(shortestPath.length).toBe(2);
    expect(shortestPath.nodes[0]).toEqual({ id: 'joe-biden', kind: 'PERSON' });
    expect(shortestPath.nodes[2]).toEqual({ id: 'china', kind: 'COUNTRY' });
    expect(inner(shortestPath).map((n) => n.kind)).toEqual(['EVENT']);
  });

  it('applies on every hop of every path, and a kind nothing passes through gives null and []', async () => {
    const { paths, none, nonePaths, direct } = await data<{
      paths: PathResult[];
      none: PathResult | null;
      nonePaths: PathResult[];
      direct: PathResult[];
    }>(`{
      paths(from: "joe-biden", to: "russia", maxDepth: 4, first: 20, kinds: [EVENT, TOPIC]) { ${FIELDS} }
      none: shortestPath(from: "north-korea", to: "ukraine", kinds: [PERSON]) { ${FIELDS} }
      nonePaths: paths(from: "north-korea", to: "ukraine", kinds: [PERSON]) { ${FIELDS} }
      direct: paths(from: "russia", to: "ukraine", maxDepth: 1, kinds: [PERSON]) { ${FIELDS} }
    }`);
    expect(paths.length).toBeGreaterThan(1);
    for (const path of paths) for (const node of inner(path)) expect(['EVENT', 'TOPIC']).toContain(node.kind);
    // Without the filter the same question passes through countries and people too.
    const unfiltered = await data<{ paths: PathResult[] }>(
      `{ paths(from: "joe-biden", to: "russia", maxDepth: 4, first: 20) { ${FIELDS} } }`,
    );
    expect(unfiltered.paths.some((path) => inner(path).some((n) => !['EVENT', 'TOPIC'].includes(n.kind)))).toBe(true);
    expect(none).toBeNull();
    expect(nonePaths).toEqual([]);
    // A one-hop path passes through nothing, so every kinds filter allows it.
    expect(direct.map(ids)).toEqual(['russia>ukraine']);
  });

  it('an empty kinds list filters nothing, as with types', async () => {
    const { a, b } = await data<{ a: PathResult; b: PathResult }>(`{
      a: shortestPath(from: "north-korea", to: "ukraine", kinds: []) { ${FIELDS} }
      b: shortestPath(from: "north-korea", to: "ukraine") { ${FIELDS} }
    }`);
    expect(a).toEqual(b);
  });
});

describe('quoted hops first among equally short paths', () => {
  beforeAll(async () => {
    // A textless source (a list of borders, not an article) and a buffer country whose id sorts
    // before "russia": by ids alone its unquoted path would come first.
    await new ImportService(gateway()).importGraph({
      sources: [{ id: 'test-border-list', title: 'A list of borders (no stored text)' }],
      entities: [{ id: 'a-buffer-country', kind: EntityKind.COUNTRY, name: 'A buffer country' }],
      relationships: [
        {
          from: 'north-korea',
          to: 'a-buffer-country',
          type: RelationshipType.BORDERS,
          evidence: [{ sourceId: 'test-border-list', quote: 'KP: AB' }],
        },
        {
          from: 'a-buffer-country',
          to: 'ukraine',
          type: RelationshipType.BORDERS,
          evidence: [{ sourceId: 'test-border-list', quote: 'AB: UA' }],
        },
      ],
    });
  });

  it('shortestPath keeps the news explanation (DEPLOYED_TO -> AT_WAR_WITH) over an unquoted BORDERS -> BORDERS', async () => {
    const { shortestPath } = await data<{ shortestPath: PathResult }>(`{ shortestPath(from: "north-korea", to: "ukraine") { ${FIELDS} } }`);
    expect(shortestPath.relationships.map((r) => r.type)).toEqual(['DEPLOYED_TO', 'AT_WAR_WITH']);
    // The unquoted path exists and is as short: only the quoted-hops rule puts it behind.
    const { borders } = await data<{ borders: PathResult }>(
      `{ borders: shortestPath(from: "north-korea", to: "ukraine", types: [BORDERS]) { ${FIELDS} } }`,
    );
    expect(ids(borders)).toBe('north-korea>a-buffer-country>ukraine');
  });

  it('paths of equal length list those with more quoted hops first', async () => {
    const { paths } = await data<{ paths: PathResult[] }>(
      `{ paths(from: "north-korea", to: "ukraine", maxDepth: 2, first: 20) { ${FIELDS} } }`,
    );
    const order = paths.map(ids);
    expect(order).toContain('north-korea>a-buffer-country>ukraine');
    expect(paths.every((p) => p.length === 2)).toBe(true);
    // Every path but the buffer one is quoted on both hops, so the buffer one comes last.
    expect(order[order.length - 1]).toBe('north-korea>a-buffer-country>ukraine');
    expect(paths[0].relationships.map((r) => r.type)).toEqual(['DEPLOYED_TO', 'AT_WAR_WITH']);
  });

  it('the first of paths is the shortestPath: both rank equally short paths the same way', async () => {
    for (const [from, to] of [
      ['north-korea', 'ukraine'],
      ['joe-biden', 'china'],
      ['donald-trump', 'xi-jinping'],
    ]) {
      const { shortestPath, paths } = await data<{ shortestPath: PathResult; paths: PathResult[] }>(`{
        shortestPath(from: "${from}", to: "${to}", maxDepth: 4) { ${FIELDS} }
        paths(from: "${from}", to: "${to}", maxDepth: 4, first: 1) { ${FIELDS} }
      }`);
      expect(paths).toEqual([shortestPath]);
    }
  });
});
