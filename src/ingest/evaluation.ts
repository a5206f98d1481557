import type { ArticleAnalysis } from './analyze';
import type { FactEndpoint, ProposedFact } from './facts';

/** A mention of the gold set: a span (UTF-16 offsets) and the entity it names. */
export interface GoldMention {
  start: number;
  end: number;
  text: string;
  kind: 'PERSON' | 'COUNTRY' | 'ORGANIZATION' | 'PLACE' | 'EVENT' | 'TOPIC';
  name: string;
  isoCode?: string;
}

/** A fact endpoint of the gold set: a named entity, an event (type and date), or a topic (a span). */
export type GoldEndpoint =
  | { kind: 'PERSON' | 'ORGANIZATION' | 'PLACE'; name: string }
  | { kind: 'COUNTRY'; name: string; isoCode: string }
  | { kind: 'EVENT'; eventType: string; date?: string; datePrecision?: 'DAY' | 'MONTH' | 'YEAR' }
  | { kind: 'TOPIC'; text: string; start: number; end: number };

/** A fact of the gold set, with the sentence (or clause) that states it. */
export interface GoldFact {
  from: GoldEndpoint;
  type: string;
  to: GoldEndpoint;
  role?: string;
  title?: string;
  quantity?: number;
  validFrom?: string;
  validFromPrecision?: 'DAY' | 'MONTH' | 'YEAR';
  hedge: string | null;
  quote: string;
  start: number;
  end: number;
  note?: string;
}

export interface GoldArticle {
  id: string;
  /** Written after the rules were frozen and never used to tune them: scored on its own too. */
  heldOut?: boolean;
  title: string;
  publishedAt: string;
  text: string;
  mentions: GoldMention[];
  facts: GoldFact[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export const SCORED_KINDS = ['PERSON', 'COUNTRY', 'ORGANIZATION', 'PLACE'] as const;

function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { tp, fp, fn, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Entity mentions: exact span and kind, per kind. */
export function scoreMentions(
  pairs: Array<{ gold: GoldArticle; analysis: ArticleAnalysis }>,
): Record<(typeof SCORED_KINDS)[number], Score> {
  const result = {} as Record<(typeof SCORED_KINDS)[number], Score>;
  for (const kind of SCORED_KINDS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { gold, analysis } of pairs) {
      const g = gold.mentions.filter((m) => m.kind === kind);
      const p = analysis.mentions.filter((m) => m.kind === kind);
      const hit = p.filter((m) => g.some((x) => x.start === m.start && x.end === m.end)).length;
      tp += hit;
      fp += p.length - hit;
      fn += g.length - hit;
    }
    result[kind] = score(tp, fp, fn);
  }
  return result;
}

/** Whether a predicted endpoint is the gold one: countries by ISO code, other entities by the spans that mention them. */
function endpointMatches(
  gold: GoldArticle,
  analysis: ArticleAnalysis,
  events: Map<string, { eventType: string; date?: string }>,
  g: GoldEndpoint,
  p: FactEndpoint,
): boolean {
  if (g.kind === 'EVENT') {
    if (!('event' in p)) return false;
    const event = events.get(p.event);
    return event !== undefined && event.eventType === g.eventType && (g.date === undefined || event.date === g.date);
  }
  if (g.kind === 'TOPIC') return 'topic' in p && p.topic.start < g.end && g.start < p.topic.end;
  if (!('entityId' in p)) return false;
  const entity = analysis.entities.get(p.entityId);
  if (!entity) return false;
  if (g.kind === 'COUNTRY') return entity.isoCode === g.isoCode;
  const spans = gold.mentions.filter((m) => m.name === g.name);
  return entity.spans.some((s) => spans.some((m) => s.start < m.end && m.start < s.end));
}

export interface FactEvaluation {
  score: Score;
  /** Of the matched facts: how many carry the gold quantity, validFrom and hedge (when the gold has one). */
  attributes: { quantity: [number, number]; validFrom: [number, number]; hedge: [number, number] };
  misses: Array<{ article: string; fact: GoldFact }>;
  spurious: Array<{ article: string; fact: ProposedFact }>;
  byType: Record<string, Score>;
}

/** Facts: type and both endpoints, one to one within each article. */
export function scoreFacts(pairs: Array<{ gold: GoldArticle; analysis: ArticleAnalysis }>): FactEvaluation {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const attributes: FactEvaluation['attributes'] = { quantity: [0, 0], validFrom: [0, 0], hedge: [0, 0] };
  const misses: FactEvaluation['misses'] = [];
  const spurious: FactEvaluation['spurious'] = [];
  const perType = new Map<string, [number, number, number]>();
  const bump = (type: string, index: 0 | 1 | 2): void => {
    const counts = perType.get(type) ?? [0, 0, 0];
    counts[index] += 1;
    perType.set(type, counts);
  };
  for (const { gold, analysis } of pairs) {
    const events = new Map(analysis.events.map((e) => [e.key, e]));
    const used = new Set<number>();
    for (const g of gold.facts) {
      const index = analysis.facts.findIndex(
        (p, i) =>
          !used.has(i) &&
          p.type === g.type &&
          endpointMatches(gold, analysis, events, g.from, p.from) &&
          endpointMatches(gold, analysis, events, g.to, p.to),
      );
      if (index < 0) {
        fn += 1;
        bump(g.type, 2);
        misses.push({ article: gold.id, fact: g });
        continue;
      }
      used.add(index);
      tp += 1;
      bump(g.type, 0);
      const p = analysis.facts[index];
      if (g.quantity !== undefined) {
        attributes.quantity[1] += 1;
        if (p.quantity === g.quantity) attributes.quantity[0] += 1;
      }
      if (g.validFrom !== undefined) {
        attributes.validFrom[1] += 1;
        if (p.validFrom === g.validFrom && p.validFromPrecision === g.validFromPrecision) attributes.validFrom[0] += 1;
      }
      attributes.hedge[1] += 1;
      if ((p.hedge === null) === (g.hedge === null)) attributes.hedge[0] += 1;
    }
    analysis.facts.forEach((p, i) => {
      if (used.has(i)) return;
      fp += 1;
      bump(p.type, 1);
      spurious.push({ article: gold.id, fact: p });
    });
  }
  const byType: Record<string, Score> = {};
  for (const [type, [a, b, c]] of [...perType.entries()].sort()) byType[type] = score(a, b, c);
  return { score: score(tp, fp, fn), attributes, misses, spurious, byType };
}
