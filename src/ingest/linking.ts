import { countryGazetteer, CountryGazetteer } from './countries';
import type { MentionKind, TypedMention } from './mentions';
import { nameKey, nameTokens, slugOf } from './names';

/** Spacing folded too: "Caliber.Az" and "Caliber Az" meet. */
const compactKey = (name: string): string => nameKey(name).replace(/ /g, '');

/** An entity already in the graph, as linking sees it. */
export interface KnownEntity {
  id: string;
  kind: MentionKind | 'EVENT' | 'TOPIC';
  name: string;
  aliases: string[];
  isoCode?: string;
}

/** An entity linking proposes to create (nothing in the graph matched). */
export interface NewEntity {
  id: string;
  kind: MentionKind;
  name: string;
  aliases: string[];
  isoCode?: string;
}

/** What became of one mention. */
export type MentionLink =
  | { mention: TypedMention; outcome: 'linked'; entityId: string; by: LinkReason }
  | { mention: TypedMention; outcome: 'created'; entityId: string }
  | { mention: TypedMention; outcome: 'ambiguous'; candidates: string[] };

/** Why a mention linked to an existing entity. */
export type LinkReason = 'id' | 'name' | 'alias' | 'country' | 'short-form' | 'abbreviation';

export interface LinkingResult {
  links: MentionLink[];
  created: NewEntity[];
}

/** Kinds a mention may link across: engines confuse places and countries, organisations and countries ("DPRK"). */
const COMPATIBLE: Record<MentionKind, ReadonlyArray<KnownEntity['kind']>> = {
  PERSON: ['PERSON'],
  COUNTRY: ['COUNTRY', 'PLACE'],
  PLACE: ['PLACE', 'COUNTRY'],
  ORGANIZATION: ['ORGANIZATION', 'COUNTRY'],
};

/** The acronym of a name, with and without its small words ("Economic Community of West African States" -> ECOWAS, ECWAS). */
function acronyms(name: string): string[] {
  const words = name.split(/[\s-]+/).filter((w) => /^\p{L}/u.test(w));
  if (words.length < 2) return [];
  const all = words.map((w) => w[0].toUpperCase()).join('');
  const big = words
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('');
  return [...new Set([all, big])].filter((a) => a.length >= 2);
}

class KnownIndex {
  private readonly byKey = new Map<string, KnownEntity[]>();
  private readonly byId = new Map<string, KnownEntity>();
  private readonly byIso = new Map<string, KnownEntity>();

  constructor(entities: KnownEntity[]) {
    for (const entity of entities) this.add(entity);
  }

  add(entity: KnownEntity): void {
    this.byId.set(entity.id, entity);
    if (entity.isoCode) this.byIso.set(entity.isoCode.toUpperCase(), entity);
    for (const name of [entity.name, ...entity.aliases]) {
      const key = compactKey(name);
      const list = this.byKey.get(key) ?? [];
      if (!list.includes(entity)) list.push(entity);
      this.byKey.set(key, list);
    }
  }

  id(id: string): KnownEntity | undefined {
    return this.byId.get(id);
  }

  iso(isoCode: string): KnownEntity | undefined {
    return this.byIso.get(isoCode);
  }

  /** Entities with this name or alias (any spelling), of kinds compatible with the mention. */
  named(surface: string, kind: MentionKind): { entities: KnownEntity[]; exact: boolean } {
    const list = (this.byKey.get(compactKey(surface)) ?? []).filter((e) => COMPATIBLE[kind].includes(e.kind));
    const same = list.filter((e) => e.kind === kind);
    return { entities: same.length > 0 ? same : list, exact: list.some((e) => compactKey(e.name) === compactKey(surface)) };
  }

  /** People whose full name holds this single word ("Biden" -> Joe Biden, Hunter Biden). */
  peopleWithToken(token: string): KnownEntity[] {
    const key = nameKey(token);
    return [...this.byId.values()].filter((e) => e.kind === 'PERSON' && nameTokens(e.name).length > 1 && nameTokens(e.name).includes(key));
  }

  /** Organisations whose name has this acronym ("LDP" -> Liberal Democratic Party). */
  withAcronym(acronym: string): KnownEntity[] {
    return [...this.byId.values()].filter(
      (e) => e.kind === 'ORGANIZATION' && [e.name, ...e.aliases].some((n) => acronyms(n).includes(acronym)),
    );
  }

