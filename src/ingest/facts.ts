import { resolveDates, DatePrecision, ResolvedDate } from './dates';
import type { MentionKind, TypedMention } from './mentions';

/** The relationship types ingest proposes (a subset of the contract's RelationshipType). */
export type FactType =
  'PARTICIPATED_IN' | 'LEADER_OF' | 'DEPLOYED_TO' | 'SUPPORTS' | 'AT_WAR_WITH' | 'SUCCEEDS' | 'MEMBER_OF' | 'CONCERNED_ABOUT' | 'HELD_IN';

/** The event types facts create (the contract's EventType). */
export type ProposedEventType = 'MEETING' | 'TALKS' | 'SUMMIT' | 'ELECTION';

/** An event an article speaks of, identified within the article by its type and date. */
export interface ProposedEvent {
  key: string;
  eventType: ProposedEventType;
  date?: string;
  datePrecision?: DatePrecision;
  /** The words that named it first ("talks", "summit"), with offsets. */
  trigger: { start: number; end: number; text: string };
}

/** A topic a fact points at ("Iran's uranium enrichment"), located in the text. */
export interface ProposedTopic {
  start: number;
  end: number;
  text: string;
}

export type FactEndpoint = { entityId: string } | { event: string } | { topic: ProposedTopic };

/** A relationship a sentence states, with the sentence as its quote. */
export interface ProposedFact {
  type: FactType;
  from: FactEndpoint;
  to: FactEndpoint;
  role?: string;
  title?: string;
  quantity?: number;
  validFrom?: string;
  validFromPrecision?: DatePrecision;
  /** 0..1: lower when the sentence hedges ("expected to", "will", "reportedly"). */
  confidence: number;
  hedge: string | null;
  quote: string;
  start: number;
  end: number;
}

/** What fact extraction needs from the earlier steps. */
export interface FactInput {
  text: string;
  publishedAt?: string;
  sentences: Array<{ start: number; end: number }>;
  mentions: TypedMention[];
  /** The entity each mention links to (undefined: ambiguous, so no fact uses it). */
  entityOf: (mentionIndex: number) => string | undefined;
  /** The country a capital city stands for when it acts ("Washington supports Taiwan"), if any. */
  countryOfCapital: (mentionIndex: number) => string | undefined;
}

export interface FactOutput {
  facts: ProposedFact[];
  events: ProposedEvent[];
}

const CONFIDENCE = 0.8;
const HEDGED_CONFIDENCE = 0.5;
const E = '\uE000(\\d+)\uE001';
const LEADER_TITLE =
  '(President|Prime Minister|Chancellor|King|Queen|Supreme Leader|Secretary-General|Secretary General|Chairman|Chairwoman|Chair|Chief Executive(?: Officer)?|CEO|Director|[Cc]hief|[Hh]ead|[Ll]eader|[Jj]unta leader|Emir|Premier|[Pp]resident|[Pp]rime [Mm]inister|[Cc]hief executive|[Cc]hairman)';
const HONORIFIC = '(?:(?:Sheikh|General|Gen\\.|Dr\\.?|Sir|Mr\\.?|Ms\\.?|Mrs\\.?|Prince|Crown Prince) )?';
const HEDGES = [
  'expected to',
  'reportedly',
  'plans to',
  'is set to',
  'are set to',
  'likely to',
  'scheduled to',
  'intends to',
  'is to',
  'are to',
  'may',
  'might',
  'could',
  'would',
  'will',
];
const ATTRIBUTION = /^\s*(?:said|says|announced|told|added|confirmed|noted|stated|reported|warned)\b/;
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  twenty: 20,
  hundred: 100,
  thousand: 1000,
  dozen: 12,
};
const MILITARY =
  '(?:troops|soldiers|forces|instructors|submarines|personnel|sailors|marines|jets|warships|fighters|advisers|advisors|peacekeepers)';

/** One sentence with its mentions replaced by markers, so that patterns read "⟨3⟩ will meet ⟨4⟩". */
interface Sketch {
  sentence: { start: number; end: number; text: string };
  sketch: string;
  /** Sketch offset -> text offset, for every sketch position. */
  positions: number[];
  mentionIndexes: number[];
}

