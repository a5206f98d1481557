// The Cytoscape.js view. It is told what should be on screen (nodes, edges, hidden ones, pinned
// positions) and changes only the difference: nodes already drawn keep their place, new nodes are
// placed next to the node that brought them and only they are laid out, a dragged node stays pinned.
import cytoscape, { Core, ElementDefinition, NodeSingular, StylesheetJson } from 'cytoscape';

import { EntityKind, GraphEdgeData, GraphNodeData, PathResult } from './api';
import { KIND_STYLES, TYPE_COLORS } from './kinds';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Edge labels: `auto` shows them once zoomed in enough to read them. */
export type LabelMode = 'auto' | 'on' | 'off';

function stylesheet(): StylesheetJson {
  const byKind = (Object.keys(KIND_STYLES) as EntityKind[]).map((kind) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': KIND_STYLES[kind].color, shape: KIND_STYLES[kind].shape },
  }));
  const byType = Object.entries(TYPE_COLORS).map(([type, color]) => ({
    selector: `edge[type = "${type}"]`,
    style: { 'line-color': color, 'target-arrow-color': color },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(short)',
        'font-family': FONT,
        'font-size': 11,
        color: '#1d2430',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 6,
        width: 'data(size)',
        height: 'data(size)',
        'border-width': 1,
        'border-color': '#ffffff',
      },
    },
    ...byKind,
    { selector: 'node.expanded', style: { 'font-weight': 'bold', 'border-width': 2, 'border-color': '#1d2430' } },
    { selector: 'node.pinned', style: { 'border-style': 'dashed', 'border-width': 2, 'border-color': '#1d2430' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111827', 'border-style': 'solid' } },
    {
      selector: 'edge',
      style: {
        label: 'data(type)',
        'font-family': FONT,
        'font-size': 9,
        'min-zoomed-font-size': 9,
        color: '#374151',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'line-color': '#b6bfcc',
        'target-arrow-color': '#b6bfcc',
        'arrow-scale': 0.8,
        width: 1.5,
        opacity: 0.85,
      },
    },
    ...byType,
    // A proposed fact (extracted from an article, not reviewed yet) is drawn dashed until it is accepted.
    { selector: 'edge[status = "PROPOSED"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    { selector: 'edge.labels-on', style: { 'min-zoomed-font-size': 0 } },
    { selector: 'edge.labels-off', style: { label: '' } },
    { selector: 'edge:selected', style: { width: 4, 'line-color': '#111827', 'target-arrow-color': '#111827', opacity: 1 } },
    { selector: '.hidden', style: { display: 'none' } },
    // A big view draws cheaper edges: straight lines, no label until zoomed in far.
    { selector: 'edge.big', style: { 'curve-style': 'straight', 'min-zoomed-font-size': 14, 'arrow-scale': 0.6 } },
    {
      selector: 'edge.on-path',
      style: { 'line-color': '#e11d48', 'target-arrow-color': '#e11d48', width: 4, color: '#9f1239', opacity: 1 },
    },
    { selector: 'node.on-path', style: { 'border-width': 4, 'border-color': '#e11d48' } },
    { selector: 'node.hover', style: { 'underlay-color': '#facc15', 'underlay-opacity': 0.8, 'underlay-padding': 8 } },
    { selector: 'edge.hover', style: { width: 4, opacity: 1 } },
    { selector: '.faded', style: { opacity: 0.2 } },
  ];
}

export interface PlacedNode extends GraphNodeData {
  /** The node that brought this one on screen (the one expanded): new nodes start next to it. */
  anchor?: string;
}

export interface DesiredView {
  nodes: PlacedNode[];
  edges: GraphEdgeData[];
  expanded: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
  pins: ReadonlyMap<string, { x: number; y: number }>;
}

export interface SyncResult {
  added: string[];
  removed: number;
}

export interface GraphView {
  cy: Core;
  /** Makes the canvas show `view`, changing only what differs; returns the ids of the new nodes. */
  sync(view: DesiredView): SyncResult;
  highlightPath(path: PathResult | null): void;
  /** Highlights these nodes and the edges among them (timeline hover); null clears. */
  hover(ids: readonly string[] | null): void;
  setLabels(mode: LabelMode): void;
  fit(): void;
  zoomBy(factor: number): void;
  entityIds(): string[];
  /** Ids of the nodes drawn (not hidden). */
  visibleIds(): string[];
}

const SPACING = 46;

/** A grid of occupied spots, to place new nodes where none is yet. */
class Occupancy {
  private readonly cells = new Map<string, { x: number; y: number }[]>();
  private key(x: number, y: number): string {
    return `${Math.floor(x / SPACING)},${Math.floor(y / SPACING)}`;
  }
  add(p: { x: number; y: number }): void {
    const k = this.key(p.x, p.y);
    const list = this.cells.get(k);
    if (list) list.push(p);
    else this.cells.set(k, [p]);
  }
  free(p: { x: number; y: number }): boolean {
    const cx = Math.floor(p.x / SPACING);
    const cy = Math.floor(p.y / SPACING);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (Math.hypot(q.x - p.x, q.y - p.y) < SPACING) return false;
        }
    return true;
  }
}

export function createGraphView(container: HTMLElement, onPin: (id: string, position: { x: number; y: number }) => void): GraphView {
  const cy = cytoscape({
    container,
    style: stylesheet(),
    minZoom: 0.05,
    maxZoom: 4,
    selectionType: 'single',
    boxSelectionEnabled: true,
    textureOnViewport: true,
    hideEdgesOnViewport: false,
    wheelSensitivity: 0.4,
  });
  let labelMode: LabelMode = 'auto';

  /**
   * Where each node pinned by a drag was before its first drag: when history takes the pin away
   * (Back past the drag), the node goes back there, so Back undoes a drag as it undoes the rest.
   */
  const beforeDrag = new Map<string, { x: number; y: number }>();
  cy.on('grab', 'node', (event) => {
    const node = event.target as NodeSingular;
    if (!node.hasClass('pinned')) beforeDrag.set(node.id(), { ...node.position() });
  });

  cy.on('dragfree', 'node', (event) => {
    const node = event.target as NodeSingular;
    node.addClass('pinned');
    const p = node.position();
    onPin(node.id(), { x: Math.round(p.x), y: Math.round(p.y) });
  });

  /** Places `fresh` nodes on rings around their anchors, on the side away from the rest of the graph. */
  const place = (fresh: PlacedNode[]): Map<string, { x: number; y: number }> => {
    const occupied = new Occupancy();
    let sx = 0;
    let sy = 0;
    const existing = cy.nodes();
    existing.forEach((node) => {
      const p = node.position();
      occupied.add(p);
      sx += p.x;
      sy += p.y;
    });
    const centroid = existing.nonempty() ? { x: sx / existing.length, y: sy / existing.length } : { x: 0, y: 0 };
    const placed = new Map<string, { x: number; y: number }>();
    const freshIds = new Set(fresh.map((node) => node.id));
    const groups = new Map<string, PlacedNode[]>();
    for (const node of fresh) {
      const known = node.anchor && (cy.getElementById(node.anchor).nonempty() || freshIds.has(node.anchor));
      const anchor = known ? node.anchor! : '';
      groups.set(anchor, [...(groups.get(anchor) ?? []), node]);
    }
    // Nodes without an anchor first (the first node of a view goes to the centre), then each group
    // once its anchor has a place: an expansion's nodes ring the node expanded.
    const root = (groups.get('') ?? []).find((node) => groups.has(node.id));
    const order = [...groups.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : 0));
    for (const anchor of order) {
      const members = groups.get(anchor)!;
      let origin: { x: number; y: number };
      let away: number | null = null;
      if (anchor) {
        const drawn = cy.getElementById(anchor);
        origin = placed.get(anchor) ?? (drawn.nonempty() ? drawn.position() : { x: centroid.x, y: centroid.y + 200 });
        const dx = origin.x - centroid.x;
        const dy = origin.y - centroid.y;
        if (Math.hypot(dx, dy) > 20) away = Math.atan2(dy, dx);
      } else {
        origin = existing.nonempty() ? { x: centroid.x, y: centroid.y + 200 } : { x: 0, y: 0 };
      }
      const queue = [...members];
      if (!anchor && root && queue.includes(root) && occupied.free(origin)) {
        queue.splice(queue.indexOf(root), 1);
        placed.set(root.id, origin);
        occupied.add(origin);
      }
      const sector = away === null ? Math.PI : (Math.PI * 2) / 3;
      for (let ring = 1; queue.length > 0 && ring < 200; ring++) {
        const radius = 40 + ring * SPACING * 1.6;
        const slots = Math.max(6, Math.floor((2 * sector * radius) / SPACING));
        const angles: number[] = [];
        for (let i = 0; i < slots; i++) {
          const offset = ((i % 2 === 0 ? 1 : -1) * Math.ceil(i / 2) * 2 * sector) / slots;
          if (Math.abs(offset) <= sector) angles.push((away ?? -Math.PI / 2) + offset + ring * 0.37);
        }
        for (const angle of angles) {
          if (queue.length === 0) break;
          const p = { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) };
          if (!occupied.free(p)) continue;
          const node = queue.shift()!;
          placed.set(node.id, p);
          occupied.add(p);
        }
      }
    }
    return placed;
  };

  const sizeByDegree = (): void => {
    const visible = cy.elements().not('.hidden');
    visible.nodes().forEach((node) => {
      const degree = node.connectedEdges().not('.hidden').length;
      node.data('size', Math.round(Math.min(64, 20 + 7 * Math.sqrt(degree))));
    });
  };

  const view: GraphView = {
    cy,
    sync(desired) {
      const wanted = new Map(desired.nodes.map((node) => [node.id, node]));
      const wantedEdges = new Map(desired.edges.filter((e) => wanted.has(e.source) && wanted.has(e.target)).map((e) => [e.id, e]));
      const result: SyncResult = { added: [], removed: 0 };
      const firstDraw = cy.nodes().empty();
      cy.batch(() => {
        const stale = cy.elements().filter((element) => (element.isNode() ? !wanted.has(element.id()) : !wantedEdges.has(element.id())));
        result.removed = stale.nodes().length;
        stale.remove();
        const fresh = desired.nodes.filter((node) => cy.getElementById(node.id).empty());
        const positions = place(fresh.filter((node) => !desired.pins.has(node.id)));
        const additions: ElementDefinition[] = fresh.map((node) => ({
          group: 'nodes',
          // Cut here, once: Cytoscape's own ellipsis measures the text again at every draw.
          data: {
            id: node.id,
            kind: node.kind,
            label: node.label,
            short: node.label.length > 22 ? `${node.label.slice(0, 21)}…` : node.label,
            size: 26,
          },
          position: desired.pins.get(node.id) ?? positions.get(node.id) ?? { x: 0, y: 0 },
        }));
        for (const edge of wantedEdges.values()) {
          const status = edge.status ?? 'ACCEPTED';
          const drawn = cy.getElementById(edge.id);
          if (drawn.empty()) {
            additions.push({ group: 'edges', data: { id: edge.id, type: edge.type, source: edge.source, target: edge.target, status } });
          } else if (drawn.data('status') !== status) {
            // A review changed it (proposed → accepted): restyled in place, nothing moves.
            drawn.data('status', status);
          }
        }
        cy.add(additions);
        result.added = fresh.map((node) => node.id);
        cy.nodes().forEach((node) => {
          const pin = desired.pins.get(node.id());
          if (pin) {
            node.unlock();
            node.position(pin);
          } else if (node.hasClass('pinned')) {
            const before = beforeDrag.get(node.id());
            beforeDrag.delete(node.id());
            if (before) node.position(before);
          }
          node.toggleClass('pinned', Boolean(pin));
          node.toggleClass('expanded', desired.expanded.has(node.id()));
          node.toggleClass('hidden', desired.hidden.has(node.id()));
        });
        cy.edges().forEach((edge) => {
          edge.toggleClass('hidden', desired.hidden.has(edge.source().id()) || desired.hidden.has(edge.target().id()));
        });
        cy.edges()
          .toggleClass('labels-on', labelMode === 'on')
          .toggleClass('labels-off', labelMode === 'off');
        cy.edges().toggleClass('big', cy.edges().length > 600);
        sizeByDegree();
      });
      const addedIds = new Set(result.added.filter((id) => !desired.pins.has(id)));
      const added = cy.nodes().filter((node) => addedIds.has(node.id()));
      // Settle only the new nodes, among the old ones held still; a big first draw keeps its rings
      // (a force layout of hundreds of nodes costs seconds and the rings read well).
      if (added.nonempty() && added.length <= 150 && cy.nodes().length <= 600) {
        const held = cy.nodes().filter((node) => !addedIds.has(node.id()) && !node.locked());
        held.lock();
        cy.layout({
          name: 'cose',
          animate: false,
          randomize: false,
          fit: false,
          nodeRepulsion: () => 400_000,
          idealEdgeLength: () => 90,
          nodeOverlap: 40,
          gravity: 0.5,
          numIter: firstDraw ? 1200 : 400,
          initialTemp: firstDraw ? 1000 : 120,
          padding: 40,
        }).run();
        held.unlock();
      }
      if (firstDraw && cy.nodes().nonempty()) view.fit();
      else if (added.nonempty()) {
        const extent = cy.extent();
        const box = added.boundingBox({ includeLabels: false });
        // New nodes out of sight: fit the view (the model positions of the others stay as they were).
        if (box.x1 < extent.x1 || box.x2 > extent.x2 || box.y1 < extent.y1 || box.y2 > extent.y2) view.fit();
      }
      return result;
    },
    highlightPath(path) {
      cy.batch(() => {
        cy.$('.on-path').removeClass('on-path');
        if (!path) return;
        for (const node of path.nodes) cy.getElementById(node.id).addClass('on-path');
        for (const relationship of path.relationships) cy.getElementById(relationship.id).addClass('on-path');
      });
    },
    hover(ids) {
      cy.batch(() => {
        cy.$('.hover, .faded').removeClass('hover faded');
        if (!ids || ids.length === 0) return;
        const wanted = new Set(ids);
        const nodes = cy.nodes().filter((node) => wanted.has(node.id()));
        const edges = nodes.edgesWith(nodes);
        nodes.addClass('hover');
        edges.addClass('hover');
        cy.elements().difference(nodes.union(edges)).addClass('faded');
      });
    },
    setLabels(mode) {
      if (mode === labelMode) return;
      labelMode = mode;
      cy.batch(() =>
        cy
          .edges()
          .toggleClass('labels-on', mode === 'on')
          .toggleClass('labels-off', mode === 'off'),
      );
    },
    fit() {
      const visible = cy.nodes().not('.hidden');
      if (visible.empty()) return;
      // Fitted on the nodes' boxes without labels: measuring every label of a big view costs seconds.
      const box = visible.boundingBox({ includeLabels: false, includeOverlays: false });
      const padding = 50;
      const zoom = Math.min(1.2, (cy.width() - 2 * padding) / Math.max(box.w, 1), (cy.height() - 2 * padding) / Math.max(box.h, 1));
      const level = Math.max(cy.minZoom(), zoom);
      cy.viewport({
        zoom: level,
        pan: { x: cy.width() / 2 - level * (box.x1 + box.w / 2), y: cy.height() / 2 - level * (box.y1 + box.h / 2) },
      });
    },
    zoomBy(factor) {
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    entityIds() {
      return cy.nodes().map((node) => node.id());
    },
    visibleIds() {
      return cy
        .nodes()
        .not('.hidden')
        .map((node) => node.id());
    },
  };
  return view;
}