  ids(): Set<string> {
    return new Set(this.byId.keys());
  }
}

/** A cluster of mentions of one entity within the article (full name first, then its short forms). */
interface Cluster {
  kind: MentionKind;
  name: string;
  surfaces: Set<string>;
  isoCode?: string;
  entityId?: string;
}

/**
 * Links an article's mentions to the graph's entities, creating entities only when nothing
 * matches. A mention links by id or name or alias (any case, diacritics, punctuation, script),
 * a country by the dataset (names in many languages, ISO codes, abbreviations such as DPRK, PRC,
 * US, U.S., demonyms such as "Chinese" and "North Korean"), a short form by the full name the
 * article used before ("President Biden" ... "Biden"), an acronym by the organisation it abbreviates
 * ("Liberal Democratic Party (LDP)"). Two plausible candidates are reported as ambiguous, never guessed.
 * Pure: the same input gives the same output, and nothing is written.
 */
export function linkMentions(
  mentions: TypedMention[],
  known: KnownEntity[],
  gazetteer: CountryGazetteer = countryGazetteer(),
): LinkingResult {
  const index = new KnownIndex(known);
  const usedIds = index.ids();
  const created: NewEntity[] = [];
  const clusters: Cluster[] = [];
  const links: MentionLink[] = [];

  const createEntity = (cluster: Cluster): string => {
    let id = slugOf(cluster.name);
    for (let n = 2; usedIds.has(id); n += 1) id = `${slugOf(cluster.name)}-${n}`;
    usedIds.add(id);
    const entity: NewEntity = {
      id,
      kind: cluster.kind,
      name: cluster.name,
      aliases: [],
      ...(cluster.isoCode ? { isoCode: cluster.isoCode } : {}),
    };
    created.push(entity);
    index.add(entity);
    return id;
  };

  // Longest surfaces first, so that full names form clusters before their short forms arrive.
  const order = [...mentions.keys()].sort(
    (a, b) => mentions[b].text.length - mentions[a].text.length || mentions[a].start - mentions[b].start,
  );
  const results = new Map<number, MentionLink>();
  for (const i of order) {
    const mention = mentions[i];
    results.set(i, linkOne(mention));
  }
  for (let i = 0; i < mentions.length; i += 1) {
    const link = results.get(i)!;
    links.push(link.outcome === 'ambiguous' ? { ...link, candidates: [...new Set(link.candidates)].sort() } : link);
  }
  // Aliases of created entities: the other spellings the article used.
  for (const link of links) {
    if (link.outcome === 'ambiguous' || link.mention.countryForm === 'demonym') continue;
    const entity = created.find((e) => e.id === link.entityId);
    if (entity && link.mention.text !== entity.name && !entity.aliases.includes(link.mention.text)) entity.aliases.push(link.mention.text);
  }
  return { links, created };

  function linkOne(mention: TypedMention): MentionLink {
    if (mention.kind === 'COUNTRY') return linkCountry(mention);
    // Within the article first: a surface seen before, a short form of a full name, an acronym.
    const same = clusters.filter((c) => c.kind === mention.kind && [...c.surfaces].some((s) => nameKey(s) === nameKey(mention.text)));
    if (same.length === 1 && same[0].entityId) return { mention, outcome: 'linked', entityId: same[0].entityId, by: 'short-form' };
    const tokens = nameTokens(mention.text);
    if (mention.kind === 'PERSON' && tokens.length === 1) {
      const holders = clusters.filter(
        (c) => c.kind === 'PERSON' && nameTokens(c.name).length > 1 && nameTokens(c.name).includes(tokens[0]),
      );
      if (holders.length > 1) return { mention, outcome: 'ambiguous', candidates: holders.map((c) => c.entityId!) };
      if (holders.length === 1) {
        holders[0].surfaces.add(mention.text);
        return { mention, outcome: 'linked', entityId: holders[0].entityId!, by: 'short-form' };
      }
    }
    if (mention.kind === 'ORGANIZATION' && /^[A-Z][A-Z+&]{1,7}$/.test(mention.text)) {
      const holders = clusters.filter((c) => c.kind === 'ORGANIZATION' && acronyms(c.name).includes(mention.text));
      if (holders.length === 1) {
        holders[0].surfaces.add(mention.text);
        return { mention, outcome: 'linked', entityId: holders[0].entityId!, by: 'abbreviation' };
      }
    }
    // Then the graph: id, name or alias; a person's single name; an acronym.
    const byId = index.id(mention.text);
    if (byId && COMPATIBLE[mention.kind].includes(byId.kind)) return remember(mention, byId.id, 'id');
    const named = index.named(mention.text, mention.kind);
    if (named.entities.length === 1) return remember(mention, named.entities[0].id, named.exact ? 'name' : 'alias');
    if (named.entities.length > 1) return { mention, outcome: 'ambiguous', candidates: named.entities.map((e) => e.id) };
    if (mention.kind === 'PERSON' && tokens.length === 1) {
      const people = index.peopleWithToken(tokens[0]);
      if (people.length === 1) return remember(mention, people[0].id, 'short-form');
      if (people.length > 1) return { mention, outcome: 'ambiguous', candidates: people.map((e) => e.id) };
    }
    if (mention.kind === 'ORGANIZATION' && /^[A-Z][A-Z+&]{1,7}$/.test(mention.text)) {
      const orgs = index.withAcronym(mention.text);
      if (orgs.length === 1) return remember(mention, orgs[0].id, 'abbreviation');
      if (orgs.length > 1) return { mention, outcome: 'ambiguous', candidates: orgs.map((e) => e.id) };
    }
    const cluster: Cluster = { kind: mention.kind, name: mention.text, surfaces: new Set([mention.text]) };
    cluster.entityId = createEntity(cluster);
    clusters.push(cluster);
    return { mention, outcome: 'created', entityId: cluster.entityId };
  }

  function remember(mention: TypedMention, entityId: string, by: LinkReason): MentionLink {
    const existing = clusters.find((c) => c.entityId === entityId);
    if (existing) existing.surfaces.add(mention.text);
    else {
      const entity = index.id(entityId)!;
      clusters.push({ kind: mention.kind, name: entity.name, surfaces: new Set([mention.text, entity.name]), entityId });
    }
    return { mention, outcome: 'linked', entityId, by };
  }

  function linkCountry(mention: TypedMention): MentionLink {
    const isoCodes = mention.isoCodes ?? gazetteer.lookup(mention.text).map((h) => h.country.isoCode);
    if (isoCodes.length === 0) {
      const named = index.named(mention.text, 'COUNTRY');
      if (named.entities.length === 1) return { mention, outcome: 'linked', entityId: named.entities[0].id, by: 'name' };
      if (named.entities.length > 1) return { mention, outcome: 'ambiguous', candidates: named.entities.map((e) => e.id) };
      const cluster: Cluster = { kind: 'COUNTRY', name: mention.text, surfaces: new Set([mention.text]) };
      cluster.entityId = createEntity(cluster);
      clusters.push(cluster);
      return { mention, outcome: 'created', entityId: cluster.entityId };
    }
    const candidates = isoCodes.map((iso) => {
      const record = gazetteer.byCode(iso)!;
      const entity = index.iso(iso) ?? index.named(record.name, 'COUNTRY').entities.find((e) => e.kind === 'COUNTRY');
      return { iso, record, entity };
    });
    if (candidates.length > 1) {
      // Ambiguous surface ("Congo"): candidates are the graph's entities, or the dataset's ids.
      return { mention, outcome: 'ambiguous', candidates: candidates.map((c) => c.entity?.id ?? slugOf(c.record.name)) };
    }
    const [only] = candidates;
    if (only.entity) return { mention, outcome: 'linked', entityId: only.entity.id, by: 'country' };
    const cluster: Cluster = { kind: 'COUNTRY', name: only.record.name, surfaces: new Set([mention.text]), isoCode: only.iso };
    cluster.entityId = createEntity(cluster);
    const entity = created[created.length - 1];
    entity.aliases.push(
      ...[only.record.officialName, ...only.record.altNames.filter((n) => /^[\p{Script=Latin}\s.'’-]+$/u.test(n))].slice(0, 12),
    );
    clusters.push(cluster);
    return { mention, outcome: 'created', entityId: cluster.entityId };
  }
}
