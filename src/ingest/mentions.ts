import type { NlpDocument, NlpEntity } from '../nlp/nlp-document';
import { countryGazetteer, CountryGazetteer } from './countries';

/** The kinds ingest types mentions as (the contract's EntityKind, minus events and topics, which facts create). */
export type MentionKind = 'PERSON' | 'COUNTRY' | 'ORGANIZATION' | 'PLACE';

/** A located, typed mention of the article text (UTF-16 offsets; `text === article.slice(start, end)`). */
export interface TypedMention {
  start: number;
  end: number;
  text: string;
  kind: MentionKind;
  /** For countries: the ISO codes the surface may name (more than one: ambiguous, e.g. "Congo"). */
  isoCodes?: string[];
  /** How a country was named: by name, demonym ("Chinese") or capital used for its government. */
  countryForm?: 'name' | 'demonym';
  /** Where the mention came from: the engine, the country gazetteer, or a repeat of a name found earlier. */
  via: 'engine' | 'gazetteer' | 'repeat';
}

/**
 * Titles and honorifics that engines sometimes include in a name ("President Volodymyr Zelensky")
 * and that are never part of the entity's name.
 */
const LEADING_TITLES =
  /^(?:(?:US|U\.S\.|Vice|Prime|Foreign|Defen[cs]e|Supreme|Chief|Executive|Senior|Former|Deputy|Secretary(?:-General)?|General|President|Minister|Chancellor|King|Queen|Prince|Princess|Sheikh|Sir|Dr|Mr|Mrs|Ms|Pope|Leader|Director|Chairman|Chairwoman|Governor|Senator|Representative|Opposition|Rival|Mayor|Premier|Emir|Commission|Council|of|the|State)\.?\s+)+/;
const CITY_LABELS = new Set(['LOCATION', 'CITY', 'STATE_OR_PROVINCE', 'COUNTRY', 'PLACE']);
/** Last words that make a name an organisation whatever the engine said ("African Union" tagged as a place). */
const ORGANIZATION_HEADS =
  /\s(?:Union|Organi[sz]ation|Council|Committee|Party|Agency|Bank|Fund|Alliance|Association|Commission|Ministry|Department|Corps|Army|Navy|Guard|Forum|Court|Parliament|Assembly)$/;
/** Words engines tag alone that name no entity here (pronouns, parts of titles such as "Secretary of State"). */
const NOT_NAMES = new Set([
  'Her',
  'His',
  'He',
  'She',
  'They',
  'It',
  'State',
  'Defence',
  'Defense',
  'Treasury',
  'Energy',
  'Interior',
  'Justice',
  'Commerce',
]);
/** Particles inside names that never name a person alone. */
const NAME_PARTICLES = new Set([
  'da',
  'de',
  'del',
  'dos',
  'van',
  'von',
  'der',
  'bin',
  'ibn',
  'al',
  'Al',
  'el',
  'El',
  'la',
  'le',
  'Jr',
  'Sr',
  'II',
  'III',
  'IV',
]);

