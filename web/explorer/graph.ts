// The Cytoscape.js view: the API's Subgraph (nodes with id/kind/label, edges with id/type/source/target)
// maps one to one onto Cytoscape elements.
import cytoscape, { Core, ElementDefinition, StylesheetJson } from 'cytoscape';

import { EntityKind, PathResult, Subgraph } from './api';
import { KIND_STYLES } from './kinds';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

function stylesheet(): StylesheetJson {
  const byKind = (Object.keys(KIND_STYLES) as EntityKind[]).map((kind) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': KIND_STYLES[kind].color, shape: KIND_STYLES[kind].shape },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': FONT,
        'font-size': 11,
        color: '#1d2430',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
        width: 26,
        height: 26,
        'border-width': 1,
        'border-color': '#ffffff',
      },
    },
    ...byKind,
    { selector: 'node.expanded', style: { width: 34, height: 34, 'font-weight': 'bold' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111827' } },
    {
      selector: 'edge',
      style: {
        label: 'data(type)',
        'font-family': FONT,
        'font-size': 8,
        color: '#4b5563',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'line-color': '#b6bfcc',
        'target-arrow-color': '#b6bfcc',
        width: 1.5,
      },
    },
    { selector: 'edge.on-path', style: { 'line-color': '#e11d48', 'target-arrow-color': '#e11d48', width: 4, color: '#9f1239' } },
    { selector: 'node.on-path', style: { 'border-width': 4, 'border-color': '#e11d48' } },
  ];
}

export interface GraphView {
  cy: Core;
  /** Adds what is not on screen yet; new nodes start next to `near` so the layout grows in place. */
  merge(subgraph: Subgraph, near?: string): void;
  mergePath(path: PathResult): void;
  highlightPath(path: PathResult | null): void;
  layout(): void;
  clear(): void;
  entityIds(): string[];
}

export function createGraphView(container: HTMLElement): GraphView {
  const cy = cytoscape({
    container,
    style: stylesheet(),
    minZoom: 0.2,
    maxZoom: 3,
    selectionType: 'single',
    boxSelectionEnabled: false,
  });

  const addNodes = (nodes: { id: string; kind: EntityKind; label: string }[], near?: string): number => {
    const origin = near ? cy.getElementById(near) : null;
    const center = origin && origin.nonempty() ? origin.position() : { x: cy.width() / 2, y: cy.height() / 2 };
    const fresh: ElementDefinition[] = nodes
      .filter((node) => cy.getElementById(node.id).empty())
      .map((node, i, all) => {
        const angle = (2 * Math.PI * i) / Math.max(all.length, 1);
        return {
          group: 'nodes',
          data: { id: node.id, kind: node.kind, label: node.label },
          position: { x: center.x + 120 * Math.cos(angle), y: center.y + 120 * Math.sin(angle) },
        };
      });
    cy.add(fresh);
    return fresh.length;
  };

  const addEdges = (edges: { id: string; type: string; source: string; target: string }[]): number => {
    const fresh: ElementDefinition[] = edges
      .filter((edge) => cy.getElementById(edge.id).empty())
      .map((edge) => ({ group: 'edges', data: { id: edge.id, type: edge.type, source: edge.source, target: edge.target } }));
    cy.add(fresh);
    return fresh.length;
  };

  const view: GraphView = {
    cy,
    merge(subgraph, near) {
      addNodes(subgraph.nodes, near);
      addEdges(subgraph.edges);
    },
    mergePath(path) {
      addNodes(path.nodes.map((node) => ({ id: node.id, kind: node.kind, label: node.name })));
      addEdges(path.relationships.map((r) => ({ id: r.id, type: r.type, source: r.from.id, target: r.to.id })));
    },
    highlightPath(path) {
      cy.elements().removeClass('on-path');
      if (!path) return;
      for (const node of path.nodes) cy.getElementById(node.id).addClass('on-path');
      for (const relationship of path.relationships) cy.getElementById(relationship.id).addClass('on-path');
    },
    layout() {
      if (cy.nodes().empty()) return;
      // Existing nodes start where they are (randomize: false), so an expansion grows in place.
      cy.layout({
        name: 'cose',
        animate: false,
        randomize: false,
        nodeRepulsion: () => 600_000,
        idealEdgeLength: () => 110,
        nodeOverlap: 40,
        componentSpacing: 120,
        numIter: 1500,
        padding: 40,
      }).run();
      cy.fit(undefined, 40);
      // A small graph would be blown up to fill the screen: keep labels at a readable size.
      if (cy.zoom() > 1.1) {
        cy.zoom(1.1);
        cy.center();
      }
    },
    clear() {
      cy.elements().remove();
    },
    entityIds() {
      return cy.nodes().map((node) => node.id());
    },
  };
  return view;
}
