/**
 * A bounded least-recently-used cache of statement texts by plan key (the plan tree's JSON: the
 * document's shape, the enum arguments the text depends on and the resolved @skip/@include, never
 * a value). Neo4j caches its query plans by text, so equal shapes reuse one plan.
 */
export class StatementCache {
  private readonly entries = new Map<string, string>();

  constructor(readonly capacity = 1000) {}

  get(key: string): string | undefined {
    const found = this.entries.get(key);
    if (found !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, statement: string): void {
    this.entries.delete(key);
    this.entries.set(key, statement);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
