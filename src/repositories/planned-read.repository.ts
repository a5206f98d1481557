import { Neo4jGateway } from '../db/gateway';
import { Row } from '../db/plain';

/** A statement the read planner compiled (src/planner/render.ts) with its parameters. */
export interface PlannedStatement {
  cypher: string;
  params: Record<string, unknown>;
  /** Names the work in the query log and metrics, e.g. planner.entity. */
  operation: string;
}

/** Runs the read planner's statements: one round trip per root field. */
export class PlannedReadRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  run(read: PlannedStatement): Promise<Row[]> {
    return this.gateway.read(read.cypher, read.params, { operation: read.operation });
  }
}
