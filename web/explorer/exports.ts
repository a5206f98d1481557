// Exports of what is on screen: a PNG of the canvas, GraphML written by the same code as
// `newsgraph export --format graphml` (src/services/export/graphml-format.ts), and CSV.
import type { Core } from 'cytoscape';

import { GRAPHML_END, graphmlData, graphmlHeader, xmlText } from '../../src/services/export/graphml-format';
import type { ExportEntity, ExportRelationship } from './api';

/** What a node or edge of the view holds, by the property each GraphML key shows. */
type Values = Record<string, string | number | string[] | null | undefined>;

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
  let out = graphmlHeader();
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
      out += `    <node id="${xmlText(node.id())}">${graphmlData('node', values)}</node>\n`;
    });
  visible(cy)
    .edges()
    .forEach((edge) => {
      const rel = details.relationships.get(edge.id());
      const values: Values = rel
        ? { ...rel, evidence: undefined, evidenceCount: rel.evidence.length }
        : { type: String(edge.data('type')) };
      out += `    <edge id="${xmlText(edge.id())}" source="${xmlText(edge.source().id())}" target="${xmlText(edge.target().id())}">${graphmlData('edge', values)}</edge>\n`;
    });
  return out + GRAPHML_END;
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