function sketchOf(text: string, sentence: { start: number; end: number }, mentions: TypedMention[]): Sketch {
  let sketch = '';
  const positions: number[] = [];
  const mentionIndexes: number[] = [];
  let at = sentence.start;
  const inside = mentions.map((m, i) => ({ m, i })).filter(({ m }) => m.start >= sentence.start && m.end <= sentence.end);
  for (const { m, i } of inside) {
    for (; at < m.start; at += 1) {
      sketch += text[at];
      positions.push(at);
    }
    const marker = `\uE000${i}\uE001`;
    for (const ch of marker) {
      sketch += ch;
      positions.push(m.start);
    }
    mentionIndexes.push(i);
    at = m.end;
  }
  for (; at < sentence.end; at += 1) {
    sketch += text[at];
    positions.push(at);
  }
  positions.push(sentence.end);
  return { sentence: { ...sentence, text: text.slice(sentence.start, sentence.end) }, sketch, positions, mentionIndexes };
}

function parseNumber(raw: string): number | undefined {
  const words = raw.toLowerCase().replace(/,/g, '').split(/\s+/);
  let value: number | undefined;
  for (const word of words) {
    const n = /^\d+(?:\.\d+)?$/.test(word) ? Number(word) : NUMBER_WORDS[word];
    if (n === undefined) continue;
    value = value === undefined ? n : n >= 100 ? value * n : value + n;
  }
  return value;
}

/**
 * Proposes the relationships each sentence states, in the contract's vocabulary, never beyond the
 * text: leaders from titles ("Chinese President Xi Jinping"), participants, dates and places of
 * meetings, talks, summits and elections, deployments with their quantity, support, wars,
 * successions, memberships and concerns. Each fact quotes its sentence (offsets into the text);
 * dates are resolved against publishedAt with their precision; hedged statements keep their hedge
 * and a lower confidence. Pure.
 */
