import { Neo4jGateway } from '../../src/db/gateway';
import { Metrics } from '../../src/server/metrics';

/** Metrics only subscribes to the gateway; a stand-in with onQuery is enough here. */
const gateway = { onQuery: () => () => undefined } as unknown as Neo4jGateway;

describe('Metrics.operationLabel', () => {
  it('keeps well-formed names, and labels missing, malformed and excess names without growing', () => {
    const metrics = new Metrics(gateway);
    expect(metrics.operationLabel(undefined)).toBe('anonymous');
    expect(metrics.operationLabel('Leaders')).toBe('Leaders');
    expect(metrics.operationLabel('drop table"} 1\nx')).toBe('other');
    for (let i = 0; i < 150; i += 1) metrics.operationLabel(`Op${i}`);
    expect(metrics.operationLabel('Op120')).toBe('other');
    expect(metrics.operationLabel('Leaders')).toBe('Leaders');
    metrics.close();
  });
});
