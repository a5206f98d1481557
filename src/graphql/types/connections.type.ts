import { connectionType } from './connection.type';
import { Entity } from './entity.type';
import { Source } from './relationship.type';

export const EntityConnection = connectionType('Entity', () => Entity, {
  description: 'A page of entities ordered by id, with keyset cursors.',
  totalCountDescription: 'All matching entities, counted without fetching them.',
});

export const SourceConnection = connectionType('Source', () => Source, {
  description: 'A page of sources ordered by id, with keyset cursors.',
});
