import { Neo4jGateway, QueryOptions } from '../../src/db/gateway';
import { Row } from '../../src/db/plain';
import { EntityKind } from '../../src/domain/entity-kind';
import { Direction } from '../../src/domain/records';
import { RelationshipType } from '../../src/domain/relationship-type';
import { EntityRepository } from '../../src/repositories/entity.repository';
import { MostConnectedRepository } from '../../src/repositories/most-connected.repository';
import { TimelineRepository } from '../../src/repositories/timeline.repository';
import { TraversalRepository } from '../../src/repositories/traversal.repository';
import { TraversalService } from '../../src/services/traversal.service';

/**
 * Golden tests: the exact Cypher and parameters each traversal sends, one statement per call.
 * A change to them shows up here as a snapshot diff to review (`npx jest -u` accepts it).
 * The gateway is replaced only to record; integration tests run the same statements on Neo4j.
 */
interface Call {
  cypher: string;
  params: Record<string, unknown>;
  options: QueryOptions;
}

function recording(rows: Row[] = []): { gateway: Neo4jGateway; calls: Call[] } {
  const calls: Call[] = [];
  const gateway = {
    read: async (cypher: string, params: Record<string, unknown> = {}, options: QueryOptions = {}) => {
      calls.push({
        cypher: cypher.replace(/\s+/g, ' ').trim(),
        params: JSON.parse(JSON.stringify(params)) as Record<string, unknown>,
        options,
      });
      return rows;
    },
  } as unknown as Neo4jGateway;
  return { gateway, calls };
}

function service(gateway: Neo4jGateway): TraversalService {
  return new TraversalService(
    new EntityRepository(gateway),
    new TraversalRepository(gateway),
    new TimelineRepository(gateway),
    new MostConnectedRepository(gateway),
    5000,
  );
}

describe('the Cypher of each traversal', () => {
  it.each([1, 2, 3])('neighborhood depth %i', async (depth) => {
    const { gateway, calls } = recording();
    await service(gateway).neighborhood(
      'north-korea',
      depth,
      {
        types: [RelationshipType.DEPLOYED_TO, RelationshipType.AT_WAR_WITH],
        kinds: [EntityKind.COUNTRY],
        direction: Direction.OUT,
        at: '2025-02-01',
      },
      100,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchSnapshot();
  });

  it('shortestPath', async () => {
    const { gateway, calls } = recording();
    await service(gateway).shortestPath('north-korea', 'ukraine', 6, null, null);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchSnapshot();
  });

  it('shortestPath through some kinds', async () => {
    const { gateway, calls } = recording();
    await service(gateway).shortestPath('north-korea', 'ukraine', 6, [RelationshipType.BORDERS], null, [
      EntityKind.COUNTRY,
      EntityKind.COUNTRY,
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0].params.kinds).toEqual(['COUNTRY']);
    expect(calls[0]).toMatchSnapshot();
  });

  it('paths', async () => {
    const { gateway, calls } = recording();
    await service(gateway).paths('north-korea', 'ukraine', 4, [RelationshipType.DEPLOYED_TO], '2024-11-16', 10, [EntityKind.EVENT]);
    expect(calls).toHaveLength(1);
    expect(calls[0].params.kinds).toEqual(['EVENT']);
    expect(calls[0]).toMatchSnapshot();
  });

  it('commonNeighbors', async () => {
    const { gateway, calls } = recording();
    await service(gateway).commonNeighbors(['joe-biden', 'xi-jinping', 'joe-biden'], [EntityKind.EVENT], null);
    expect(calls).toHaveLength(1);
    expect(calls[0].params.ids).toEqual(['joe-biden', 'xi-jinping']);
    expect(calls[0]).toMatchSnapshot();
  });

  it.each([
    ['by participants', { entityIds: ['joe-biden', 'xi-jinping'], from: '2022-01-01', to: '2025-12-31' }],
    ['by topics', { topicIds: ['china-support-for-russia'] }],
    ['all events', {}],
  ])('timeline %s', async (_name, filter) => {
    const { gateway, calls } = recording([{ totalCount: 0, events: [] }]);
    await service(gateway).timeline(filter, 50, null);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchSnapshot();
  });

  it('mostConnected', async () => {
    const { gateway, calls } = recording();
    await service(gateway).mostConnected(EntityKind.COUNTRY, 10);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchSnapshot();
  });

  it('splices only validated integers and enum values: hop bounds out of range never reach Cypher', async () => {
    const { gateway, calls } = recording();
    await expect(service(gateway).neighborhood('china', 4, { direction: Direction.BOTH }, 100)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'depth' },
    });
    await expect(service(gateway).shortestPath('china', 'russia', 1.5, null, null)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(service(gateway).paths('china', 'russia', 7, null, null, 10)).rejects.toMatchObject({ extensions: { field: 'maxDepth' } });
    await expect(
      service(gateway).paths('china', 'russia', 3, ['LEADER_OF]-() DETACH DELETE n //' as RelationshipType], null, 10),
    ).rejects.toThrow(/Unknown relationship type/);
    expect(calls).toHaveLength(0);
    expect(() => TraversalRepository.neighborhoodCypher(4, { direction: Direction.BOTH })).toThrow(/Hop bound/);
  });
});
