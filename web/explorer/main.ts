// The NewsGraph explorer: search an entity, see its neighbourhood, expand nodes in place, read each
// relationship's evidence, find paths between two entities, follow the events on a timeline, and
// look at the graph as of a date. The view (entities expanded, selection, date, path) lives in the
// URL hash, so a view can be shared and reloaded.
import './style.css';

import { ApiError, entityDetails, EntityDetails, EntityRef, findPaths, neighborhood, PathResult, Relationship, timeline } from './api';
import { createCombobox } from './combobox';
import { createGraphView } from './graph';
import { KIND_NAMES } from './kinds';

interface ViewState {
  /** Entities whose neighbourhood is on screen, in the order they were opened. */
  ids: string[];
  selected: string | null;
  /** YYYY-MM-DD: relationships valid on that date only. */
  at: string | null;
  path: { from: string; to: string } | null;
}

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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readState(): ViewState {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const ids = (params.get('e') ?? '').split(',').filter((id) => id.length > 0);
  const at = params.get('at');
  const from = params.get('from');
  const to = params.get('to');
  return { ids, selected: params.get('sel'), at: at && DATE.test(at) ? at : null, path: from && to ? { from, to } : null };
}

function writeState(state: ViewState): void {
  const params = new URLSearchParams();
  if (state.ids.length > 0) params.set('e', state.ids.join(','));
  if (state.selected) params.set('sel', state.selected);
  if (state.at) params.set('at', state.at);
  if (state.path) {
    params.set('from', state.path.from);
    params.set('to', state.path.to);
  }
  const hash = params.toString().replaceAll('%2C', ',');
  history.replaceState(null, '', hash ? `#${hash}` : window.location.pathname);
}

const state: ViewState = readState();
const graph = createGraphView(byId('graph'));
const statusBox = byId<HTMLDivElement>('status');
const details = byId<HTMLElement>('details');
const pathResults = byId<HTMLElement>('path-results');
const timelineBox = byId<HTMLElement>('timeline');
const dateInput = byId<HTMLInputElement>('date');
const emptyHint = byId<HTMLElement>('empty');

// --- status: loading, errors, notes a person can act on ------------------------------------------
let pending = 0;
const notes = new Map<string, string>();

function renderStatus(failure?: string): void {
  // Notes whose key starts with "error:" stay until the view is rebuilt (date change, new URL).
  const error = failure ?? [...notes].find(([key]) => key.startsWith('error:'))?.[1];
  statusBox.classList.toggle('error', Boolean(error));
  statusBox.setAttribute('role', error ? 'alert' : 'status');
  const parts = [...notes.values()];
  if (pending > 0) parts.unshift('Loading…');
  statusBox.textContent = failure ?? parts.join(' ');
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
    renderStatus(lastError.message);
    return undefined;
  }
}

const asOf = (): string => (state.at ? ` as of ${state.at}` : '');

// --- graph ---------------------------------------------------------------------------------------
function refreshEmptyHint(): void {
  emptyHint.hidden = !graph.cy.nodes().empty();
}

async function expand(id: string, options: { layout?: boolean } = {}): Promise<boolean> {
  const subgraph = await busy(neighborhood(id, state.at));
  if (!subgraph) return false;
  if (subgraph.nodes.length === 0) {
    // The API answers an unknown id with an empty subgraph (a stale or mistyped link).
    lastError = new ApiError(`No entity has the id “${id}”: it was left out of the view.`, 'NOT_FOUND');
    notes.set(`error:missing:${id}`, lastError.message);
    renderStatus();
    return false;
  }
  graph.merge(subgraph, id);
  graph.cy.getElementById(id).addClass('expanded');
  const label = subgraph.nodes.find((node) => node.id === id)?.label ?? id;
  if (subgraph.truncated) notes.set(`truncated:${id}`, `${label}: too many neighbours, only the first 100 are shown.`);
  else notes.delete(`truncated:${id}`);
  if (!state.ids.includes(id)) state.ids.push(id);
  if (options.layout !== false) graph.layout();
  refreshEmptyHint();
  writeState(state);
  renderStatus();
  return true;
}

async function open(entity: EntityRef): Promise<void> {
  for (const key of notes.keys()) if (key.startsWith('error:')) notes.delete(key);
  if (await expand(entity.id)) await select(entity.id);
  void refreshTimeline();
}

graph.cy.on('tap', 'node', (event) => {
  const id = (event.target as { id(): string }).id();
  void (async () => {
    await select(id);
    if (!state.ids.includes(id)) {
      await expand(id);
      void refreshTimeline();
    }
  })();
});

