// Exports of what is on screen: a PNG of the canvas, GraphML with the same keys as
// `newsgraph export --format graphml` writes (src/services/export/graphml.writer.ts), and CSV.
import type { Core } from 'cytoscape';

import type { ExportEntity, ExportRelationship } from './api';

/** The GraphML keys of `newsgraph export --format graphml`, in its order (a browser test compares them). */
type Value = string | number | string[] | null | undefined;

/** What a node or edge of the view holds, by the property each key shows (`from`). */
type Values = Record<string, Value>;

const KEYS: readonly { id: string; for: 'node' | 'edge'; name: string; type: 'string' | 'int' | 'double'; from: string }[] = [
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

/** The `<data>` elements of one node or edge, as the CLI's writer writes them (lists joined by " | "). */
function dataOf(kind: 'node' | 'edge', values: Values): string {
  let out = '';
  for (const key of KEYS) {
    if (key.for !== kind) continue;
    const value = values[key.from];
    if (value === null || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(' | ') : String(value);
    if (key.type !== 'string' && !Number.isFinite(Number(text))) continue;
    out += `<data key="${key.id}">${xml(text)}</data>`;
  }
  return out;
}

const xml = (value: string): string =>
  value
    // eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 cannot carry
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const visible = (cy: Core) => cy.elements().not('.hidden');

/** Degree within the view: the edges drawn, as node sizes show it. */
const degreeOnScreen = (cy: Core, id: string): number => cy.getElementById(id).connectedEdges().not('.hidden').length;

/** The details the export adds to what the canvas holds (fetched when the person exports). */
export interface ExportDetails {
  entities: ReadonlyMap<string, ExportEntity>;
  relationships: ReadonlyMap<string, ExportRelationship>;
}

/**
 * GraphML of what is on screen, with the keys and values `newsgraph export --format graphml`
 * writes; `degree` is the degree within the view (as node sizes show it).
 */
export function toGraphml(cy: Core, details: ExportDetails): string {
  const keys = KEYS.map((k) => `  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"/>`).join('\n');
  let out = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
${keys}
  <graph id="newsgraph" edgedefault="directed">
`;
  visible(cy)
    .nodes()
    .forEach((node) => {
      const entity = details.entities.get(node.id());
      const values: Values = {
        name: String(node.data('label')),
        kind: String(node.data('kind')),
        ...entity,
        degree: degreeOnScreen(cy, node.id()),
      };
      out += `    <node id="${xml(node.id())}">${dataOf('node', values)}</node>\n`;
    });
  visible(cy)
    .edges()
    .forEach((edge) => {
      const rel = details.relationships.get(edge.id());
      const values: Values = rel
        ? { ...rel, evidence: undefined, evidenceCount: rel.evidence.length }
        : { type: String(edge.data('type')) };
      out += `    <edge id="${xml(edge.id())}" source="${xml(edge.source().id())}" target="${xml(edge.target().id())}">${dataOf('edge', values)}</edge>\n`;
    });
  return `${out}  </graph>\n</graphml>\n`;
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csvRow = (cells: (string | number)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** Nodes on screen: id, label, kind, degree within the view. */
export function nodesCsv(cy: Core): string {
  let out = csvRow(['id', 'label', 'kind', 'degree']);
  visible(cy)
    .nodes()
    .forEach((node) => {
      out += csvRow([node.id(), String(node.data('label')), String(node.data('kind')), degreeOnScreen(cy, node.id())]);
    });
  return out;
}

/** Edges on screen: id, type, source, target. */
export function edgesCsv(cy: Core): string {
  let out = csvRow(['id', 'type', 'source', 'target']);
  visible(cy)
    .edges()
    .forEach((edge) => {
      out += csvRow([edge.id(), String(edge.data('type')), edge.source().id(), edge.target().id()]);
    });
  return out;
}

export function download(name: string, content: Blob | string, type: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function pngBlob(cy: Core): Blob {
  return cy.png({ output: 'blob', bg: '#ffffff', full: true, scale: 2, maxWidth: 4000, maxHeight: 4000 });
}
