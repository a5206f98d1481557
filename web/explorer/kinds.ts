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
