// The whole view lives in the URL hash, so a view can be shared, reloaded, and walked back and
// forth with the browser's Back and Forward buttons (each action pushes one history entry).
import { ENTITY_KINDS, EntityKind, RELATIONSHIP_TYPES } from './api';
import { LabelMode } from './graph';

export type Tab = 'details' | 'paths' | 'timeline' | 'sources';

export interface ViewState {
  /** `e`: entities whose neighbourhood is on screen, in the order they were opened. */
  ids: string[];
  /** `sel`: the selected entities (one, or several with Shift/Ctrl-click or Shift-drag). */
  selected: string[];
  /** `rel`: the relationship opened in the details panel (a clicked edge). */
  rel: string | null;
  /** `at`: YYYY-MM-DD, the graph as of that date. */
  at: string | null;
  /** `from`, `to`: the path finder's ends; `p`: which of the paths is drawn (0 = the first). */
  path: { from: string; to: string } | null;
  pathIndex: number;
  /** `ht`, `hk`: relationship types and entity kinds hidden (never asked of the API). */
  hiddenTypes: string[];
  hiddenKinds: EntityKind[];
  /** `hn`: nodes hidden (one click shows them again); `rm`: nodes removed from the view. */
  hidden: string[];
  removed: string[];
  /** `pin`: nodes dragged to a place, as id~x~y. */
  pins: Map<string, { x: number; y: number }>;
  /** `lbl`: edge labels `on` or `off` (absent: by zoom level). */
  labels: LabelMode;
  /** `tab`: the side panel's tab (absent: details). */
  tab: Tab;
  /** `n`: how many neighbours one expansion draws at most (absent: 100). */
  limit: number;
  /** `src`: the source (article) open in the Sources tab, its text with the mentions highlighted. */
  source: string | null;
}

export const DEFAULT_LIMIT = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in YYYY-MM-DD form (2024-02-30 is not). */
export function isCompleteDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '0001-01-01';
}

const list = (value: string | null): string[] => (value ?? '').split(',').filter((item) => item.length > 0);

export function readState(hash = window.location.hash): ViewState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const at = params.get('at');
  const from = params.get('from');
  const to = params.get('to');
  const pins = new Map<string, { x: number; y: number }>();
  for (const pin of list(params.get('pin'))) {
    const match = /^(.+)~(-?\d+)~(-?\d+)$/.exec(pin);
    if (match) pins.set(match[1], { x: Number(match[2]), y: Number(match[3]) });
  }
  const labels = params.get('lbl');
  const tab = params.get('tab');
  const limit = Number(params.get('n'));
  return {
    ids: [...new Set(list(params.get('e')))],
    selected: list(params.get('sel')),
    rel: params.get('rel'),
    at: at && isCompleteDate(at) ? at : null,
    path: from && to ? { from, to } : null,
    pathIndex: Math.max(0, Math.floor(Number(params.get('p') ?? 0)) || 0),
    hiddenTypes: list(params.get('ht')).filter((type) => RELATIONSHIP_TYPES.includes(type)),
    hiddenKinds: list(params.get('hk')).filter((kind): kind is EntityKind => (ENTITY_KINDS as readonly string[]).includes(kind)),
    hidden: list(params.get('hn')),
    removed: list(params.get('rm')),
    pins,
    labels: labels === 'on' || labels === 'off' ? labels : 'auto',
    tab: tab === 'paths' || tab === 'timeline' || tab === 'sources' ? tab : 'details',
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 1000 ? limit : DEFAULT_LIMIT,
    source: params.get('src') || null,
  };
}

export function hashOf(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.ids.length > 0) params.set('e', state.ids.join(','));
  if (state.selected.length > 0) params.set('sel', state.selected.join(','));
  if (state.at) params.set('at', state.at);
  if (state.path) {
    params.set('from', state.path.from);
    params.set('to', state.path.to);
    if (state.pathIndex > 0) params.set('p', String(state.pathIndex));
  }
  if (state.rel) params.set('rel', state.rel);
  if (state.hiddenTypes.length > 0) params.set('ht', state.hiddenTypes.join(','));
  if (state.hiddenKinds.length > 0) params.set('hk', state.hiddenKinds.join(','));
  if (state.hidden.length > 0) params.set('hn', state.hidden.join(','));
  if (state.removed.length > 0) params.set('rm', state.removed.join(','));
  if (state.pins.size > 0) params.set('pin', [...state.pins].map(([id, p]) => `${id}~${p.x}~${p.y}`).join(','));
  if (state.labels !== 'auto') params.set('lbl', state.labels);
  if (state.tab !== 'details') params.set('tab', state.tab);
  if (state.limit !== DEFAULT_LIMIT) params.set('n', String(state.limit));
  if (state.source) params.set('src', state.source);
  const hash = params.toString().replaceAll('%2C', ',').replaceAll('%7E', '~');
  return hash ? `#${hash}` : '';
}

export function cloneState(state: ViewState): ViewState {
  return {
    ...state,
    ids: [...state.ids],
    selected: [...state.selected],
    path: state.path ? { ...state.path } : null,
    hiddenTypes: [...state.hiddenTypes],
    hiddenKinds: [...state.hiddenKinds],
    hidden: [...state.hidden],
    removed: [...state.removed],
    pins: new Map(state.pins),
  };
}
