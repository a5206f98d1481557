// Exports of what is on screen: a PNG of the canvas, GraphML with the same keys as
// `newsgraph export --format graphml` writes (src/services/export/graphml.writer.ts), and CSV.
import type { Core } from 'cytoscape';

/** The GraphML keys of `newsgraph export --format graphml`, in its order (a browser test compares them). */
const KEYS: readonly { id: string; for: 'node' | 'edge'; name: string; type: 'string' | 'int' | 'double' }[] = [
  { id: 'label', for: 'node', name: 'label', type: 'string' },
  { id: 'kind', for: 'node', name: 'kind', type: 'string' },
  { id: 'aliases', for: 'node', name: 'aliases', type: 'string' },
  { id: 'description', for: 'node', name: 'description', type: 'string' },
  { id: 'wikidataId', for: 'node', name: 'wikidataId', type: 'string' },
  { id: 'isoCode', for: 'node', name: 'isoCode', type: 'string' },
  { id: 'nodeTitle', for: 'node', name: 'title', type: 'string' },
  { id: 'eventType', for: 'node', name: 'eventType', type: 'string' },
  { id: 'startDate', for: 'node', name: 'startDate', type: 'string' },
  { id: 'endDate', for: 'node', name: 'endDate', type: 'string' },
  { id: 'placeType', for: 'node', name: 'placeType', type: 'string' },
  { id: 'degree', for: 'node', name: 'degree', type: 'int' },
  { id: 'edgeLabel', for: 'edge', name: 'label', type: 'string' },
  { id: 'type', for: 'edge', name: 'type', type: 'string' },
  { id: 'role', for: 'edge', name: 'role', type: 'string' },
  { id: 'edgeTitle', for: 'edge', name: 'title', type: 'string' },
  { id: 'quantity', for: 'edge', name: 'quantity', type: 'int' },
  { id: 'validFrom', for: 'edge', name: 'validFrom', type: 'string' },
  { id: 'validTo', for: 'edge', name: 'validTo', type: 'string' },
  { id: 'confidence', for: 'edge', name: 'confidence', type: 'double' },
  { id: 'evidenceCount', for: 'edge', name: 'evidenceCount', type: 'int' },
];

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

export function toGraphml(cy: Core): string {
  const keys = KEYS.map((k) => `  <key id="${k.id}" for="${k.for}" attr.name="${k.name}" attr.type="${k.type}"/>`).join('\n');
  let out = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
${keys}
  <graph id="newsgraph" edgedefault="directed">
`;
  visible(cy)
    .nodes()
    .forEach((node) => {
      out += `    <node id="${xml(node.id())}"><data key="label">${xml(String(node.data('label')))}</data><data key="kind">${xml(
        String(node.data('kind')),
      )}</data><data key="degree">${degreeOnScreen(cy, node.id())}</data></node>\n`;
    });
  visible(cy)
    .edges()
    .forEach((edge) => {
      const type = xml(String(edge.data('type')));
      out += `    <edge id="${xml(edge.id())}" source="${xml(edge.source().id())}" target="${xml(edge.target().id())}"><data key="edgeLabel">${type}</data><data key="type">${type}</data></edge>\n`;
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
