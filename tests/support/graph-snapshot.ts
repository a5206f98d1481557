import { createHash } from 'node:crypto';

import { Neo4jGateway } from '../../src/db/gateway';
import { Plain } from '../../src/db/plain';

/** One node or relationship of the database, with every property. */
export interface GraphItem {
  /** elementId: the identity Neo4j gives it (a node deleted and re-created gets a new one). */
  key: string;
  kind: 'node' | 'relationship';
  /** The `id` property, when it has one. */
  id: string | null;
  labels: string[];
  /** Relationships only: type and the `id` properties of the two ends. */
  type: string | null;
  from: string | null;
  to: string | null;
  /** Every property, each as its type and text (see ENCODE). */
  props: Record<string, string>;
  /** The text Cypher builds of everything above, for comparing and hashing. */
  canonical: string;
}

/** Every node and relationship of the database, counted and hashed. */
export interface GraphSnapshot {
  nodeCount: number;
  relationshipCount: number;
  /** sha256 over the canonical text of every node and relationship with all its properties. */
  checksum: string;
  items: Map<string, GraphItem>;
}

export interface GraphDiff {
  added: GraphItem[];
  removed: GraphItem[];
  changed: { before: GraphItem; after: GraphItem; props: string[] }[];
}

/** JSON with object keys sorted, so equal content gives equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A property value as text that tells every value apart: its Cypher type, then the length of its
 * text and the text (list items each so), so `['a,b']` and `['a', 'b']`, or `1` and `'1'`, differ.
 */
const ENCODE = (v: string): string => `valueType(${v}) + '|' + CASE
  WHEN ${v} IS :: LIST<ANY> THEN reduce(t = '', x IN ${v} | t + toString(size(toString(x))) + ':' + toString(x) + ';')
  ELSE toString(size(toString(${v}))) + ':' + toString(${v})
END`;

/**
 * One line of text per node and relationship, built by Cypher from its identity, labels or type
 * and ends, and every property (keys sorted); only the lines that differ from `$prev` (the lines
 * of the last look) come back, with what the diff needs, so an unchanged graph costs one small
 * answer however large it is.
 */
const LOOK = `
  CALL () {
    MATCH (n)
    WITH n, COLLECT { UNWIND keys(n) AS k RETURN k ORDER BY k } AS ks, COLLECT { UNWIND labels(n) AS l RETURN l ORDER BY l } AS ls
    WITH elementId(n) AS key, n.id AS id, ls, [k IN ks | [k, ${ENCODE('n[k]')}]] AS pairs
    WITH key, id, ls, pairs, 'node|' + key + '|' + reduce(s = '', l IN ls | s + l + ',') + '|' + reduce(s = '', p IN pairs | s + p[0] + '=' + p[1] + '\n') AS line
    RETURN collect(CASE WHEN $prev[key] = line THEN null ELSE [key, line, id, ls, pairs] END) AS nodes, count(*) AS nodeCount
  }
  CALL () {
    MATCH (a)-[r]->(b)
    WITH a, r, b, COLLECT { UNWIND keys(r) AS k RETURN k ORDER BY k } AS ks
    WITH elementId(r) AS key, r.id AS id, type(r) AS type, a.id AS from, b.id AS to, elementId(a) + '>' + elementId(b) AS ends,
         [k IN ks | [k, ${ENCODE('r[k]')}]] AS pairs
    WITH key, id, type, from, to, pairs, 'rel|' + key + '|' + type + '|' + ends + '|' + reduce(s = '', p IN pairs | s + p[0] + '=' + p[1] + '\n') AS line
    RETURN collect(CASE WHEN $prev[key] = line THEN null ELSE [key, line, id, type, from, to, pairs] END) AS rels, count(*) AS relationshipCount
  }
  RETURN nodes, rels, nodeCount, relationshipCount`;

/**
 * Watches the whole database through Cypher: each look returns a snapshot (counts and a sha256
 * over the text of every node and relationship with all its properties), reading back only what
 * changed since the previous look.
 */
export class GraphWatcher {
  private items = new Map<string, GraphItem>();

