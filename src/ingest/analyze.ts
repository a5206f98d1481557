import type { NerEngine, NlpDocument } from '../nlp/nlp-document';
import { countryGazetteer, CountryGazetteer } from './countries';
import { extractFacts, ProposedEvent, ProposedFact } from './facts';
import { KnownEntity, linkMentions, MentionLink, NewEntity } from './linking';
import { MentionKind, typeMentions, TypedMention } from './mentions';
import { nameKey } from './names';

/** An entity the analysis refers to: linked (in the graph) or to be created. */
export interface AnalysedEntity {
  id: string;
  kind: KnownEntity['kind'];
  name: string;
  isoCode?: string;
  created: boolean;
  /** The spans of the article that mention it. */
  spans: Array<{ start: number; end: number }>;
}

/** Everything ingest learns from one article, before anything is written. */
export interface ArticleAnalysis {
  mentions: TypedMention[];
  links: MentionLink[];
  created: NewEntity[];
  entities: Map<string, AnalysedEntity>;
  facts: ProposedFact[];
  events: ProposedEvent[];
  sentences: Array<{ start: number; end: number }>;
}

/**
 * Analyses one article from an engine's annotations: typed mentions, links to the graph's
 * entities (creating only what nothing matches), and the facts its sentences state. Pure.
 */
export function analyzeDocument(
  text: string,
  publishedAt: string | undefined,
  doc: NlpDocument,
  known: KnownEntity[],
  gazetteer: CountryGazetteer = countryGazetteer(),
): ArticleAnalysis {
  // The graph's names and aliases are looked for in the text too: what the graph knows, ingest finds.
  const knownNames = known.flatMap((e) =>
    e.kind === 'EVENT' || e.kind === 'TOPIC'
      ? []
      : [e.name, ...e.aliases]
          .filter((n) => n.length >= 2 && text.includes(n))
          .map((surface) => ({ surface, kind: e.kind as MentionKind })),
  );
  const mentions = typeMentions(text, doc, gazetteer, knownNames);
  const { links, created } = linkMentions(mentions, known, gazetteer);
  const entities = new Map<string, AnalysedEntity>();
  const knownById = new Map(known.map((e) => [e.id, e]));
  const note = (id: string, span?: { start: number; end: number }): void => {
    let entity = entities.get(id);
    if (!entity) {
      const source = created.find((e) => e.id === id) ?? knownById.get(id);
      if (!source) return;
      entity = { id, kind: source.kind, name: source.name, isoCode: source.isoCode, created: created.some((e) => e.id === id), spans: [] };
      entities.set(id, entity);
    }
    if (span) entity.spans.push(span);
  };
  links.forEach((link) => {
    if (link.outcome !== 'ambiguous') note(link.entityId, link.mention);
  });

  // A capital acting for its country: link (or create) the country only when a fact needs it.
  const countryOfCapital = (i: number): string | undefined => {
    const mention = mentions[i];
    const hits = gazetteer.lookup(mention.text, { capitals: true }).filter((h) => h.form === 'capital');
    if (hits.length !== 1) return undefined;
    const iso = hits[0].country.isoCode;
    const existing = [...entities.values()].find((e) => e.isoCode === iso) ?? known.find((e) => e.isoCode === iso);
    if (existing) {
      note(existing.id);
      return existing.id;
    }
    const result = linkMentions(
      [{ start: mention.start, end: mention.end, text: hits[0].country.name, kind: 'COUNTRY', isoCodes: [iso], via: 'gazetteer' }],
      [...known, ...created],
    );
    const link = result.links[0];
    if (link.outcome === 'ambiguous') return undefined;
    created.push(...result.created);
    note(link.entityId);
    return link.entityId;
  };

  const sentences = doc.sentences.map((s) => ({ start: s.start, end: s.end }));
  const { facts, events } = extractFacts({
    text,
    publishedAt,
    sentences,
    mentions,
    entityOf: (i) => {
      const link = links[i];
      return link.outcome === 'ambiguous' ? undefined : link.entityId;
    },
    countryOfCapital,
  });
  return { mentions, links, created, entities, facts, events, sentences };
}

/** Annotates an article with an engine, then analyses it (see analyzeDocument). */
export async function analyzeArticle(
  article: { text: string; publishedAt?: string },
  engine: NerEngine,
  known: KnownEntity[],
): Promise<ArticleAnalysis & { doc: NlpDocument }> {
  const doc = await engine.annotate(article.text, article.publishedAt);
  return { ...analyzeDocument(article.text, article.publishedAt, doc, known), doc };
}

/** True when two names are spellings of one another (used by reports and tests). */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}
