/**
 * A failure of the local Neo4j that a person can fix. Its message is one line saying what is
 * wrong and what to do; the CLI prints it as is and exits non-zero.
 */
export class LocalNeo4jError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalNeo4jError';
  }
}
