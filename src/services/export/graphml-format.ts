// The GraphML that `newsgraph export --format graphml` writes and the explorer's "Export GraphML"
// writes of what is on screen: one key table, one way to write values. Plain TypeScript without
// Node imports, so that the explorer's bundle (web/explorer/exports.ts) imports it too.

/**
 * Text for XML 1.0: the five special characters escaped, and characters XML 1.0 cannot carry at
 * all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD.
 */
export function xmlText(value: string): string {
  return value
    .replace(
      // eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 cannot carry
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A GraphML attribute: its id, what it is declared for, its name and type, and the property it shows. */
export interface GraphmlKey {
  id: string;
  for: 'node' | 'edge';
  name: string;
  type: 'string' | 'int' | 'double';
  /** The property it shows (`label` keys show name / type). */
  from: string;
}

/** Declared attributes: Gephi and Cytoscape read `label`, and type each column by attr.type. */
export const GRAPHML_KEYS: readonly GraphmlKey[] = [
  { id: 'label', for: 'node', name: 'label', type: 'string', from: 'name' },
  { id: 'kind', for: 'node', name: 'kind', type: 'string', from: 'kind' },
  { id: 'aliases', for: 'node', name: 'aliases', type: 'string', from: 'aliases' },
  { id: 'description', for: 'node', name: 'description', type: 'string', from: 'description' },
  { id: 'wikidataId', for: 'node', name: 'wikidataId', type: 'string', from: 'wikidataId' },
  { id: 'isoCode', for: 'node', name: 'isoCode', type: 'string', from: 'isoCode' },
  { id: 'nodeTitle', for: 'node', name: 'title', type: 'string', from: 'title' },
  { id: 'eventType', for: 'node', name: 'eventType', type: 'string', from: 'eventType' },
  { id: 'startDate', for: 'node', name: 'startDate', type: 'string', from: 'startDate' },
  { id: 'endDate', for: 'node', name: 'endDate', type: 'string', from: 'endDate' },
  { id: 'placeType', for: 'node', name: 'placeType', type: 'string', from: 'placeType' },
  { id: 'degree', for: 'node', name: 'degree', type: 'int', from: 'degree' },
  { id: 'edgeLabel', for: 'edge', name: 'label', type: 'string', from: 'type' },
  { id: 'type', for: 'edge', name: 'type', type: 'string', from: 'type' },
  { id: 'role', for: 'edge', name: 'role', type: 'string', from: 'role' },
  { id: 'edgeTitle', for: 'edge', name: 'title', type: 'string', from: 'title' },
  { id: 'quantity', for: 'edge', name: 'quantity', type: 'int', from: 'quantity' },
  { id: 'validFrom', for: 'edge', name: 'validFrom', type: 'string', from: 'validFrom' },
  { id: 'validTo', for: 'edge', name: 'validTo', type: 'string', from: 'validTo' },
  { id: 'confidence', for: 'edge', name: 'confidence', type: 'double', from: 'confidence' },
  { id: 'evidenceCount', for: 'edge', name: 'evidenceCount', type: 'int', from: 'evidenceCount' },
];

/** The document up to the first node: the declaration, the keys, the graph element. */
export function graphmlHeader(): string {
  const keys = GRAPHML_KEYS.map((k) => `  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
${keys}
  <graph id="newsgraph" edgedefault="directed">
`;
}

export const GRAPHML_END = '  </graph>\n</graphml>\n';

/**
 * The `<data>` elements of one node or edge, by the properties in `values` each key shows: absent
 * values left out, lists joined by " | ", a number key left out when its value is not a number.
 */
export function graphmlData(kind: GraphmlKey['for'], values: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const key of GRAPHML_KEYS) {
    if (key.for !== kind) continue;
    const value = values[key.from];
    if (value === null || value === undefined) continue;
    const text = Array.isArray(value) ? value.map(String).join(' | ') : String(value);
    if (key.type !== 'string' && !Number.isFinite(Number(text))) continue;
    out += `<data key="${key.id}">${xmlText(text)}</data>`;
  }
  return out;
}
