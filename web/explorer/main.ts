// The NewsGraph explorer: search an entity, see its neighbourhood, expand nodes in place, read each
// relationship's evidence, find paths between two entities, follow the events on a timeline, and
// look at the graph as of a date. The whole view lives in the URL hash (see state.ts): every action
// pushes one history entry, so Back and Forward undo and redo, and a link gives the same view back.
import './style.css';

import {
  ApiError,
  ENTITY_KINDS,
  entityDetails,
  EntityDetails,
  EntityKind,
  EntityRef,
  Filters,
  exportDetails,
  findPaths,
  GraphEdgeData,
  neighborhood,
  PathResult,
  relationship as fetchRelationship,
  Relationship,
  RELATIONSHIP_TYPES,
  search,
  SearchHit,
  Subgraph,
  timeline,
  TimelineEvent,
} from './api';
import { Combobox, createCombobox } from './combobox';
import { dayDate, dayNumber, formatDate, startsAfter } from './dates';
import { download, edgesCsv, nodesCsv, pngBlob, toGraphml } from './exports';
import { createGraphView, LabelMode, PlacedNode } from './graph';
import { kindIcon, KIND_LABELS, KIND_NAMES, typeColor } from './kinds';
import { cloneState, hashOf, isCompleteDate, readState, Tab, ViewState } from './state';

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing`);
  return element as T;
};

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children);
  return element;
};

const button = (text: string, onClick: () => void, props: Partial<HTMLButtonElement> = {}): HTMLButtonElement => {
  const b = el('button', { type: 'button', textContent: text, ...props });
  b.addEventListener('click', onClick);
  return b;
};

let state: ViewState = readState();
const statusBox = byId<HTMLDivElement>('status');
const details = byId<HTMLElement>('details');
const pathResults = byId<HTMLElement>('path-results');
const pathChoice = byId<HTMLElement>('path-choice');
const timelineBox = byId<HTMLElement>('timeline');
const dateInput = byId<HTMLInputElement>('date');
const dateSlider = byId<HTMLInputElement>('date-slider');
const datePreview = byId<HTMLOutputElement>('date-preview');
const emptyHint = byId<HTMLElement>('empty');
const legend = byId<HTMLElement>('legend');
const panel = byId<HTMLElement>('panel');

// --- history: each action pushes the whole view ----------------------------------------------------
/** Changes the view: a copy of the state is edited, pushed as a new history entry, then drawn. */
function commit(change: (next: ViewState) => void, options: { replace?: boolean } = {}): void {
  const next = cloneState(state);
  change(next);
  state = next;
  const url = hashOf(state) || window.location.pathname;
  if (options.replace) history.replaceState(null, '', url);
  else if (url !== (window.location.hash || window.location.pathname)) history.pushState(null, '', url);
  void draw();
}

/** Rewrites the current entry (a correction, not an action: an unknown id dropped, a tab). */
function amend(change: (next: ViewState) => void): void {
  change(state);
  history.replaceState(null, '', hashOf(state) || window.location.pathname);
}

// --- status: loading, errors, notes a person can act on ------------------------------------------
let pending = 0;
const notes = new Map<string, string>();

function renderStatus(failure?: string): void {
  // Notes whose key starts with "error:" stay until the view is rebuilt (date change, new URL).
  const error = failure ?? [...notes].find(([key]) => key.startsWith('error:'))?.[1];
  statusBox.classList.toggle('error', Boolean(error));
  statusBox.setAttribute('role', error ? 'alert' : 'status');
  // The error first: it is what the person must read.
  const parts = [...notes.values()].filter((note) => note !== error);
  if (pending > 0) parts.unshift('Loading…');
  statusBox.textContent = error ? [error, ...parts].join(' ') : parts.join(' ');
  document.body.setAttribute('aria-busy', String(pending > 0));
}

/** The last failure, to tell "no such entity" from "the server could not answer". */
let lastError: ApiError | null = null;

async function busy<T>(work: Promise<T>): Promise<T | undefined> {
  pending++;
  renderStatus();
  try {
    const result = await work;
    pending--;
    renderStatus();
    return result;
  } catch (error) {
    pending--;
    lastError = error instanceof ApiError ? error : new ApiError(`Something went wrong: ${String(error)}`, 'INTERNAL_SERVER_ERROR');
    notes.set('error:last', lastError.message);
    renderStatus(lastError.message);
    return undefined;
  }
}

const asOf = (): string => (state.at ? ` as of ${state.at}` : '');
const filters = (s: ViewState = state): Filters => ({ hiddenTypes: s.hiddenTypes, hiddenKinds: s.hiddenKinds });

// --- the graph -----------------------------------------------------------------------------------
const graph = createGraphView(byId('graph'), (id, position) =>
  commit((next) => {
    next.pins.set(id, position);
  }),
);

const neighbourhoods = new Map<string, Subgraph>();
const pathsFound = new Map<string, PathResult[]>();
const filterKey = (s: ViewState): string => [s.at ?? '', s.hiddenTypes.join(','), s.hiddenKinds.join(','), s.limit].join('|');
const pathKey = (s: ViewState): string => (s.path ? `${s.path.from}>${s.path.to}|${filterKey(s)}` : '');

/** Timings of the last draw, for the browser tests' printed measurements. */
const timings = { fetchMs: 0, drawMs: 0, added: 0 };

let drawNo = 0;
let shownDetails = '';
let shownTimeline = '';
let shownPaths = '';

async function draw(): Promise<void> {
  const mine = ++drawNo;
  const s = state;
  const started = performance.now();
  const key = filterKey(s);
  const missing = s.ids.filter((id) => !neighbourhoods.has(`${id}|${key}`));
  const fetches: Promise<unknown>[] = missing.map(async (id) => {
    const subgraph = await busy(neighborhood(id, s.at, filters(s), s.limit));
    if (subgraph) neighbourhoods.set(`${id}|${key}`, subgraph);
  });
  if (s.path && !pathsFound.has(pathKey(s))) {
    const { from, to } = s.path;
    pathResults.replaceChildren(el('p', { className: 'muted', textContent: 'Looking for paths…' }));
    fetches.push(
      busy(findPaths(from, to, s.at, filters(s))).then((paths) => {
        if (paths) pathsFound.set(pathKey(s), paths);
      }),
    );
  }
  await Promise.all(fetches);
  if (mine !== drawNo) return;
  const fetched = performance.now();

  // An id the API does not know comes back as an empty neighbourhood: say so, and drop it.
  const unknown = s.ids.filter((id) => neighbourhoods.get(`${id}|${key}`)?.nodes.length === 0);
  for (const id of unknown) notes.set(`error:missing:${id}`, `No entity has the id “${id}”: it was left out of the view.`);
  if (unknown.length > 0) amend((next) => (next.ids = next.ids.filter((id) => !unknown.includes(id))));

  const nodes = new Map<string, PlacedNode>();
  const edges = new Map<string, GraphEdgeData>();
  const removed = new Set(s.removed);
  const hiddenKinds = new Set<string>(s.hiddenKinds);
  const hiddenTypes = new Set(s.hiddenTypes);
  for (const id of s.ids) {
    const subgraph = neighbourhoods.get(`${id}|${key}`);
    if (!subgraph) continue;
    const label = subgraph.nodes.find((node) => node.id === id)?.label ?? id;
    if (subgraph.truncated) notes.set(`truncated:${id}`, `${label}: too many neighbours, only the first ${s.limit} are shown.`);
    else notes.delete(`truncated:${id}`);
    for (const node of subgraph.nodes) if (!nodes.has(node.id)) nodes.set(node.id, { ...node, anchor: node.id === id ? undefined : id });
    for (const edge of subgraph.edges) edges.set(edge.id, edge);
  }
  const paths = s.path ? pathsFound.get(pathKey(s)) : undefined;
  const shownPath = paths?.[Math.min(s.pathIndex, paths.length - 1)] ?? null;
  if (shownPath) {
    shownPath.nodes.forEach((node, i) => {
      if (!nodes.has(node.id)) nodes.set(node.id, { id: node.id, kind: node.kind, label: node.name, anchor: shownPath.nodes[i - 1]?.id });
    });
    for (const r of shownPath.relationships) edges.set(r.id, { id: r.id, type: r.type, source: r.from.id, target: r.to.id });
  }
  const kept = [...nodes.values()].filter((node) => !removed.has(node.id) && !hiddenKinds.has(node.kind));
  const result = graph.sync({
    nodes: kept,
    edges: [...edges.values()].filter((edge) => !hiddenTypes.has(edge.type)),
    expanded: new Set(s.ids),
    hidden: new Set(s.hidden),
    pins: s.pins,
  });
  graph.highlightPath(shownPath);
  graph.setLabels(s.labels);
  graph.cy.batch(() => {
    graph.cy.$(':selected').unselect();
    for (const id of s.selected) graph.cy.getElementById(id).select();
    if (s.rel) graph.cy.getElementById(s.rel).select();
  });
  timings.fetchMs = fetched - started;
  timings.drawMs = performance.now() - fetched;
  timings.added = result.added.length;

  emptyHint.hidden = graph.cy.nodes().nonempty();
  renderStatus();
  renderControls();
  renderLegend();
  showTab(s.tab);
  const detailsKey = `${s.selected.join(',')}|${s.rel ?? ''}|${key}|${s.ids.join(',')}|${s.hidden.join(',')}`;
  const timelineKey = graph.visibleIds().sort().join(',') + `|${s.at ?? ''}`;
  const pathsKey = `${pathKey(s)}|${s.pathIndex}|${paths ? 'found' : ''}`;
  const work: Promise<void>[] = [];
  if (detailsKey !== shownDetails) {
    shownDetails = detailsKey;
    work.push(renderSelection(s));
  }
  if (timelineKey !== shownTimeline) {
    shownTimeline = timelineKey;
    work.push(refreshTimeline());
  }
  if (pathsKey !== shownPaths) {
    shownPaths = pathsKey;
    if (s.path && paths) renderPaths(paths, s);
    else if (!s.path) pathResults.replaceChildren();
    else pathResults.replaceChildren(el('p', { className: 'error', textContent: 'Could not find paths (see the message above).' }));
  }
  await Promise.all(work);
}

graph.cy.on('tap', 'node', (event) => {
  const id = (event.target as { id(): string }).id();
  const original = event.originalEvent as MouseEvent | undefined;
  if (original && (original.shiftKey || original.ctrlKey || original.metaKey)) {
    // Multi-select: add or take out of the selection, nothing else.
    commit((next) => {
      next.rel = null;
      next.selected = next.selected.includes(id) ? next.selected.filter((other) => other !== id) : [...next.selected, id];
    });
    return;
  }
  commit((next) => {
    next.selected = [id];
    next.rel = null;
    next.tab = 'details';
    if (!next.ids.includes(id)) next.ids.push(id);
    next.removed = next.removed.filter((other) => other !== id);
  });
  openSheet();
});

graph.cy.on('tap', 'edge', (event) => {
  const id = (event.target as { id(): string }).id();
  commit((next) => {
    next.rel = id;
    next.selected = [];
    next.tab = 'details';
  });
  openSheet();
});

// Shift-drag draws a box: its nodes become the selection (one history entry for the box).
graph.cy.on('boxend', () => {
  window.setTimeout(() => {
    const ids = graph.cy.nodes(':selected').map((node) => node.id());
    if (ids.join(',') !== state.selected.join(',')) commit((next) => ((next.selected = ids), (next.rel = null)));
  }, 0);
});

function open(entity: EntityRef): void {
  for (const key of notes.keys()) if (key.startsWith('error:')) notes.delete(key);
  commit((next) => {
    if (!next.ids.includes(entity.id)) next.ids.push(entity.id);
    next.selected = [entity.id];
    next.rel = null;
    next.tab = 'details';
    next.removed = next.removed.filter((id) => id !== entity.id);
    next.hidden = next.hidden.filter((id) => id !== entity.id);
    if (next.hiddenKinds.includes(entity.kind)) next.hiddenKinds = next.hiddenKinds.filter((kind) => kind !== entity.kind);
  });
}

/** Collapse: the node stays, the neighbours only it brought go. */
const collapse = (ids: string[]): void => commit((next) => (next.ids = next.ids.filter((id) => !ids.includes(id))));
const hide = (ids: string[]): void =>
  commit((next) => {
    next.hidden = [...new Set([...next.hidden, ...ids])];
    next.selected = next.selected.filter((id) => !ids.includes(id));
  });
const remove = (ids: string[]): void =>
  commit((next) => {
    next.ids = next.ids.filter((id) => !ids.includes(id));
    next.removed = [...new Set([...next.removed, ...ids])];
    next.selected = next.selected.filter((id) => !ids.includes(id));
    for (const id of ids) next.pins.delete(id);
  });
const expandAll = (ids: string[]): void => commit((next) => (next.ids = [...new Set([...next.ids, ...ids])]));

// --- toolbar: fit, zoom, labels, filters, export, hidden ------------------------------------------
byId('fit').addEventListener('click', () => graph.fit());
byId('zoom-in').addEventListener('click', () => graph.zoomBy(1.25));
byId('zoom-out').addEventListener('click', () => graph.zoomBy(0.8));
const labelsSelect = byId<HTMLSelectElement>('labels');
labelsSelect.addEventListener('change', () => commit((next) => (next.labels = labelsSelect.value as LabelMode)));
byId('show-hidden').addEventListener('click', () => commit((next) => (next.hidden = [])));

function popover(toggleId: string, boxId: string): void {
  const toggle = byId<HTMLButtonElement>(toggleId);
  const box = byId(boxId);
  toggle.addEventListener('click', () => {
    box.hidden = !box.hidden;
    toggle.setAttribute('aria-expanded', String(!box.hidden));
    for (const other of document.querySelectorAll<HTMLElement>('.popover')) {
      if (other !== box) other.hidden = true;
    }
  });
}
popover('filters-toggle', 'filters');
popover('export-toggle', 'export-menu');

const filterKinds = byId('filter-kinds');
const filterTypes = byId('filter-types');
for (const kind of ENTITY_KINDS) {
  const box = el('input', { type: 'checkbox', checked: true, value: kind });
  box.dataset.kind = kind;
  box.addEventListener('change', () =>
    commit((next) => {
      next.hiddenKinds = box.checked ? next.hiddenKinds.filter((k) => k !== kind) : [...next.hiddenKinds, kind];
    }),
  );
  const label = el('label', {}, box);
  label.insertAdjacentHTML('beforeend', kindIcon(kind));
  label.append(KIND_LABELS[kind]);
  filterKinds.append(label);
}
for (const type of RELATIONSHIP_TYPES) {
  const box = el('input', { type: 'checkbox', checked: true, value: type });
  box.dataset.type = type;
  box.addEventListener('change', () =>
    commit((next) => {
      next.hiddenTypes = box.checked ? next.hiddenTypes.filter((t) => t !== type) : [...next.hiddenTypes, type];
    }),
  );
  const swatch = el('span', { className: 'swatch' });
  swatch.style.background = typeColor(type);
  filterTypes.append(el('label', {}, box, swatch, el('code', { textContent: type })));
}

function renderControls(): void {
  for (const box of filterKinds.querySelectorAll('input')) box.checked = !state.hiddenKinds.includes(box.value as EntityKind);
  for (const box of filterTypes.querySelectorAll('input')) box.checked = !state.hiddenTypes.includes(box.value);
  const hiddenCount = state.hiddenKinds.length + state.hiddenTypes.length;
  byId('filters-toggle').textContent = hiddenCount > 0 ? `Filters (${hiddenCount} hidden)` : 'Filters';
  const showHidden = byId<HTMLButtonElement>('show-hidden');
  showHidden.hidden = state.hidden.length === 0;
  showHidden.textContent = `Show ${state.hidden.length} hidden`;
  labelsSelect.value = state.labels;
  dateInput.value = document.activeElement === dateInput && !isCompleteDate(dateInput.value) ? dateInput.value : (state.at ?? '');
  byId('date-label').textContent = state.at ? `The graph as of ${state.at}` : 'The graph at any date';
}

function renderLegend(): void {
  const kinds = new Map<EntityKind, number>();
  const types = new Map<string, number>();
  graph.cy
    .nodes()
    .not('.hidden')
    .forEach((node) => void kinds.set(node.data('kind') as EntityKind, (kinds.get(node.data('kind') as EntityKind) ?? 0) + 1));
  graph.cy
    .edges()
    .not('.hidden')
    .forEach((edge) => void types.set(edge.data('type') as string, (types.get(edge.data('type') as string) ?? 0) + 1));
  const kindList = el('ul', { className: 'legend-kinds' });
  for (const kind of ENTITY_KINDS) {
    const item = el('li', { className: kinds.has(kind) ? '' : 'absent' });
    item.dataset.kind = kind;
    item.insertAdjacentHTML('beforeend', kindIcon(kind));
    item.append(`${KIND_NAMES[kind]}${kinds.has(kind) ? ` ${kinds.get(kind)}` : ''}`);
    kindList.append(item);
  }
  const typeList = el('ul', { className: 'legend-types' });
  for (const [type, count] of [...types].sort((a, b) => b[1] - a[1])) {
    const swatch = el('span', { className: 'line' });
    swatch.style.background = typeColor(type);
    const item = el('li', {}, swatch, `${type} ${count}`);
    item.dataset.type = type;
    typeList.append(item);
  }
  legend.replaceChildren(kindList, typeList);
  legend.hidden = graph.cy.nodes().empty();
}

const exportAs = (id: string, save: () => void | Promise<void>): void =>
  byId(id).addEventListener('click', () => {
    byId('export-menu').hidden = true;
    byId('export-toggle').setAttribute('aria-expanded', 'false');
    void busy(Promise.resolve(save()));
  });
exportAs('export-png', () => download('newsgraph-view.png', pngBlob(graph.cy), 'image/png'));
exportAs('export-graphml', async () => {
  // The canvas holds ids, names and kinds; the rest of each record is fetched now, for what is shown.
  const shown = graph.cy.elements().not('.hidden');
  const details = await exportDetails(
    shown.nodes().map((node) => node.id()),
    shown.edges().map((edge) => edge.id()),
  );
  download('newsgraph-view.graphml', toGraphml(graph.cy, details), 'application/graphml+xml');
});
exportAs('export-csv-nodes', () => download('newsgraph-nodes.csv', nodesCsv(graph.cy), 'text/csv'));
exportAs('export-csv-edges', () => download('newsgraph-edges.csv', edgesCsv(graph.cy), 'text/csv'));

// --- panels: tabs, and the bottom sheet at phone width -------------------------------------------
const TABS: Tab[] = ['details', 'paths', 'timeline'];
function showTab(tab: Tab): void {
  for (const name of TABS) {
    byId(`tab-${name}`).setAttribute('aria-selected', String(name === tab));
    byId(`tab-${name}`).tabIndex = name === tab ? 0 : -1;
    byId(`pane-${name}`).hidden = name !== tab;
  }
}
for (const name of TABS) {
  byId(`tab-${name}`).addEventListener('click', () => {
    // A tab is not an action to undo: it rewrites the current entry.
    amend((next) => (next.tab = name));
    showTab(name);
    openSheet();
  });
}
byId('tab-details').parentElement!.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
  const next = TABS[(TABS.indexOf(state.tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
  amend((s) => (s.tab = next));
  showTab(next);
  byId(`tab-${next}`).focus();
});
function openSheet(open = true): void {
  panel.classList.toggle('open', open);
  const toggle = byId('sheet-toggle');
  toggle.setAttribute('aria-expanded', String(open));
  toggle.setAttribute('aria-label', open ? 'Close the panel' : 'Open the panel');
  toggle.textContent = open ? '▾' : '▴';
}
byId('sheet-toggle').addEventListener('click', () => openSheet(!panel.classList.contains('open')));

// --- details panel -------------------------------------------------------------------------------
function entityButton(entity: EntityRef): HTMLButtonElement {
  const b = button(entity.name, () => open(entity), { className: `link kind-${entity.kind.toLowerCase()}` });
  b.dataset.entityId = entity.id;
  b.title = `Open ${entity.name} (${KIND_NAMES[entity.kind]})`;
  return b;
}

function evidenceList(relationship: Relationship): HTMLElement {
  const list = el('ul', { className: 'evidence' });
  for (const evidence of relationship.evidence) {
    const source = evidence.source.url
      ? el('a', { href: evidence.source.url, target: '_blank', rel: 'noopener noreferrer', textContent: evidence.source.title })
      : el('span', { textContent: evidence.source.title });
    list.append(
      el(
        'li',
        {},
        el('blockquote', { textContent: `“${evidence.quote}”` }),
        el('cite', {}, '— ', source, evidence.source.publisher ? ` (${evidence.source.publisher})` : ''),
      ),
    );
  }
  if (relationship.evidence.length === 0) list.append(el('li', { className: 'muted', textContent: 'No evidence recorded.' }));
  return list;
}

function qualifiers(relationship: Relationship): string {
  const parts: string[] = [];
  if (relationship.title) parts.push(relationship.title);
  if (relationship.role) parts.push(relationship.role);
  if (relationship.quantity !== null) parts.push(relationship.quantity.toLocaleString('en'));
  if (relationship.validFrom || relationship.validTo) parts.push(`${relationship.validFrom ?? '…'} → ${relationship.validTo ?? '…'}`);
  if (relationship.confidence !== null && relationship.confidence < 1) parts.push(`confidence ${relationship.confidence}`);
  return parts.join(' · ');
}

function nodeActions(entity: EntityRef): HTMLElement {
  const expanded = state.ids.includes(entity.id);
  return el(
    'div',
    { className: 'actions' },
    expanded
      ? button('Collapse', () => collapse([entity.id]), { title: 'Take away the neighbours only this node brought' })
      : button('Show its neighbours', () => expandAll([entity.id])),
    button('Hide', () => hide([entity.id])),
    button('Remove', () => remove([entity.id])),
    button('Path from here', () => setPathEnd(pathFrom, entity)),
    button('Path to here', () => setPathEnd(pathTo, entity)),
  );
}

function renderDetails(entity: EntityDetails): void {
  const fields = el('dl', { className: 'fields' });
  const field = (name: string, value: string | number | null | undefined): void => {
    if (value === null || value === undefined || value === '') return;
    fields.append(el('dt', { textContent: name }), el('dd', { textContent: String(value) }));
  };
  field('Id', entity.id);
  field('Kind', entity.kind);
  field('Also known as', entity.aliases.join(', '));
  field('Title', entity.title);
  field('ISO code', entity.isoCode);
  field('Event type', entity.eventType);
  if (entity.startDate) field('Start', formatDate(entity.startDate, entity.datePrecision));
  if (entity.endDate) field('End', formatDate(entity.endDate, entity.datePrecision));
  field('Place type', entity.placeType);
  field('Wikidata', entity.wikidataId);
  field('Relationships', entity.degree);

  const children: (Node | string)[] = [
    el('h2', { id: 'details-title', textContent: entity.name }),
    el('p', { className: `badge kind-${entity.kind.toLowerCase()}`, textContent: KIND_NAMES[entity.kind] }),
  ];
  if (entity.description) children.push(el('p', { className: 'description', textContent: entity.description }));
  children.push(nodeActions(entity), fields);
  if (entity.leaders) {
    const leaders = el(
      'p',
      { className: 'leaders' },
      el('strong', { textContent: `Leaders${state.at ? ` on ${state.at}` : ' (any date)'}: ` }),
    );
    if (entity.leaders.length === 0) leaders.append('none recorded');
    entity.leaders.forEach((leader, i) => leaders.append(...(i > 0 ? [', '] : []), entityButton(leader)));
    children.push(leaders);
  }

  // Grouped by type, with counts; the other end's kind hidden by the filters leaves it out too.
  const groups = new Map<string, Relationship[]>();
  let leftOut = 0;
  for (const { node: r } of entity.relationships.edges) {
    const other = r.from.id === entity.id ? r.to : r.from;
    if (state.hiddenKinds.includes(other.kind)) {
      leftOut++;
      continue;
    }
    groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
  }
  const shown = entity.relationships.totalCount - leftOut;
  const relationships = el('div', { className: 'relationships' });
  for (const [type, members] of [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    const list = el('ul', {});
    for (const r of members) {
      const outgoing = r.from.id === entity.id;
      const other = outgoing ? r.to : r.from;
      const line = el(
        'div',
        { className: 'relationship-line' },
        outgoing ? '→ ' : '← ',
        el('code', { textContent: r.type }),
        outgoing ? ' → ' : ' ← ',
        entityButton(other),
      );
      const item = el('li', {}, line);
      const extra = qualifiers(r);
      if (extra) item.append(el('div', { className: 'muted', textContent: extra }));
      item.append(evidenceList(r));
      list.append(item);
    }
    const summary = el('summary', {}, el('code', { textContent: type }), ` ${members.length}`);
    const group = el('details', { className: 'rel-group', open: groups.size <= 4 || members.length <= 3 }, summary, list);
    group.dataset.type = type;
    relationships.append(group);
  }
  const hiddenNote =
    state.hiddenTypes.length + leftOut > 0
      ? ` — filters hide ${state.hiddenTypes.length > 0 ? 'some types' : ''}${leftOut > 0 ? `${state.hiddenTypes.length > 0 ? ', ' : ''}${leftOut} more` : ''}`
      : '';
  children.push(
    el('h3', { textContent: `Relationships${asOf()} (${shown})${hiddenNote}` }),
    shown === 0 ? el('p', { className: 'muted', textContent: `No relationship${asOf()}.` }) : relationships,
  );
  details.replaceChildren(...children);
}

function renderRelationship(r: Relationship): void {
  const extra = qualifiers(r);
  details.replaceChildren(
    el('h2', { id: 'details-title', textContent: r.type }),
    el('p', { className: 'badge relationship-badge', textContent: 'Relationship' }),
    el(
      'div',
      { className: 'relationship-line' },
      entityButton(r.from),
      ' → ',
      el('code', { textContent: r.type }),
      ' → ',
      entityButton(r.to),
    ),
    ...(extra ? [el('p', { className: 'muted', textContent: extra })] : []),
    el('h3', { textContent: `Evidence (${r.evidence.length})` }),
    evidenceList(r),
  );
}

async function renderSelection(s: ViewState): Promise<void> {
  if (s.rel) {
    details.replaceChildren(el('p', { className: 'muted', textContent: 'Loading…' }));
    const r = await busy(fetchRelationship(s.rel));
    if (state !== s) return;
    if (r) renderRelationship(r);
    else
      details.replaceChildren(
        el('p', {
          className: 'error',
          textContent: r === null ? `No relationship has the id “${s.rel}”.` : 'Could not load this relationship.',
        }),
      );
    return;
  }
  if (s.selected.length === 0) {
    details.replaceChildren(
      el('p', {
        className: 'muted',
        textContent: 'Select a node to see its fields, relationships and evidence; click an edge to read its evidence.',
      }),
      el('p', { className: 'muted small', textContent: 'Shift-click or Shift-drag selects several nodes. Drag a node to pin it.' }),
    );
    return;
  }
  if (s.selected.length > 1) {
    const names = s.selected.map((id) => {
      const node = graph.cy.getElementById(id);
      return node.nonempty()
        ? entityButton({ id, name: String(node.data('label')), kind: node.data('kind') as EntityKind })
        : el('span', { textContent: id });
    });
    const list = el('ul', { className: 'selection' }, ...names.map((name) => el('li', {}, name)));
    const actions = el(
      'div',
      { className: 'actions' },
      button('Show their neighbours', () => expandAll(s.selected)),
      button('Collapse', () => collapse(s.selected)),
      button('Hide', () => hide(s.selected)),
      button('Remove', () => remove(s.selected)),
    );
    if (s.selected.length === 2) {
      actions.append(
        button('Paths between them', () =>
          commit((next) => {
            next.path = { from: s.selected[0], to: s.selected[1] };
            next.pathIndex = 0;
            next.tab = 'paths';
          }),
        ),
      );
    }
    details.replaceChildren(el('h2', { id: 'details-title', textContent: `${s.selected.length} selected` }), actions, list);
    return;
  }
  const id = s.selected[0];
  details.replaceChildren(el('p', { className: 'muted', textContent: 'Loading…' }));
  const entity = await busy(entityDetails(id, s.at, filters(s)));
  if (state !== s && state.selected.join(',') !== s.selected.join(',')) return;
  if (entity === undefined)
    details.replaceChildren(el('p', { className: 'error', textContent: 'Could not load this entity (see the message above).' }));
  else if (entity === null) details.replaceChildren(el('p', { className: 'error', textContent: `No entity has the id “${id}”.` }));
  else renderDetails(entity);
}

// --- path finder ---------------------------------------------------------------------------------
const pathFrom = createCombobox(byId<HTMLInputElement>('path-from'), () => undefined, true);
const pathTo = createCombobox(byId<HTMLInputElement>('path-to'), () => undefined, true);

function setPathEnd(box: Combobox, entity: EntityRef): void {
  box.set(entity);
  amend((next) => (next.tab = 'paths'));
  showTab('paths');
  openSheet();
}

/** A path's title: its relationship types, so alternatives read differently. */
const typesTitle = (path: PathResult): string => path.relationships.map((r) => r.type).join(' → ');

function renderPaths(paths: PathResult[], s: ViewState): void {
  const from = pathFrom.value()?.name ?? s.path?.from ?? '';
  const to = pathTo.value()?.name ?? s.path?.to ?? '';
  if (paths.length === 0) {
    pathResults.replaceChildren(el('p', { className: 'muted', textContent: `No path between ${from} and ${to} within 4 hops${asOf()}.` }));
    return;
  }
  const first = paths[0];
  if (!pathFrom.value() || pathFrom.value()?.id !== first.nodes[0].id) pathFrom.set(first.nodes[0]);
  if (!pathTo.value() || pathTo.value()?.id !== first.nodes[first.nodes.length - 1].id) pathTo.set(first.nodes[first.nodes.length - 1]);
  const titles = new Map<string, number>();
  for (const path of paths) titles.set(typesTitle(path), (titles.get(typesTitle(path)) ?? 0) + 1);
  const shortest = Math.min(...paths.map((path) => path.length));
  const list = el('ol', { className: 'paths' });
  paths.forEach((path, index) => {
    const hops = el('ol', { className: 'hops' });
    path.relationships.forEach((r, i) => {
      const here = path.nodes[i];
      const there = path.nodes[i + 1];
      const forward = r.from.id === here.id;
      hops.append(
        el(
          'li',
          { className: 'hop' },
          el(
            'div',
            { className: 'relationship-line' },
            entityButton(here),
            forward ? ' → ' : ' ← ',
            el('code', { textContent: r.type }),
            forward ? ' → ' : ' ← ',
            entityButton(there),
          ),
          evidenceList(r),
        ),
      );
    });
    // Equal type sequences are told apart by the entities they pass through.
    const via = path.nodes.slice(1, -1).map((node) => node.name);
    const title = `${path.length === shortest ? 'Shortest' : 'Longer'}: ${typesTitle(path)}${(titles.get(typesTitle(path)) ?? 0) > 1 && via.length > 0 ? ` via ${via.join(', ')}` : ''}`;
    const quoted = path.relationships.filter((r) => r.evidence.length > 0).length;
    const item = el(
      'li',
      { className: `path${index === s.pathIndex ? ' shown' : ''}` },
      el('h4', { textContent: title }),
      el('p', {
        className: 'path-nodes muted',
        textContent: `${path.nodes.map((node) => node.name).join(' → ')} (${path.length} hop${path.length === 1 ? '' : 's'}, ${quoted} quoted)`,
      }),
      index === s.pathIndex
        ? el('p', { className: 'small', textContent: 'Drawn on the graph.' })
        : button('Show on graph', () => commit((next) => (next.pathIndex = index))),
      hops,
    );
    list.append(item);
  });
  pathResults.replaceChildren(list);
}

/** The entity a path finder box means: the suggestion picked, else the typed name when it names one. */
async function resolveEnd(box: Combobox): Promise<EntityRef | SearchHit[] | null> {
  const picked = box.value();
  if (picked) return picked;
  const text = box.text();
  if (!text) return null;
  const hits = (await busy(search(text, 12))) ?? [];
  const needle = text.toLocaleLowerCase();
  const exact = hits.filter(
    (hit) => hit.name.toLocaleLowerCase() === needle || hit.aliases.some((alias) => alias.toLocaleLowerCase() === needle),
  );
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return exact;
  return hits.length === 1 ? hits[0] : hits;
}

byId<HTMLFormElement>('path-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    pathChoice.replaceChildren();
    const ends: [Combobox, EntityRef | SearchHit[] | null][] = [
      [pathFrom, await resolveEnd(pathFrom)],
      [pathTo, await resolveEnd(pathTo)],
    ];
    for (const [box, end] of ends) {
      if (end === null) {
        pathResults.replaceChildren(el('p', { className: 'error', textContent: 'Type or pick both ends of the path first.' }));
        return;
      }
      if (Array.isArray(end)) {
        // Several entities answer to this name (or none exactly): let the person choose.
        const which = box === pathFrom ? 'From' : 'To';
        const heading = end.length === 0 ? `${which}: no entity matches “${box.text()}”.` : `${which}: which “${box.text()}” do you mean?`;
        const options = el('ul', { className: 'choices' });
        for (const hit of end) {
          const choose = button(`${hit.name} (${KIND_NAMES[hit.kind]})`, () => {
            box.set(hit);
            byId<HTMLFormElement>('path-form').requestSubmit();
          });
          choose.dataset.entityId = hit.id;
          options.append(el('li', {}, choose));
        }
        pathChoice.replaceChildren(el('p', { className: end.length === 0 ? 'error' : '', textContent: heading }), options);
        pathResults.replaceChildren();
        return;
      }
      box.set(end);
    }
    const from = (ends[0][1] as EntityRef).id;
    const to = (ends[1][1] as EntityRef).id;
    commit((next) => {
      next.path = { from, to };
      next.pathIndex = 0;
      next.tab = 'paths';
    });
  })();
});

// --- timeline ------------------------------------------------------------------------------------
let timelineRequest = 0;
let timelineEvents: TimelineEvent[] = [];
async function refreshTimeline(): Promise<void> {
  const ids = graph.visibleIds();
  const mine = ++timelineRequest;
  if (ids.length === 0) {
    timelineEvents = [];
    updateSlider();
    timelineBox.replaceChildren(el('p', { className: 'muted', textContent: 'The events of the entities on screen appear here.' }));
    return;
  }
  const events = await busy(timeline(ids));
  if (mine !== timelineRequest || events === undefined) return;
  timelineEvents = events;
  updateSlider();
  if (events.length === 0) {
    timelineBox.replaceChildren(el('p', { className: 'muted', textContent: 'No events for the entities on screen.' }));
    return;
  }
  const list = el('ol', { className: 'timeline' });
  for (const event of events) {
    const later = Boolean(state.at && event.startDate && startsAfter(event.startDate, event.datePrecision, state.at));
    const item = el(
      'li',
      { className: later ? 'later' : '' },
      el('time', { dateTime: event.startDate ?? '', textContent: formatDate(event.startDate, event.datePrecision) }),
      ' ',
      entityButton(event),
      el('span', { className: 'muted', textContent: ` ${event.eventType.toLowerCase().replaceAll('_', ' ')}` }),
    );
    item.dataset.eventId = event.id;
    if (later) item.title = `Not started yet on ${state.at}`;
    // Linked to the graph: hovering an event highlights it and the entities it ties together.
    const highlight = (): void => {
      const node = graph.cy.getElementById(event.id);
      graph.hover(node.nonempty() ? [event.id, ...node.neighborhood('node').map((n) => n.id())] : []);
    };
    item.addEventListener('mouseenter', highlight);
    item.addEventListener('focusin', highlight);
    item.addEventListener('mouseleave', () => graph.hover(null));
    item.addEventListener('focusout', () => graph.hover(null));
    list.append(item);
  }
  timelineBox.replaceChildren(list);
}

// --- date: typed (applied once complete) or slid over the events on screen ------------------------
function updateSlider(): void {
  const dates = timelineEvents
    .map((event) => event.startDate)
    .filter((date): date is string => Boolean(date))
    .sort();
  if (dates.length === 0) {
    dateSlider.disabled = true;
    datePreview.textContent = '';
    return;
  }
  const min = dayNumber(dates[0]);
  const max = Math.max(dayNumber(dates[dates.length - 1]), min + 1);
  dateSlider.disabled = false;
  dateSlider.min = String(min);
  dateSlider.max = String(max);
  dateSlider.step = '1';
  dateSlider.value = String(state.at ? Math.min(max, Math.max(min, dayNumber(state.at))) : max);
  dateSlider.title = `${dates[0]} … ${dates[dates.length - 1]}`;
}

function setDate(value: string | null): void {
  const at = value && isCompleteDate(value) ? value : null;
  if (at === state.at) return;
  for (const key of notes.keys()) if (key.startsWith('error:')) notes.delete(key);
  commit((next) => (next.at = at));
}

let dateTimer: number | undefined;
dateInput.addEventListener('input', () => {
  window.clearTimeout(dateTimer);
  const value = dateInput.value.trim();
  dateInput.classList.toggle('incomplete', value.length > 0 && !isCompleteDate(value));
  // Nothing is asked of the server until the date is a whole, real date.
  if (isCompleteDate(value)) dateTimer = window.setTimeout(() => setDate(value), 250);
  else if (value === '') dateTimer = window.setTimeout(() => setDate(null), 250);
});
dateInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && isCompleteDate(dateInput.value.trim())) {
    window.clearTimeout(dateTimer);
    setDate(dateInput.value.trim());
  }
});
dateSlider.addEventListener('input', () => (datePreview.textContent = dayDate(Number(dateSlider.value))));
dateSlider.addEventListener('change', () => {
  datePreview.textContent = '';
  setDate(dayDate(Number(dateSlider.value)));
});
byId<HTMLButtonElement>('date-clear').addEventListener('click', () => setDate(null));

// --- start ---------------------------------------------------------------------------------------
createCombobox(byId<HTMLInputElement>('search'), (entity) => open(entity));
window.addEventListener('popstate', () => {
  // Back and Forward: the entry's view, drawn by difference (what stays keeps its place).
  for (const key of notes.keys()) if (key.startsWith('error:')) notes.delete(key);
  state = readState();
  void draw();
});
window.addEventListener('hashchange', () => {
  // A hash typed or pasted by hand (popstate has already drawn it when it is the current state).
  if (hashOf(readState()) === hashOf(state)) return;
  state = readState();
  void draw();
});
history.replaceState(null, '', hashOf(state) || window.location.pathname);
void draw();

// A small read-only handle for the browser tests and for curious people in the console.
Object.assign(window, {
  newsgraphExplorer: {
    nodeIds: (): string[] => graph.entityIds().sort(),
    visibleNodeIds: (): string[] => graph.visibleIds().sort(),
    edgeCount: (): number => graph.cy.edges().length,
    edgeTypes: (): string[] => [...new Set(graph.cy.edges().map((edge) => String(edge.data('type'))))].sort(),
    /** Where a node is drawn, in page coordinates (to click it). */
    nodePosition: (id: string): { x: number; y: number } | null => {
      const node = graph.cy.getElementById(id);
      if (node.empty()) return null;
      const box = byId('graph').getBoundingClientRect();
      const position = node.renderedPosition();
      return { x: box.left + position.x, y: box.top + position.y };
    },
    /** Where an edge's midpoint is drawn, in page coordinates. */
    edgePosition: (id: string): { x: number; y: number } | null => {
      const edge = graph.cy.getElementById(id);
      if (edge.empty()) return null;
      const box = byId('graph').getBoundingClientRect();
      const position = edge.renderedMidpoint();
      return { x: box.left + position.x, y: box.top + position.y };
    },
    /** The id of a drawn edge between two nodes (either direction), or null. */
    edgeBetween: (a: string, b: string): string | null => {
      const edge = graph.cy.getElementById(a).edgesWith(graph.cy.getElementById(b)).first();
      return edge.nonempty() ? edge.id() : null;
    },
    /** Model positions of every node (independent of pan and zoom). */
    positions: (): Record<string, { x: number; y: number }> =>
      Object.fromEntries(graph.cy.nodes().map((node) => [node.id(), { ...node.position() }])),
    nodeSize: (id: string): number => Number(graph.cy.getElementById(id).data('size')),
    hovered: (): string[] =>
      graph.cy
        .nodes('.hover')
        .map((node) => node.id())
        .sort(),
    panBy: (dx: number, dy: number): void => void graph.cy.panBy({ x: dx, y: dy }),
    zoom: (): number => graph.cy.zoom(),
    timings: () => ({ ...timings }),
    busy: (): boolean => pending > 0,
  },
});
