import DataLoader from 'dataloader';

import { EntityRecord, MentionRecord, Page, SourceRecord } from '../domain/records';
import { RelatedSpec } from '../repositories/related.repository';
import { RelationshipFilterQuery, RelationshipWithEnds } from '../repositories/relationship.repository';
import { EntityService } from '../services/entity.service';

/**
 * Per-request batching. Every nested list field goes through one of these, so a query over N
 * entities costs one round trip per nesting level and field, never N.
 */
export interface Loaders {
  entity: DataLoader<string, EntityRecord | null>;
  source: DataLoader<string, SourceRecord | null>;
  degree: DataLoader<string, number>;
  relationshipPage: DataLoader<Keyed<RelationshipFilterQuery>, Page<RelationshipWithEnds>, string>;
  related: DataLoader<Keyed<RelatedSpec>, EntityRecord[], string>;
  placeCountry: DataLoader<string, EntityRecord | null>;
  mentionedIn: DataLoader<Keyed<number>, SourceRecord[], string>;
  mentions: DataLoader<string, EntityRecord[]>;
  mentionSpans: DataLoader<string, MentionRecord[]>;
}

/** The key of a grouped loader: whose data, and with which arguments. */
export interface Keyed<A> {
  id: string;
  args: A;
}

/** A loader over keys that carry arguments: keys with equal arguments are fetched in one batch. */
function groupedLoader<A, V>(fetch: (ids: string[], args: A) => Promise<Map<string, V>>, missing: V): DataLoader<Keyed<A>, V, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { args: A; ids: string[] }>();
      for (const key of keys) {
        const group = groups.get(JSON.stringify(key.args)) ?? { args: key.args, ids: [] };
        group.ids.push(key.id);
        groups.set(JSON.stringify(key.args), group);
      }
      const results = new Map<string, Map<string, V>>();
      await Promise.all([...groups].map(async ([args, group]) => results.set(args, await fetch(group.ids, group.args))));
      return keys.map((key) => results.get(JSON.stringify(key.args))?.get(key.id) ?? missing);
    },
    { cacheKeyFn: (key) => `${key.id}|${JSON.stringify(key.args)}` },
  );
}

/** Turns a batch function keyed by id into a loader. */
function byId<V>(fetch: (ids: string[]) => Promise<Map<string, V>>, missing: V): DataLoader<string, V> {
  return new DataLoader(async (ids) => {
    const found = await fetch([...ids]);
    return ids.map((id) => found.get(id) ?? missing);
  });
}

export function createLoaders(service: EntityService): Loaders {
  const loaders: Loaders = {
    entity: byId<EntityRecord | null>((ids) => service.findByIds(ids), null),
    source: byId<SourceRecord | null>((ids) => service.findSources(ids), null),
    degree: byId((ids) => service.degrees(ids), 0),
    relationshipPage: groupedLoader<RelationshipFilterQuery, Page<RelationshipWithEnds>>(
      async (ids, query) => {
        const pages = await service.relationshipPages(ids, query);
        // Endpoints arrive with each relationship: later `from`/`to` fields cost nothing.
        for (const page of pages.values()) for (const item of page.items) for (const end of item.ends) loaders.entity.prime(end.id, end);
        return pages;
      },
      { items: [], totalCount: 0, hasNextPage: false },
    ),
    related: groupedLoader<RelatedSpec, EntityRecord[]>(async (ids, spec) => {
      const related = await service.relatedMany(ids, spec);
      for (const list of related.values()) for (const entity of list) loaders.entity.prime(entity.id, entity);
      return related;
    }, []),
    placeCountry: byId<EntityRecord | null>((ids) => service.countriesOfPlaces(ids), null),
    mentionedIn: groupedLoader<number, SourceRecord[]>((ids, first) => service.sourcesMentioning(ids, first), []),
    mentions: byId((ids) => service.mentionedBy(ids), [] as EntityRecord[]),
    mentionSpans: byId((ids) => service.mentionSpans(ids), [] as MentionRecord[]),
  };
  return loaders;
}