function wordAt(text: string, start: number, end: number): boolean {
  const before = start === 0 ? '' : text[start - 1];
  const after = end >= text.length ? '' : text[end];
  return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Trims titles in front of a person's name and possessive endings; returns the narrower span. */
function trimName(text: string, entity: NlpEntity, person: boolean): { start: number; end: number } | undefined {
  let { start, end } = entity;
  let surface = text.slice(start, end);
  if (person) {
    const title = LEADING_TITLES.exec(surface);
    if (title && title[0].length < surface.length) {
      start += title[0].length;
      surface = text.slice(start, end);
    }
  }
  const possessive = /['\u2019]s?$/.exec(surface);
  if (possessive) end -= possessive[0].length;
  const trailing = /[\s,.;:]+$/.exec(text.slice(start, end));
  if (trailing && !/(?:[A-Z]\.)+$|Jr\.$/.test(text.slice(start, end))) end -= trailing[0].length;
  return end > start ? { start, end } : undefined;
}

/**
 * Turns an engine's entities into typed mentions. The engine says PERSON, ORGANIZATION or
 * LOCATION (CoreNLP's fine-grained rules also say COUNTRY, CITY, NATIONALITY); the country
 * gazetteer decides what is a country (by name in many languages, abbreviation or demonym), finds
 * the countries and demonyms the engine missed ("North Korean troops", "DPRK" tagged as an
 * organisation), and every name found once is found again where it repeats.
 */
export function typeMentions(
  text: string,
  doc: NlpDocument,
  gazetteer: CountryGazetteer = countryGazetteer(),
  knownNames: Array<{ surface: string; kind: MentionKind }> = [],
): TypedMention[] {
  const mentions: TypedMention[] = [];
  const add = (mention: TypedMention): void => {
    if (mention.end <= mention.start || mentions.some((m) => overlaps(m, mention))) return;
    mentions.push(mention);
  };

  // 1. The gazetteer's countries first: its spans ("North Korean") beat an engine's partial ones ("Korean").
  for (const form of gazetteer.englishForms()) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(form.surface, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + form.surface.length;
      if (!wordAt(text, at, end)) continue;
      // A country word inside a longer organisation or place name the engine found stays part of it ("China Coast Guard").
      const inside = doc.entities.some(
        (e) =>
          !CITY_LABELS.has(e.label) &&
          e.label !== 'NATIONALITY' &&
          e.label !== 'MISC' &&
          e.start <= at &&
          e.end >= end &&
          e.end - e.start > end - at,
      );
      const insidePlace = doc.entities.some((e) => CITY_LABELS.has(e.label) && e.start <= at && e.end >= end && e.end - e.start > end - at);
      if (inside || insidePlace) continue;
      add({
        start: at,
        end,
        text: form.surface,
        kind: 'COUNTRY',
        isoCodes: form.isoCodes,
        countryForm: form.form === 'demonym' ? 'demonym' : 'name',
        via: 'gazetteer',
      });
    }
  }

  // 2. The engine's entities, typed.
  for (const entity of doc.entities) {
    const label = entity.label;
    const person = label === 'PERSON';
    if (!person && label !== 'ORGANIZATION' && !CITY_LABELS.has(label) && label !== 'NATIONALITY' && label !== 'MISC') continue;
    const span = trimName(text, entity, person);
    if (!span) continue;
    // "the governing Morena party": the party is the organisation, the word "party" is not its name.
    const partyAfter = /^\s+party\b/.test(text.slice(span.end));
    const partyInside = /\s+party$/.exec(text.slice(span.start, span.end));
    if (partyInside && label === 'ORGANIZATION') span.end -= partyInside[0].length;
    const surface = text.slice(span.start, span.end);
    if (!/\p{Lu}/u.test(surface) || NOT_NAMES.has(surface)) continue;
    if (partyAfter || (label !== 'PERSON' && ORGANIZATION_HEADS.test(surface))) {
      add({ ...span, text: surface, kind: 'ORGANIZATION', via: 'engine' });
      continue;
    }
    const hits = person ? [] : gazetteer.lookup(surface);
    if (hits.length > 0) {
      add({
        ...span,
        text: surface,
        kind: 'COUNTRY',
        isoCodes: hits.map((h) => h.country.isoCode),
        countryForm: hits[0].form === 'demonym' ? 'demonym' : 'name',
        via: 'engine',
      });
    } else if (person) add({ ...span, text: surface, kind: 'PERSON', via: 'engine' });
    else if (label === 'ORGANIZATION') add({ ...span, text: surface, kind: 'ORGANIZATION', via: 'engine' });
    else if (CITY_LABELS.has(label)) add({ ...span, text: surface, kind: 'PLACE', via: 'engine' });
  }

  // 3. Capitals, the graph's own names ("G20", "Caliber.Az": engines miss some) and names found
  // once are found again where they occur.
  const repeats = new Map<string, MentionKind>();
  for (const known of knownNames) if (/\p{Lu}/u.test(known.surface) && !repeats.has(known.surface)) repeats.set(known.surface, known.kind);
  for (const m of mentions) if (m.kind !== 'COUNTRY') repeats.set(m.text, m.kind);
  for (const record of gazetteer.records) for (const capital of record.capitals) if (!repeats.has(capital)) repeats.set(capital, 'PLACE');
  for (const m of mentions.filter((x) => x.kind === 'PERSON')) {
    const tokens = m.text.split(/\s+/).map((t) => t.replace(/\.$/, ''));
    // A part of a full name alone ("Spencer" after "Phil Spencer", "Xi" after "Xi Jinping") is the
    // same person; linking reports it as ambiguous when two people of the article share it.
    if (tokens.length > 1) {
      for (const token of tokens)
        if (token.length > 1 && /^\p{Lu}/u.test(token) && !NAME_PARTICLES.has(token) && !repeats.has(token)) repeats.set(token, 'PERSON');
    }
  }
  for (const [surface, kind] of [...repeats.entries()].sort((a, b) => b[0].length - a[0].length)) {
    if (surface.length < 2) continue;
    let from = 0;
    for (;;) {
      const at = text.indexOf(surface, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + surface.length;
      if (wordAt(text, at, end)) add({ start: at, end, text: surface, kind, via: 'repeat' });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}