// --- details panel -------------------------------------------------------------------------------
function entityButton(entity: EntityRef): HTMLButtonElement {
  const button = el('button', { type: 'button', className: `link kind-${entity.kind.toLowerCase()}`, textContent: entity.name });
  button.dataset.entityId = entity.id;
  button.title = `Open ${entity.name} (${KIND_NAMES[entity.kind]})`;
  button.addEventListener('click', () => void open(entity));
  return button;
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
  field('Start', entity.startDate);
  field('End', entity.endDate);
  field('Place type', entity.placeType);
  field('Wikidata', entity.wikidataId);
  field('Relationships', entity.degree);

  const children: (Node | string)[] = [
    el('h2', { id: 'details-title', textContent: entity.name }),
    el('p', { className: `badge kind-${entity.kind.toLowerCase()}`, textContent: KIND_NAMES[entity.kind] }),
  ];
  if (entity.description) children.push(el('p', { className: 'description', textContent: entity.description }));
  children.push(fields);
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
  const expandButton = el('button', { type: 'button', textContent: 'Show its neighbours' });
  expandButton.addEventListener('click', () => void expand(entity.id).then(() => refreshTimeline()));
  const fromButton = el('button', { type: 'button', textContent: 'Path from here' });
  fromButton.addEventListener('click', () => pathFrom.set(entity));
  const toButton = el('button', { type: 'button', textContent: 'Path to here' });
  toButton.addEventListener('click', () => pathTo.set(entity));
  children.push(el('div', { className: 'actions' }, expandButton, fromButton, toButton));

  const relationships = el('ul', { className: 'relationships' });
  for (const { node: relationship } of entity.relationships.edges) {
    const outgoing = relationship.from.id === entity.id;
    const other = outgoing ? relationship.to : relationship.from;
    const line = el(
      'div',
      { className: 'relationship-line' },
      outgoing ? '→ ' : '← ',
      el('code', { textContent: relationship.type }),
      outgoing ? ' → ' : ' ← ',
      entityButton(other),
    );
    const extra = qualifiers(relationship);
    const item = el('li', {}, line);
    if (extra) item.append(el('div', { className: 'muted', textContent: extra }));
    item.append(evidenceList(relationship));
    relationships.append(item);
  }
  children.push(
    el('h3', { textContent: `Relationships${asOf()} (${entity.relationships.totalCount})` }),
    entity.relationships.totalCount === 0 ? el('p', { className: 'muted', textContent: `No relationship${asOf()}.` }) : relationships,
  );
  details.replaceChildren(...children);
}

async function select(id: string | null): Promise<void> {
  state.selected = id;
  writeState(state);
  graph.cy.nodes().unselect();
  if (id === null) {
    details.replaceChildren(el('p', { className: 'muted', textContent: 'Select a node to see its fields, relationships and evidence.' }));
    return;
  }
  graph.cy.getElementById(id).select();
  details.replaceChildren(el('p', { className: 'muted', textContent: 'Loading…' }));
  const entity = await busy(entityDetails(id, state.at));
  if (state.selected !== id) return;
  if (entity === undefined) {
    details.replaceChildren(el('p', { className: 'error', textContent: 'Could not load this entity (see the message above).' }));
  } else if (entity === null) {
    details.replaceChildren(el('p', { className: 'error', textContent: `No entity has the id “${id}”.` }));
  } else {
    renderDetails(entity);
  }
}

// --- path finder ---------------------------------------------------------------------------------
const pathFrom = createCombobox(byId<HTMLInputElement>('path-from'), () => undefined);
const pathTo = createCombobox(byId<HTMLInputElement>('path-to'), () => undefined);

function renderPaths(paths: PathResult[], from: string, to: string): void {
  if (paths.length === 0) {
    pathResults.replaceChildren(el('p', { className: 'muted', textContent: `No path between ${from} and ${to} within 4 hops${asOf()}.` }));
    graph.highlightPath(null);
    return;
  }
  const list = el('ol', { className: 'paths' });
  paths.forEach((path, index) => {
    const hops = el('ol', { className: 'hops' });
    path.relationships.forEach((relationship, i) => {
      const here = path.nodes[i];
      const there = path.nodes[i + 1];
      const forward = relationship.from.id === here.id;
      hops.append(
        el(
          'li',
          { className: 'hop' },
          el(
            'div',
            { className: 'relationship-line' },
            entityButton(here),
            forward ? ' → ' : ' ← ',
            el('code', { textContent: relationship.type }),
            forward ? ' → ' : ' ← ',
            entityButton(there),
          ),
          evidenceList(relationship),
        ),
      );
    });
    const show = el('button', { type: 'button', textContent: 'Show on graph' });
    show.addEventListener('click', () => showPath(path));
    const title = `${index === 0 ? 'Shortest' : 'Alternative'}: ${path.nodes.map((node) => node.name).join(' → ')} (${path.length} hop${path.length === 1 ? '' : 's'})`;
    list.append(el('li', { className: 'path' }, el('h4', { textContent: title }), show, hops));
  });
  pathResults.replaceChildren(list);
  showPath(paths[0]);
}

