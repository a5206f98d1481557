import type { Css } from 'cytoscape';

import { EntityKind } from './api';

export const KIND_LABELS: Record<EntityKind, string> = {
  PERSON: 'People',
  COUNTRY: 'Countries',
  ORGANIZATION: 'Organizations',
  PLACE: 'Places',
  EVENT: 'Events',
  TOPIC: 'Topics',
};

export const KIND_NAMES: Record<EntityKind, string> = {
  PERSON: 'Person',
  COUNTRY: 'Country',
  ORGANIZATION: 'Organization',
  PLACE: 'Place',
  EVENT: 'Event',
  TOPIC: 'Topic',
};

/** One colour and one shape per kind, so kinds differ for colour-blind readers too. */
export const KIND_STYLES: Record<EntityKind, { color: string; shape: Css.NodeShape }> = {
  PERSON: { color: '#2f6fdf', shape: 'ellipse' },
  COUNTRY: { color: '#d9822b', shape: 'round-rectangle' },
  ORGANIZATION: { color: '#7a4fc9', shape: 'hexagon' },
  PLACE: { color: '#2a9d6f', shape: 'diamond' },
  EVENT: { color: '#c7384f', shape: 'round-triangle' },
  TOPIC: { color: '#6b7785', shape: 'round-tag' },
};

/** The legend's drawing of each kind's shape: the same outline Cytoscape draws, as inline SVG. */
const SHAPE_PATHS: Record<EntityKind, string> = {
  PERSON: '<circle cx="8" cy="8" r="6.5"/>',
  COUNTRY: '<rect x="1.5" y="1.5" width="13" height="13" rx="3"/>',
  ORGANIZATION: '<polygon points="4.5,1.8 11.5,1.8 15,8 11.5,14.2 4.5,14.2 1,8"/>',
  PLACE: '<polygon points="8,1 15,8 8,15 1,8"/>',
  EVENT: '<polygon points="8,1.5 15,14.5 1,14.5" stroke-linejoin="round"/>',
  TOPIC: '<polygon points="1.5,2 11,2 15,8 11,14 1.5,14"/>',
};

export function kindIcon(kind: EntityKind): string {
  return `<svg class="shape" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="${KIND_STYLES[kind].color}" stroke="${KIND_STYLES[kind].color}">${SHAPE_PATHS[kind]}</svg>`;
}

/** Edge colours by relationship type: related types share a hue family, so the legend stays short to read. */
export const TYPE_COLORS: Record<string, string> = {
  AFFILIATED_WITH: '#7a4fc9',
  AT_WAR_WITH: '#b91c1c',
  BORDERS: '#a3a3a3',
  CONCERNED_ABOUT: '#0e7490',
  CONCERNS: '#6b7785',
  DEPLOYED_TO: '#c2410c',
  FOLLOWS: '#a16207',
  HELD_IN: '#2a9d6f',
  INVOLVES: '#be185d',
  LEADER_OF: '#1d4ed8',
  LOCATED_IN: '#86a397',
  MEMBER_OF: '#6d28d9',
  PARTICIPATED_IN: '#c7384f',
  PART_OF: '#92400e',
  RELATED_TO: '#64748b',
  SUCCEEDS: '#854d0e',
  SUPPORTS: '#15803d',
};

export const typeColor = (type: string): string => TYPE_COLORS[type] ?? '#94a3b8';
