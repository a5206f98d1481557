// The NewsGraph explorer: search an entity, see its neighbourhood, expand nodes in place, read each
// relationship's evidence, find paths between two entities, follow the events on a timeline, and
// look at the graph as of a date. The whole view lives in the URL hash (see state.ts): every action
// pushes one history entry, so Back and Forward undo and redo, and a link gives the same view back.
// Proposed facts (extracted by ingest) are drawn dashed and reviewed from the details panel; the
// Sources tab reads an article's stored text with the entities it names highlighted.
import './style.css';

import {
  ApiError,
  ENTITY_KINDS,
  entityDetails,
  entitySources,
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
  ReviewDecision,
  reviewRelationship,
  search,
  SearchHit,
  SourceRef,
  sourceText,
  SourceText,
  Subgraph,
  timeline,
  TimelineEvent,
  writeAccess,
  WriteAccess,
} from './api';
import { articleText } from './article';
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
const sourcesBox = byId<HTMLElement>('sources');
const legend = byId<HTMLElement>('legend');
const panel = byId<HTMLElement>('panel');

// --- history: each action pushes the whole view ----------------------------------------------------
/** Changes the view: a copy of the state is edited, pushed as a new history entry, then drawn. */
function commit(change: (next: ViewState) => void, options: { replace?: boolean } = {}): void {
  reviewNote = null;
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
    for (const r of shownPath.relationships)
      edges.set(r.id, { id: r.id, type: r.type, source: r.from.id, target: r.to.id, status: r.status });
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
  if (s.tab === 'sources') work.push(refreshSources(s));
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
    // The Sources tab follows the selection (Back returns to the article).
    next.source = null;
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
    next.source = null;
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
    next.source = null;
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
  const proposed = graph.cy.edges('[status = "PROPOSED"]').not('.hidden').length;
  if (proposed > 0) {
    const item = el('li', { className: 'legend-proposed' }, el('span', { className: 'line dashed' }), `proposed, not reviewed ${proposed}`);
    item.title = 'Dashed: facts extracted from articles, not reviewed yet (accept or reject them in Details)';
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
const TABS: Tab[] = ['details', 'paths', 'timeline', 'sources'];
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
    if (name === 'sources') void refreshSources(state);
  });
}
byId('tab-details').parentElement!.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
  const next = TABS[(TABS.indexOf(state.tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
  amend((s) => (s.tab = next));
  showTab(next);
  if (next === 'sources') void refreshSources(state);
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

/** A link only for http(s) addresses: a stored url is data, and `javascript:` must never become a link. */
function sourceLink(source: SourceRef): HTMLElement {
  const safe = source.url !== null && /^https?:\/\//i.test(source.url);
  return safe
    ? el('a', { href: source.url!, target: '_blank', rel: 'noopener noreferrer', textContent: source.title })
    : el('span', { textContent: source.title });
}

/** Opens a source in the Sources tab; `quote` (offsets into its text) is marked there too. */
function readSource(id: string, quote: { start: number; end: number } | null = null): void {
  quoteFocus = quote ? { source: id, ...quote } : null;
  commit((next) => {
    next.source = id;
    next.tab = 'sources';
  });
  openSheet();
}

function evidenceList(relationship: Relationship): HTMLElement {
  const list = el('ul', { className: 'evidence' });
  for (const evidence of relationship.evidence) {
    const cite = el('cite', {}, '— ', sourceLink(evidence.source), evidence.source.publisher ? ` (${evidence.source.publisher})` : '');
    if (evidence.start !== null && evidence.end !== null) {
      const quote = { start: evidence.start, end: evidence.end };
      const read = button('Read in the article', () => readSource(evidence.source.id, quote), { className: 'link read-source' });
      read.dataset.sourceId = evidence.source.id;
      cite.append(' ', read);
    }
    list.append(el('li', {}, el('blockquote', { textContent: `“${evidence.quote}”` }), cite));
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

// --- review of proposed facts --------------------------------------------------------------------
/** Where the API key is kept: this tab's sessionStorage, gone when the browser session ends. */
const KEY_STORAGE = 'newsgraph.apiKey';
const keptKey = (): string | null => {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
};
const keepKey = (key: string | null): void => {
  try {
    if (key === null) sessionStorage.removeItem(KEY_STORAGE);
    else sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    // Storage refused (private mode): the key is asked again next time.
  }
};

/** What the service said of writes (Query.writeAccess); null when it could not say (an older server). */
let access: WriteAccess | null = null;
/** Tracked like every request, so the page is busy until the service has said whether it takes reviews. */
async function tracked<T>(work: Promise<T>): Promise<T> {
  pending++;
  renderStatus();
  try {
    return await work;
  } finally {
    pending--;
    renderStatus();
  }
}
const accessKnown: Promise<void> = tracked(writeAccess(null)).then(
  (answer) => void (access = answer),
  () => void (access = null),
);
/** Review buttons are offered unless the service is read-only. */
const canReview = (): boolean => !(access?.readOnly ?? false);

/** The message of the last review, shown at the top of Details until the next action. */
let reviewNote: { text: string; error: boolean } | null = null;

const keyDialog = byId<HTMLDialogElement>('key-dialog');
const keyInput = byId<HTMLInputElement>('key-input');
const keyMessage = byId<HTMLElement>('key-message');

/** Asks for the API key in a dialog; null when cancelled. */
function askKey(message: string): Promise<string | null> {
  keyMessage.textContent = message;
  keyInput.value = '';
  keyDialog.returnValue = '';
  keyDialog.showModal();
  keyInput.focus();
  return new Promise((resolve) => {
    keyDialog.addEventListener(
      'close',
      () => {
        const key = keyInput.value.trim();
        keyInput.value = '';
        resolve(keyDialog.returnValue === 'use' && key !== '' ? key : null);
      },
      { once: true },
    );
  });
}
byId('key-cancel').addEventListener('click', () => keyDialog.close('cancel'));

/**
 * Accepts or rejects a proposed fact. The key is asked once (only when the service needs one), kept
 * for the browser session, and asked again when the service refuses it. The canvas changes in
 * place: an accepted edge is redrawn solid, a rejected one leaves; no other node moves.
 */
async function review(r: Relationship, decision: ReviewDecision): Promise<void> {
  let key = keptKey();
  if (key === null && access?.keyRequired) {
    key = await askKey('This NewsGraph service needs an API key to review facts. It is kept for this browser session only.');
    if (key === null) return;
  }
  for (;;) {
    try {
      const updated = await tracked(reviewRelationship(r.id, decision, key));
      if (key !== null) keepKey(key);
      applyReview(updated);
      return;
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(String(error), 'INTERNAL_SERVER_ERROR');
      if (failure.code === 'UNAUTHENTICATED') {
        keepKey(null);
        key = await askKey(
          key === null
            ? 'This NewsGraph service needs an API key to review facts. It is kept for this browser session only.'
            : 'The service refused this API key (UNAUTHENTICATED). Enter another one.',
        );
        if (key === null) {
          reviewNote = { text: 'Not reviewed: no API key was given.', error: true };
          rerenderDetails();
          return;
        }
        continue;
      }
      if (failure.code === 'FORBIDDEN') access = { readOnly: true, keyRequired: access?.keyRequired ?? false, allowed: false };
      reviewNote = { text: `Not reviewed: ${failure.message}`, error: true };
      rerenderDetails();
      return;
    }
  }
}

/** Details drawn again for the same view (after a review), not a new history entry. */
function rerenderDetails(): void {
  shownDetails = '';
  void draw();
}

function applyReview(updated: Relationship): void {
  const rejected = updated.status === 'REJECTED';
  // The cached neighbourhoods and paths are edited, not fetched again: what is on screen stays put.
  for (const [key, subgraph] of neighbourhoods) {
    if (!subgraph.edges.some((edge) => edge.id === updated.id)) continue;
    neighbourhoods.set(key, {
      ...subgraph,
      edges: rejected
        ? subgraph.edges.filter((edge) => edge.id !== updated.id)
        : subgraph.edges.map((edge) => (edge.id === updated.id ? { ...edge, status: updated.status } : edge)),
    });
  }
  for (const [key, paths] of pathsFound) {
    if (!paths.some((path) => path.relationships.some((hop) => hop.id === updated.id))) continue;
    if (rejected) pathsFound.delete(key);
    else
      pathsFound.set(
        key,
        paths.map((path) => ({ ...path, relationships: path.relationships.map((hop) => (hop.id === updated.id ? updated : hop)) })),
      );
  }
  const what = `${updated.from.name} → ${updated.type} → ${updated.to.name}`;
  reviewNote = {
    text: rejected ? `Rejected: ${what}. It is no longer drawn.` : `Accepted: ${what}. It is drawn solid now.`,
    error: false,
  };
  shownPaths = '';
  rerenderDetails();
}

function reviewNoteElement(): HTMLElement[] {
  if (reviewNote === null) return [];
  const note = el('p', { id: 'review-note', className: reviewNote.error ? 'error' : 'done', textContent: reviewNote.text });
  note.setAttribute('role', reviewNote.error ? 'alert' : 'status');
  return [note];
}

/** Origin, status and hedge of a fact, e.g. "EXTRACTED · PROPOSED · hedged: “expected to”". */
function factLine(r: Relationship): HTMLElement {
  const line = el('p', { className: 'fact small' });
  const status = el('span', { className: `status status-${r.status.toLowerCase()}`, textContent: r.status });
  status.dataset.status = r.status;
  line.append(el('span', { className: 'origin', textContent: r.origin }), ' · ', status);
  if (r.hedge) line.append(' · ', el('span', { className: 'hedge', textContent: `hedged: “${r.hedge}”` }));
  return line;
}

/** Accept / Reject for a proposed fact; nothing in read-only mode or for a fact already reviewed. */
function reviewButtons(r: Relationship): HTMLElement[] {
  if (r.status !== 'PROPOSED' || !canReview()) return [];
  // One review at a time: the buttons wait for the answer (and for the key, when it is asked).
  const decide = (decision: ReviewDecision) => async (): Promise<void> => {
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    try {
      await review(r, decision);
    } finally {
      for (const b of box.querySelectorAll('button')) b.disabled = false;
    }
  };
  const box: HTMLElement = el(
    'div',
    { className: 'actions review' },
    button('Accept', () => void decide('ACCEPT')(), { className: 'accept', title: 'Accept this fact: it is drawn solid' }),
    button('Reject', () => void decide('REJECT')(), { className: 'reject', title: 'Reject this fact: it is hidden from then on' }),
  );
  box.dataset.relationshipId = r.id;
  return [box];
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
    ...reviewNoteElement(),
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
      item.dataset.relationshipId = r.id;
      const extra = qualifiers(r);
      if (extra) item.append(el('div', { className: 'muted', textContent: extra }));
      // Curated, accepted facts are the rule: only the others say so.
      if (r.origin !== 'CURATED' || r.status !== 'ACCEPTED' || r.hedge) item.append(factLine(r));
      item.append(...reviewButtons(r), evidenceList(r));
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
    ...reviewNoteElement(),
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
    factLine(r),
    ...reviewButtons(r),
    el('h3', { textContent: `Evidence (${r.evidence.length})` }),
    evidenceList(r),
  );
}

async function renderSelection(s: ViewState): Promise<void> {
  await accessKnown;
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

// --- sources: the articles of the selection, and one article's text with its mentions -------------
/** The quote to mark in the article opened from an evidence's "Read in the article" (not in the URL). */
let quoteFocus: { source: string; start: number; end: number } | null = null;
let shownSources = '';
let sourcesRequest = 0;

const sourcesKey = (s: ViewState): string => `${s.source ?? ''}|${s.source ? '' : `${s.selected.join(',')}|${s.rel ?? ''}`}`;

function sourceMeta(source: SourceRef & { author?: string | null }): string {
  const parts: string[] = [];
  if (source.publisher) parts.push(source.publisher);
  if (source.publishedAt) parts.push(formatDate(source.publishedAt.slice(0, 10), 'DAY'));
  if (source.author) parts.push(`by ${source.author}`);
  return parts.join(' · ');
}

/** The Sources tab, drawn when it is shown and what it shows changed. */
async function refreshSources(s: ViewState): Promise<void> {
  const key = sourcesKey(s) + (quoteFocus ? `|${quoteFocus.source}:${quoteFocus.start}` : '');
  if (key === shownSources) return;
  shownSources = key;
  const mine = ++sourcesRequest;
  sourcesBox.replaceChildren(el('p', { className: 'muted', textContent: 'Loading…' }));
  if (s.source) {
    const source = await busy(sourceText(s.source));
    if (mine !== sourcesRequest) return;
    if (source === undefined) {
      shownSources = '';
      sourcesBox.replaceChildren(el('p', { className: 'error', textContent: 'Could not load this source (see the message above).' }));
    } else if (source === null)
      sourcesBox.replaceChildren(el('p', { className: 'error', textContent: `No source has the id “${s.source}”.` }));
    else renderArticle(source);
    return;
  }
  let sources: SourceRef[] | null | undefined;
  let about: string;
  if (s.rel) {
    const r = await busy(fetchRelationship(s.rel));
    const seen = new Map<string, SourceRef>();
    for (const evidence of r?.evidence ?? []) seen.set(evidence.source.id, evidence.source);
    sources = r === undefined ? undefined : [...seen.values()];
    about = r ? `the evidence of ${r.from.name} → ${r.type} → ${r.to.name}` : '';
  } else if (s.selected.length === 1) {
    sources = await busy(entitySources(s.selected[0]));
    const node = graph.cy.getElementById(s.selected[0]);
    about = node.nonempty() ? `articles that mention ${String(node.data('label'))}` : '';
  } else {
    sourcesBox.replaceChildren(
      el('p', {
        className: 'muted',
        textContent: 'Select an entity to list the articles that mention it, or an edge to list its evidence.',
      }),
    );
    return;
  }
  if (mine !== sourcesRequest) return;
  if (sources === undefined) {
    shownSources = '';
    sourcesBox.replaceChildren(el('p', { className: 'error', textContent: 'Could not load the sources (see the message above).' }));
    return;
  }
  if (sources === null || sources.length === 0) {
    sourcesBox.replaceChildren(el('p', { className: 'muted', textContent: 'No source recorded.' }));
    return;
  }
  const list = el('ul', { className: 'sources' });
  for (const source of sources) {
    const read = button(source.title, () => readSource(source.id), { className: 'link', title: `Read ${source.title}` });
    read.dataset.sourceId = source.id;
    const meta = sourceMeta(source);
    list.append(el('li', {}, read, ...(meta ? [el('div', { className: 'muted small', textContent: meta })] : [])));
  }
  sourcesBox.replaceChildren(el('h2', { className: 'pane-title', textContent: `Sources: ${about}` }), list);
}

function renderArticle(source: SourceText): void {
  const back = button('← Sources', () => commit((next) => (next.source = null)), { className: 'link back' });
  const meta = sourceMeta(source);
  const children: (Node | string)[] = [
    back,
    el('h2', { id: 'source-title', textContent: source.title }),
    ...(meta ? [el('p', { id: 'source-meta', className: 'muted', textContent: meta })] : []),
  ];
  if (source.url && /^https?:\/\//i.test(source.url)) {
    children.push(
      el('p', { className: 'small' }, el('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer', textContent: source.url })),
    );
  }
  if (source.text === null) {
    children.push(el('p', { className: 'muted', textContent: 'No text is stored for this source: only its title and quotes.' }));
    sourcesBox.replaceChildren(...children);
    return;
  }
  const quote = quoteFocus && quoteFocus.source === source.id ? { start: quoteFocus.start, end: quoteFocus.end } : null;
  const named = new Set(source.mentionSpans.map((span) => span.entity.id)).size;
  children.push(
    el('p', {
      className: 'muted small',
      textContent: `${source.mentionSpans.length} mention${source.mentionSpans.length === 1 ? '' : 's'} of ${named} entit${named === 1 ? 'y' : 'ies'}, highlighted: click one to open it.`,
    }),
  );
  const body = el('div', { id: 'source-text', className: 'article-text' });
  body.append(articleText(source.text, source.mentionSpans, { quote, onMention: (entity) => open(entity) }));
  children.push(body);
  sourcesBox.replaceChildren(...children);
  body.querySelector('mark.quote')?.scrollIntoView({ block: 'center' });
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
    edgeIds: (): string[] => graph.cy.edges().map((edge) => edge.id()),
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
    /** How an edge is drawn: its Cytoscape line style (`dashed` for a proposed fact) and status. */
    edgeStyle: (id: string): { lineStyle: string; status: string } | null => {
      const edge = graph.cy.getElementById(id);
      if (edge.empty()) return null;
      return { lineStyle: String(edge.style('line-style')), status: String(edge.data('status')) };
    },
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