function showPath(path: PathResult): void {
  graph.mergePath(path);
  graph.highlightPath(path);
  graph.layout();
  refreshEmptyHint();
  void refreshTimeline();
}

async function runPaths(): Promise<void> {
  if (!state.path) return;
  const { from, to } = state.path;
  pathResults.replaceChildren(el('p', { className: 'muted', textContent: 'Looking for paths…' }));
  const paths = await busy(findPaths(from, to, state.at));
  if (paths === undefined) {
    pathResults.replaceChildren(el('p', { className: 'error', textContent: 'Could not find paths (see the message above).' }));
    return;
  }
  const first = paths[0];
  if (first) {
    // After a reload the boxes are empty: show the names of the ends of the path.
    pathFrom.set(first.nodes[0]);
    pathTo.set(first.nodes[first.nodes.length - 1]);
  }
  renderPaths(paths, pathFrom.value()?.name ?? from, pathTo.value()?.name ?? to);
}

byId<HTMLFormElement>('path-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const from = pathFrom.value();
  const to = pathTo.value();
  if (!from || !to) {
    pathResults.replaceChildren(el('p', { className: 'error', textContent: 'Pick both entities from the suggestions first.' }));
    return;
  }
  state.path = { from: from.id, to: to.id };
  writeState(state);
  void runPaths();
});

// --- timeline ------------------------------------------------------------------------------------
let timelineRequest = 0;
async function refreshTimeline(): Promise<void> {
  const ids = graph.entityIds();
  const mine = ++timelineRequest;
  if (ids.length === 0) {
    timelineBox.replaceChildren(el('p', { className: 'muted', textContent: 'The events of the entities on screen appear here.' }));
    return;
  }
  const events = await busy(timeline(ids));
  if (mine !== timelineRequest || events === undefined) return;
  if (events.length === 0) {
    timelineBox.replaceChildren(el('p', { className: 'muted', textContent: 'No events for the entities on screen.' }));
    return;
  }
  const list = el('ol', { className: 'timeline' });
  for (const event of events) {
    const later = Boolean(state.at && event.startDate && event.startDate > state.at);
    const item = el(
      'li',
      { className: later ? 'later' : '' },
      el('time', { textContent: event.startDate ?? 'undated' }),
      ' ',
      entityButton(event),
      el('span', { className: 'muted', textContent: ` ${event.eventType.toLowerCase().replaceAll('_', ' ')}` }),
    );
    if (later) item.title = `After ${state.at}`;
    list.append(item);
  }
  timelineBox.replaceChildren(list);
}

// --- date ----------------------------------------------------------------------------------------
async function rebuild(): Promise<void> {
  graph.clear();
  notes.clear();
  const ids = [...state.ids];
  state.ids = [];
  for (const id of ids) {
    // An entity that could not be loaded stays in the view (and the URL) unless it does not exist.
    if (!(await expand(id, { layout: false })) && lastError?.code !== 'NOT_FOUND') state.ids.push(id);
  }
  writeState(state);
  graph.layout();
  refreshEmptyHint();
  byId('date-label').textContent = state.at ? `The graph as of ${state.at}` : 'The graph at any date';
  await Promise.all([select(state.selected), refreshTimeline()]);
  if (state.path) await runPaths();
}

function setDate(value: string | null): void {
  state.at = value && DATE.test(value) ? value : null;
  dateInput.value = state.at ?? '';
  writeState(state);
  void rebuild();
}

dateInput.addEventListener('change', () => setDate(dateInput.value || null));
byId<HTMLButtonElement>('date-clear').addEventListener('click', () => setDate(null));

// --- start ---------------------------------------------------------------------------------------
createCombobox(byId<HTMLInputElement>('search'), (entity) => void open(entity));
dateInput.value = state.at ?? '';
window.addEventListener('hashchange', () => {
  Object.assign(state, readState());
  dateInput.value = state.at ?? '';
  void rebuild();
});
void rebuild();

// A small read-only handle for the browser tests and for curious people in the console.
Object.assign(window, {
  newsgraphExplorer: {
    nodeIds: (): string[] => graph.entityIds().sort(),
    edgeCount: (): number => graph.cy.edges().length,
    /** Where a node is drawn, in page coordinates (to click it). */
    nodePosition: (id: string): { x: number; y: number } | null => {
      const node = graph.cy.getElementById(id);
      if (node.empty()) return null;
      const box = byId('graph').getBoundingClientRect();
      const position = node.renderedPosition();
      return { x: box.left + position.x, y: box.top + position.y };
    },
    busy: (): boolean => pending > 0,
  },
});