export function extractFacts(input: FactInput): FactOutput {
  const { text, mentions } = input;
  const facts: ProposedFact[] = [];
  const events: ProposedEvent[] = [];
  const kind = (i: number): MentionKind => mentions[i].kind;
  let lastPerson: number | undefined;
  let lastOrganization: number | undefined;

  for (const sentence of input.sentences) {
    const s = sketchOf(text, sentence, mentions);
    const dates = resolveDates(s.sentence.text, input.publishedAt, sentence.start);
    const quote = { quote: s.sentence.text, start: sentence.start, end: sentence.end };
    const textAt = (sketchIndex: number): number => s.positions[Math.min(sketchIndex, s.positions.length - 1)];
    const ent = (i: number): string | undefined => input.entityOf(i);
    // Countries, organisations and people act; a capital acts for its country ("Berlin and Paris both support Kyiv").
    const actor = (i: number): string | undefined => (kind(i) === 'PLACE' ? input.countryOfCapital(i) : ent(i));
    const hedgeBetween = (from: number, to: number): string | null => {
      const window = s.sketch.slice(from, to).toLowerCase();
      for (const hedge of HEDGES) if (new RegExp(`\\b${hedge}\\b`).test(window)) return hedge;
      if (/\breportedly\b/.test(s.sketch)) return 'reportedly';
      if (/\baccording to\b/i.test(s.sketch)) return 'according to';
      return null;
    };
    const add = (fact: Omit<ProposedFact, 'confidence' | 'quote' | 'start' | 'end'>): void => {
      const same = (a: FactEndpoint, b: FactEndpoint): boolean => JSON.stringify(a) === JSON.stringify(b);
      if (same(fact.from, fact.to)) return;
      if (facts.some((f) => f.type === fact.type && same(f.from, fact.from) && same(f.to, fact.to) && f.start === quote.start)) return;
      facts.push({ ...fact, confidence: fact.hedge ? HEDGED_CONFIDENCE : CONFIDENCE, ...quote });
    };
    /** A date of the sentence after sketch position `from` that is not the date of an attribution ("said on Friday"). */
    const dateAfter = (from: number): ResolvedDate | undefined =>
      dates.find(
        (d) =>
          d.start >= textAt(from) &&
          !/(?:said|announced|told|confirmed|added)\s+(?:on\s+)?$/.test(text.slice(Math.max(sentence.start, d.start - 20), d.start)),
      );
    const attributed = (markerEnd: number): boolean => ATTRIBUTION.test(s.sketch.slice(markerEnd));
    const markers = [...s.sketch.matchAll(new RegExp(E, 'g'))].map((m) => ({
      i: Number(m[1]),
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    }));
    const markerOf = (i: number) => markers.find((m) => m.i === i)!;
    const nearestBefore = (pos: number, kinds: MentionKind[]): number | undefined => {
      const before = markers.filter((m) => m.end <= pos && kinds.includes(kind(m.i)));
      return before.length > 0 ? before[before.length - 1].i : undefined;
    };

    // LEADER_OF from titles: "Chinese President Xi Jinping", "NATO Secretary-General Mark Rutte", "Peru's President Dina Boluarte".
    const titleUsed = new Set<number>();
    for (const m of s.sketch.matchAll(new RegExp(`${E}(?:['\u2019]s)? ${LEADER_TITLE} ${HONORIFIC}${E}`, 'g'))) {
      const [org, person] = [Number(m[1]), Number(m[3])];
      if (kind(person) !== 'PERSON' || (kind(org) !== 'COUNTRY' && kind(org) !== 'ORGANIZATION')) continue;
      titleUsed.add(org);
      const from = ent(person);
      const to = ent(org);
      if (from && to) add({ type: 'LEADER_OF', from: { entityId: from }, to: { entityId: to }, title: m[2], hedge: null });
    }
    // "The head of the International Atomic Energy Agency, Rafael Grossi"
    for (const m of s.sketch.matchAll(new RegExp(`\\b${LEADER_TITLE} of (?:the )?${E}, ${E}`, 'g'))) {
      const [org, person] = [Number(m[2]), Number(m[3])];
      if (kind(person) !== 'PERSON' || (kind(org) !== 'COUNTRY' && kind(org) !== 'ORGANIZATION')) continue;
      const from = ent(person);
      const to = ent(org);
      if (from && to) add({ type: 'LEADER_OF', from: { entityId: from }, to: { entityId: to }, title: m[1], hedge: null });
    }
    // "Keir Starmer became Britain's prime minister on Friday", "X was elected Japan's prime minister"
    for (const m of s.sketch.matchAll(
      new RegExp(
        `${E} (?:became|becomes|was elected|was sworn in as|was named|was appointed|will become|has become) (?:the )?(?:new )?${E}['\u2019]s (?:new )?${LEADER_TITLE}`,
        'g',
      ),
    )) {
      const [person, org] = [Number(m[1]), Number(m[2])];
      if (kind(person) !== 'PERSON' || (kind(org) !== 'COUNTRY' && kind(org) !== 'ORGANIZATION')) continue;
      const from = ent(person);
      const to = ent(org);
      const date = dateAfter((m.index ?? 0) + m[0].length);
      if (from && to) {
        add({
          type: 'LEADER_OF',
          from: { entityId: from },
          to: { entityId: to },
          title: m[3],
          ...(date ? { validFrom: date.value, validFromPrecision: date.precision } : {}),
          hedge: hedgeBetween(markerOf(person).end, (m.index ?? 0) + m[0].length),
        });
      }
    }

    // SUCCEEDS: "Starmer succeeded Rishi Sunak", "Koji Sato, who succeeded Toyoda as chief executive in April 2023".
    for (const m of s.sketch.matchAll(
      new RegExp(
        `\\b(succeeds|succeeded|succeeding|succeed|replaced|replaces|replacing|replace) (?:(?:President|Prime Minister|Chancellor|CEO) )?${E}(?: as (?:${E}['\u2019]s )?(?:the )?([a-zA-Z -]+?)(?= of | in | on |,|\\.|$))?`,
        'g',
      ),
    )) {
      const predecessor = Number(m[2]);
      if (kind(predecessor) !== 'PERSON') continue;
      const verbAt = m.index ?? 0;
      let successor = nearestBefore(verbAt, ['PERSON']);
      if (successor === undefined) successor = lastPerson;
      if (successor === undefined) continue;
      const from = ent(successor);
      const to = ent(predecessor);
      const date = dateAfter(verbAt);
      const org = m[3] !== undefined ? Number(m[3]) : undefined;
      const title = m[4]?.trim();
      const successorMarker = markers.find((x) => x.i === successor);
      const hedge = hedgeBetween(successorMarker ? successorMarker.end : 0, verbAt + m[1].length);
      const when = date ? { validFrom: date.value, validFromPrecision: date.precision } : {};
      if (from && to)
        add({ type: 'SUCCEEDS', from: { entityId: from }, to: { entityId: to }, ...(title ? { title } : {}), ...when, hedge });
      if (from && org !== undefined && title && new RegExp(`^${LEADER_TITLE}$`).test(title)) {
        const orgId = ent(org);
        if (orgId) add({ type: 'LEADER_OF', from: { entityId: from }, to: { entityId: orgId }, title, ...when, hedge });
      }
    }

    // MEMBER_OF: "Finland will become the 31st member of NATO", "Sweden formally joined NATO", "Poland is a member of NATO and of the EU".
    const membership = (member: number, org: number, at: number, end: number): void => {
      if (kind(org) !== 'ORGANIZATION' || kind(member) === 'PLACE') return;
      const from = actor(member);
      const to = ent(org);
      const date = dateAfter(end);
      if (from && to)
        add({
          type: 'MEMBER_OF',
          from: { entityId: from },
          to: { entityId: to },
          ...(date ? { validFrom: date.value, validFromPrecision: date.precision } : {}),
          hedge: hedgeBetween(markerOf(member).end, at),
        });
    };
    for (const m of s.sketch.matchAll(
      new RegExp(`${E} (?:(?:formally|officially|also) )?(?:will )?(?:joined|joins|join|has joined|have joined) (?:the )?${E}`, 'g'),
    )) {
      membership(Number(m[1]), Number(m[2]), (m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length);
    }
    for (const m of s.sketch.matchAll(
      new RegExp(`${E} (?:will |would )?(?:become|became|becomes) (?:the )?(?:\\w+ )?(?:full )?member of (?:the )?${E}`, 'g'),
    )) {
      membership(Number(m[1]), Number(m[2]), (m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length);
    }
    for (const m of s.sketch.matchAll(
      new RegExp(
        `${E} (?:is|are|was|were|has been) (?:a|an|the) (?:founding )?members? of (?:the )?${E}(?: and (?:of )?(?:the )?${E})?`,
        'g',
      ),
    )) {
      membership(Number(m[1]), Number(m[2]), m.index ?? 0, (m.index ?? 0) + m[0].length);
      if (m[3] !== undefined) membership(Number(m[1]), Number(m[3]), m.index ?? 0, (m.index ?? 0) + m[0].length);
    }
    for (const m of s.sketch.matchAll(new RegExp(`${E} of the ${E}`, 'g'))) {
      if (kind(Number(m[1])) === 'PERSON') membership(Number(m[1]), Number(m[2]), m.index ?? 0, (m.index ?? 0) + m[0].length);
    }
    for (const m of s.sketch.matchAll(new RegExp(`\\bran for (?:the )?(?:governing |ruling |opposition )?${E} party`, 'g'))) {
      const member = nearestBefore(m.index ?? 0, ['PERSON']) ?? lastPerson;
      const org = Number(m[1]);
      if (member === undefined || kind(org) !== 'ORGANIZATION') continue;
      const from = ent(member);
      const to = ent(org);
      if (from && to) add({ type: 'MEMBER_OF', from: { entityId: from }, to: { entityId: to }, role: 'candidate', hedge: null });
    }

    // SUPPORTS: "China's support for Russia", "Berlin and Paris both support Kyiv", "a support package for Ukraine", "one of Kyiv's strongest allies".
    const supports = (a: number, b: number, hedge: string | null): void => {
      const from = actor(a);
      const to = actor(b);
      if (from && to && kind(a) !== 'PERSON') add({ type: 'SUPPORTS', from: { entityId: from }, to: { entityId: to }, hedge });
    };
    for (const m of s.sketch.matchAll(new RegExp(`${E}['\u2019]s (?:\\w+ )?support for ${E}`, 'g')))
      supports(Number(m[1]), Number(m[2]), null);
    for (const m of s.sketch.matchAll(
      new RegExp(`${E}(?: and ${E})? (?:both |also |strongly )?(?:supports?|backs?|backed|has backed|have backed) ${E}`, 'g'),
    )) {
      const target = Number(m[3]);
      supports(Number(m[1]), target, null);
      if (m[2] !== undefined) supports(Number(m[2]), target, null);
    }
    for (const m of s.sketch.matchAll(new RegExp(`\\b(?:it|they) (?:both |also )?(?:supports?|backs?|backed) ${E}`, 'g'))) {
      const subject = markers.find((x) => x.end <= (m.index ?? 0) && (kind(x.i) === 'COUNTRY' || kind(x.i) === 'ORGANIZATION'));
      if (subject) supports(subject.i, Number(m[1]), null);
    }
    for (const m of s.sketch.matchAll(new RegExp(`\\b(?:support|aid|assistance|military aid|weapons) (?:package )?(?:for|to) ${E}`, 'g'))) {
      const subject = markers.find((x) => x.end <= (m.index ?? 0) && (kind(x.i) === 'COUNTRY' || kind(x.i) === 'ORGANIZATION'));
      if (subject && subject.start < 5) supports(subject.i, Number(m[1]), null);
    }
    for (const m of s.sketch.matchAll(
      new RegExp(`${E} (?:has been|is|was|remains) (?:one of )?${E}['\u2019]s (?:\\w+ )?(?:allies|ally|backers|supporters)`, 'g'),
    )) {
      supports(Number(m[1]), Number(m[2]), null);
    }

    // AT_WAR_WITH: "Russia's war against Ukraine", "since Russia invaded Ukraine in February 2022".
    for (const m of s.sketch.matchAll(
      new RegExp(
        `${E}['\u2019]s (?:full-scale |ongoing |brutal )?(?:war|invasion|aggression) (?:against|on|of|with) ${E}|${E} invaded ${E}`,
        'g',
      ),
    )) {
      const [a, b] = m[1] !== undefined ? [Number(m[1]), Number(m[2])] : [Number(m[3]), Number(m[4])];
      if (kind(a) !== 'COUNTRY' || kind(b) !== 'COUNTRY') continue;
      const from = ent(a);
      const to = ent(b);
      const date = m[3] !== undefined ? dateAfter((m.index ?? 0) + m[0].length) : undefined;
      if (from && to)
        add({
          type: 'AT_WAR_WITH',
          from: { entityId: from },
          to: { entityId: to },
          ...(date ? { validFrom: date.value, validFromPrecision: date.precision } : {}),
          hedge: null,
        });
    }

    // DEPLOYED_TO: "About 10,000 North Korean troops have been sent to Russia", "France will deploy 1,000 additional troops to Romania".
    const deploy = new RegExp(
      `\\b(deploy|deploys|deployed|deploying|deployment|sent|send|sends|sending|moved|move|station|stationed|rotate|dispatch|dispatched|contribute)\\b`,
      'g',
    );
    if (new RegExp(`\\b${MILITARY}\\b`).test(s.sketch)) {
      for (const verb of s.sketch.matchAll(deploy)) {
        const at = verb.index ?? 0;
        const after = s.sketch.slice(at);
        const target = new RegExp(`^[^.;]*?\\b(?:to|in|through|into) (?:the )?(?:[a-z'\u2019-]+ ){0,3}?${E}`).exec(after);
        if (!target) continue;
        const to = Number(target[1]);
        if (kind(to) !== 'COUNTRY' && kind(to) !== 'PLACE') continue;
        // The deployer: a demonym before the troops ("North Korean troops", "DPRK troops"), else the subject before the verb.
        const troops = new RegExp(`(?:${E} )?${MILITARY}\\b`).exec(s.sketch.slice(0, at + target.index + target[0].length));
        const demonym = troops?.[1] !== undefined && kind(Number(troops[1])) === 'COUNTRY' ? Number(troops[1]) : undefined;
        const subject = demonym ?? nearestBefore(at, ['COUNTRY', 'ORGANIZATION', 'PLACE']);
        if (subject === undefined || subject === to) continue;
        const from = actor(subject);
        const toId = ent(to);
        if (!from || !toId) continue;
        const quantityMatch = new RegExp(
          `\\b(?:(?:about|more than|over|some|nearly|almost|around|up to|at least|roughly) )?((?:\\d[\\d,.]*|${Object.keys(NUMBER_WORDS).join('|')})(?: (?:thousand|hundred))?) (?:(?:additional|more|extra|new|elite) )?(?:${E} )?${MILITARY}`,
        ).exec(s.sketch);
        const quantity = quantityMatch ? parseNumber(quantityMatch[1]) : undefined;
        const qualifier = quantityMatch
          ? /^(about|more than|over|some|nearly|almost|around|up to|at least|roughly)\b/.exec(quantityMatch[0])?.[1]
          : undefined;
        const date = new RegExp(`\\b(?:from|since|starting) `).test(after) ? dateAfter(at) : undefined;
        const subjectMarker = markers.find((x) => x.i === subject)!;
        add({
          type: 'DEPLOYED_TO',
          from: { entityId: from },
          to: { entityId: toId },
          ...(quantity !== undefined ? { quantity: Math.round(quantity) } : {}),
          ...(qualifier ? { role: qualifier } : {}),
          ...(date && date.start > textAt(at) ? { validFrom: date.value, validFromPrecision: date.precision } : {}),
          hedge: hedgeBetween(Math.min(subjectMarker.end, at), at),
        });
        break;
      }
    }

    // CONCERNED_ABOUT: "Grossi said he was deeply concerned about Iran's uranium enrichment", "citing concerns about corruption".
    for (const m of s.sketch.matchAll(/\b(concerned|worried|concerns?|worries) (?:about|over|at|by) /g)) {
      const at = m.index ?? 0;
      const topicStart = at + m[0].length;
      const rest = s.sketch.slice(topicStart);
      const stop = /,|;|\.(?=\s|$)| and urged| such as| as well as| amid| because|$/.exec(rest);
      const topicSketch = rest.slice(0, stop ? stop.index : rest.length).trim();
      if (topicSketch === '') continue;
      const topic: ProposedTopic = { start: textAt(topicStart), end: textAt(topicStart + topicSketch.length), text: '' };
      topic.text = text.slice(topic.start, topic.end);
      const before = s.sketch.slice(0, at);
      const subjects: number[] = [];
      const pronoun =
        /\b(he|she|it|they|the company|the group|the planemaker|the carmaker|the bank|the agency|the alliance|the bloc)\s+(?:\w+\s+){0,3}$/i.exec(
          before,
        );
      const direct = new RegExp(
        `${E}(?: and ${E})? (?:(?:was|were|is|are|has been|have been|had been|remains|remain) )?(?:(?:deeply|increasingly|very|gravely|seriously|also) )?$`,
      ).exec(before);
      if (direct) {
        subjects.push(Number(direct[1]));
        if (direct[2] !== undefined) subjects.push(Number(direct[2]));
      } else if (pronoun) {
        const word = pronoun[1].toLowerCase();
        const pos = pronoun.index;
        if (word === 'he' || word === 'she') {
          const p = nearestBefore(pos, ['PERSON']) ?? lastPerson;
          if (p !== undefined) subjects.push(p);
        } else if (word === 'they') {
          const list = new RegExp(`${E}(?:, ${E})*,? and ${E} (?:said|say)`).exec(before);
          if (list) for (const x of list[0].matchAll(new RegExp(E, 'g'))) subjects.push(Number(x[1]));
        } else {
          const o = nearestBefore(pos, word === 'it' ? ['ORGANIZATION', 'COUNTRY', 'PLACE'] : ['ORGANIZATION']) ?? lastOrganization;
          if (o !== undefined) subjects.push(o);
        }
      } else if (
        /^\s*(?:The|A|An) \w+/.test(before) &&
        /,[^,]*,\s*(?:is|was|are|were)\s*$/.test(before) &&
        lastOrganization !== undefined
      ) {
        // "The planemaker, based in Toulouse, is concerned": the organisation the article spoke of.
        subjects.push(lastOrganization);
      } else if (/\b(?:citing|expressed|expressing|voiced|raised)\s+(?:\w+\s+)?$/.test(before)) {
        const first = markers.find((x) => x.start < at && kind(x.i) !== 'PLACE');
        if (first) subjects.push(first.i);
      }
      for (const subject of subjects) {
        const from = actor(subject);
        if (from)
          add({ type: 'CONCERNED_ABOUT', from: { entityId: from }, to: { topic }, hedge: hedgeBetween(markerOf(subject)?.end ?? 0, at) });
      }
    }

    // Events: a meeting, talks, a summit or an election the sentence speaks of, its participants, date and place.
    eventFacts();

    for (const m of markers) {
      if (kind(m.i) === 'PERSON') lastPerson = m.i;
      if (kind(m.i) === 'ORGANIZATION') lastOrganization = m.i;
    }

    function eventFacts(): void {
      const trigger = /\b(meet|meets|met|meeting|talks|negotiations|summit|election|vote)\b/.exec(s.sketch);
      if (!trigger) return;
      const word = trigger[1];
      const eventType: ProposedEventType =
        word === 'talks' || word === 'negotiations'
          ? 'TALKS'
          : word === 'summit'
            ? 'SUMMIT'
            : word === 'election' || word === 'vote'
              ? 'ELECTION'
              : 'MEETING';
      const triggerAt = trigger.index;
      const date = dates.find(
        (d) => !/(?:said|announced|told|confirmed|added)\s+(?:on\s+)?$/.test(text.slice(Math.max(sentence.start, d.start - 20), d.start)),
      );
      // "The summit", "the two-day meeting": a definite mention without a date is the event the article spoke of last.
      const definite = /\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$/i.test(s.sketch.slice(0, triggerAt)) && !date;
      let event: ProposedEvent | undefined = definite ? events[events.length - 1] : undefined;
      if (!event) {
        event = events.find((e) => e.eventType === eventType && date !== undefined && e.date === date.value);
        if (!event) {
          event = {
            key: `${eventType.toLowerCase()}-${date?.value ?? events.length + 1}`,
            eventType,
            ...(date ? { date: date.value, datePrecision: date.precision } : {}),
            trigger: { start: textAt(triggerAt), end: textAt(triggerAt + word.length), text: word },
          };
          if (events.some((e) => e.key === event!.key)) event.key = `${event.key}-${events.length + 1}`;
          events.push(event);
        }
      }
      const eventRef: FactEndpoint = { event: event.key };
      const hedge = hedgeBetween(0, triggerAt);
      const participants = new Map<number, string | undefined>();
      if (eventType === 'ELECTION') {
        for (const m of s.sketch.matchAll(new RegExp(`${E} (?:party )?(?:won|wins|claimed victory|claims victory|conceded|lost)`, 'g'))) {
          participants.set(Number(m[1]), /won|wins|victory/.test(m[0]) ? 'winner' : undefined);
        }
        for (const m of s.sketch.matchAll(
          new RegExp(`\\b(?:defeating|defeated|beat|against) (?:(?:Vice President|President|Prime Minister|rival|candidate) )?${E}`, 'g'),
        )) {
          participants.set(Number(m[1]), undefined);
        }
        for (const m of s.sketch.matchAll(new RegExp(`\\bdeclared ${E} the winner|\\bcandidate ${E}`, 'g'))) {
          participants.set(Number(m[1] ?? m[2]), m[1] !== undefined ? 'winner' : undefined);
        }
      } else {
        for (const marker of markers) {
          const k = kind(marker.i);
          const next = s.sketch.slice(marker.end);
          if (attributed(marker.end)) continue;
          if (k === 'PERSON') {
            participants.set(
              marker.i,
              /^\s*(?:will |would )?(?:host|hosts|hosted|is hosting|hosting|chaired|chairs)\b/.test(next) ? 'host' : undefined,
            );
          } else if (k === 'COUNTRY' || k === 'ORGANIZATION') {
            if (titleUsed.has(marker.i) || mentions[marker.i].countryForm === 'demonym') continue;
            // "the BRICS summit", "the G20 summit": the organisation names the event.
            if (new RegExp(`^\\s*(?:${word}|summit|meeting|talks)\\b`).test(next)) continue;
            const listed = new RegExp(`\\b(?:from|of)\\s+(?:the\\s+)?(?:${E},?\\s+(?:and\\s+)?(?:the\\s+)?)*$`).test(
              s.sketch.slice(0, marker.start),
            );
            const leaders = /^\s*(?:leaders|delegates|delegations|ministers)\b/.test(next);
            const subject =
              marker.start <= 4 &&
              /^\s*(?:(?:will|would|has|have|had|also)\s+)?(?:agreed|agree|gathered|met|meet|will|hosts|hosted|is hosting|host|opened|held|holds)/.test(
                next,
              );
            if (listed || leaders || subject) participants.set(marker.i, /host/.test(next.slice(0, 20)) ? 'host' : undefined);
          }
        }
      }
      for (const [i, role] of participants) {
        if (kind(i) === 'PLACE') continue;
        const from = ent(i);
        if (from) add({ type: 'PARTICIPATED_IN', from: { entityId: from }, to: eventRef, ...(role ? { role } : {}), hedge });
      }
      // HELD_IN: "in Lima", "at Camp David", "at the Riyadh headquarters", "travel to Paris ... for talks".
      const place = new RegExp(`\\b(?:in|at|at the|(?:travel|travels|travelled|traveled|fly|flies|flew) to) ${E}`, 'g');
      for (const m of s.sketch.matchAll(place)) {
        const i = Number(m[1]);
        if (kind(i) !== 'PLACE' || attributed((m.index ?? 0) + m[0].length)) continue;
        const to = ent(i);
        if (to) add({ type: 'HELD_IN', from: eventRef, to: { entityId: to }, hedge });
        break;
      }
    }
  }
  return { facts, events };
}