  constructor(private readonly gateway: Neo4jGateway) {}

  async look(): Promise<GraphSnapshot> {
    const prev = Object.fromEntries([...this.items].map(([key, item]) => [key, item.canonical]));
    const [row] = await this.gateway.read(LOOK, { prev }, { operation: 'test.snapshot' });
    const next = new Map(this.items);
    const propsOf = (pairs: Plain): Record<string, string> => Object.fromEntries(pairs as [string, string][]);
    for (const entry of row.nodes as Plain[][]) {
      const [key, line, id, labels, pairs] = entry as [string, string, Plain, string[], Plain];
      next.set(key, {
        key,
        kind: 'node',
        id: typeof id === 'string' ? id : null,
        labels,
        type: null,
        from: null,
        to: null,
        props: propsOf(pairs),
        canonical: line,
      });
    }
    for (const entry of row.rels as Plain[][]) {
      const [key, line, id, type, from, to, pairs] = entry as [string, string, Plain, string, Plain, Plain, Plain];
      next.set(key, {
        key,
        kind: 'relationship',
        id: typeof id === 'string' ? id : null,
        labels: [],
        type,
        from: typeof from === 'string' ? from : null,
        to: typeof to === 'string' ? to : null,
        props: propsOf(pairs),
        canonical: line,
      });
    }
    const nodeCount = Number(row.nodeCount);
    const relationshipCount = Number(row.relationshipCount);
    if (next.size !== nodeCount + relationshipCount) {
      // Something was deleted: drop what no longer exists.
      const [live] = await this.gateway.read(
        'CALL () { MATCH (n) RETURN collect(elementId(n)) AS n } CALL () { MATCH ()-[r]->() RETURN collect(elementId(r)) AS r } RETURN n + r AS keys',
        {},
        { operation: 'test.snapshot' },
      );
      const keys = new Set(live.keys as string[]);
      for (const key of [...next.keys()]) if (!keys.has(key)) next.delete(key);
    }
    this.items = next;
    const hash = createHash('sha256');
    for (const key of [...next.keys()].sort()) hash.update(`${next.get(key)?.canonical}\n`);
    return { nodeCount, relationshipCount, checksum: hash.digest('hex'), items: next };
  }
}

/** One look at the whole database (see GraphWatcher). */
export function snapshotGraph(gateway: Neo4jGateway): Promise<GraphSnapshot> {
  return new GraphWatcher(gateway).look();
}

/** What differs between two snapshots, item by item (changed: the names of the properties that differ). */
export function diffGraphs(before: GraphSnapshot, after: GraphSnapshot): GraphDiff {
  const diff: GraphDiff = { added: [], removed: [], changed: [] };
  for (const [key, item] of after.items) {
    const old = before.items.get(key);
    // An element id Neo4j reused for a new node or relationship: the old one went, a new one came.
    if (old && (old.kind !== item.kind || old.id !== item.id || old.type !== item.type)) {
      diff.removed.push(old);
      diff.added.push(item);
    } else if (!old) diff.added.push(item);
    else if (old.canonical !== item.canonical) {
      const names = new Set([...Object.keys(old.props), ...Object.keys(item.props)]);
      const props = [...names].filter((name) => canonicalJson(old.props[name] ?? null) !== canonicalJson(item.props[name] ?? null)).sort();
      if (canonicalJson(old.labels) !== canonicalJson(item.labels)) props.push('(labels)');
      diff.changed.push({ before: old, after: item, props });
    }
  }
  for (const [key, item] of before.items) if (!after.items.has(key)) diff.removed.push(item);
  return diff;
}

/** A short human description of an item: `node inj-a [Entity,Person]`, `relationship SUPPORTS inj-a->inj-b`. */
export function describeItem(item: GraphItem): string {
  return item.kind === 'node'
    ? `node ${item.id ?? item.key} [${item.labels.join(',')}]`
    : `relationship ${item.type} ${item.from ?? '?'}->${item.to ?? '?'}${item.id ? ` (${item.id})` : ''}`;
}
