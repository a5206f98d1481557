import { Neo4jGateway, TxRunner } from '../../db/gateway';
import { EntityKind } from '../../domain/entity-kind';
import { FactStatus, Origin } from '../../domain/event-type';
import { EntityData, RelationshipData, SourceData } from '../../domain/graph-input';
import { RelationshipRecord, SourceRecord } from '../../domain/records';
import { RELATIONSHIP_TYPES, RelationshipType } from '../../domain/relationship-type';
import { ApiError, BadUserInputError, ConflictError, NotFoundError, ServiceUnavailableError } from '../../errors/api-errors';
import { analyzeDocument, ArticleAnalysis } from '../../ingest/analyze';
import { FactEndpoint, ProposedEvent, ProposedFact } from '../../ingest/facts';
import type { KnownEntity } from '../../ingest/linking';
import { nameKey } from '../../ingest/names';
import type { NerEngine, NlpDocument } from '../../nlp/nlp-document';
import { NlpError } from '../../nlp/nlp-error';
import { BulkWriteRepository } from '../../repositories/bulk-write.repository';
import { GraphWriteRepository } from '../../repositories/graph-write.repository';
import { CitingRelationship, IngestRepository, StoredEvent } from '../../repositories/ingest.repository';
import { validateEntity, validateRelationship, validateSource, ValidSource } from '../graph-validation';
import { contentHash, slugify, typeOfRelationshipId } from '../ids';
import { BatchPlan, lookupsFor, mentionLookups, planBatch, StoredState } from '../write/planner';
import { keepStoredWhenOmitted, ValidRecord } from '../write/records';
import { checkRelationship, ReferenceLookup } from '../write/references';
import { prepareArticleText } from './article-text';

/** One article to ingest (the API's ArticleInput). */
export interface ArticleInput {
  title: string;
  text: string;
  url?: string | null;
  publisher?: string | null;
  author?: string | null;
  publishedAt?: string | null;
  replace?: boolean | null;
}

/** A mention with two or more plausible entities: reported, not guessed. */
export interface AmbiguousMentionRecord {
  text: string;
  start: number;
  end: number;
  candidateIds: string[];
}

/** What one ingest did (the API's IngestReport; the source is read back in the same transaction). */
export interface IngestReportRecord {
  source: SourceRecord;
  entitiesLinked: number;
  entitiesCreated: number;
  mentions: number;
  relationshipsProposed: number;
  ambiguous: AmbiguousMentionRecord[];
}

/** An article checked and annotated, not yet written (IngestService.annotateArticle). */
export interface AnnotatedArticle {
  /** The input's field path, for messages. */
  field: string;
  /** Its source id (from the url, else from the text). */
  id: string;
  /** The text as stored (HTML reduced to text). */
  text: string;
  checked: ValidSource;
  doc: NlpDocument;
  replace: boolean;
}

/** Where the NER engine comes from: the NLP service (started on first use) or a test's own engine. */
export interface EngineSource {
  /** The engine if it is ready; otherwise throws a retryable NlpError (and starts it). */
  engineNow(): NerEngine;
  /** The engine, waiting while it is fetched and started. */
  engine(): Promise<NerEngine>;
}

/** A review decision (the API's ReviewDecision). */
export type Decision = 'ACCEPT' | 'REJECT';

/** The source id of an article: from its url when it has one, else from its text. */
export function articleSourceId(title: string, url: string | null, text: string): string {
  if (url !== null) {
    const bare = url.replace(/^https?:\/\/(www\.)?/i, '');
    return `${slugify(bare).slice(0, 90).replace(/-+$/, '')}-${contentHash(url).slice(0, 8)}`;
  }
  const fromTitle = slugify(title).slice(0, 80).replace(/-+$/, '');
  return `${fromTitle === '' ? 'article' : fromTitle}-${contentHash(text).slice(0, 12)}`;
}

/** YYYY-MM-DD of an ISO date-time (the day the article was published, as the date rules read it). */
const dayOf = (instant: string | null): string | undefined => (instant === null ? undefined : instant.slice(0, 10));

/**
 * Article ingest: text in, a graph out. The article is checked (length, binary, HTML, language), the
 * NER engine annotates it, the pure analysis (src/ingest) links its mentions to the graph's entities
 * and proposes the facts its sentences state, and everything is written in ONE transaction through the
 * shared write pipeline (src/services/write: validated records, planBatch, the bulk writer's
 * CREATE/SET statements): all of it, or nothing. Extracted facts are EXTRACTED and PROPOSED; a fact
 * already stored (same from, type, to, role, validFrom) only gains the new evidence, keeping its origin
 * and review status, so a rejected fact is never brought back.
 */
export class IngestService {
  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly engines: EngineSource,
    private readonly repository: IngestRepository = new IngestRepository(),
    private readonly bulk: BulkWriteRepository = new BulkWriteRepository(),
    private readonly graph: GraphWriteRepository = new GraphWriteRepository(),
  ) {}

  /**
   * Ingests one article. `wait`: wait while the engine starts (the CLI); otherwise (the API) a starting
   * engine is SERVICE_UNAVAILABLE with a retry hint.
   */
  async ingestArticle(input: ArticleInput, options: { wait?: boolean; field?: string } = {}): Promise<IngestReportRecord> {
    return this.commitArticle(await this.annotateArticle(input, options));
  }

  /**
   * The first half of an ingest: the article checked and annotated by the engine, nothing read or
   * written yet. The CLI annotates the next articles while it writes this one.
   */
  async annotateArticle(input: ArticleInput, options: { wait?: boolean; field?: string } = {}): Promise<AnnotatedArticle> {
    const field = options.field ?? 'input';
    const prepared = prepareArticleText(input.text, `${field}.text`);
    const text = prepared.text;
    const checked = validateSource(
      {
        title: input.title,
        url: input.url ?? undefined,
        publisher: input.publisher ?? undefined,
        author: input.author ?? undefined,
        publishedAt: input.publishedAt ?? undefined,
        text,
      },
      field,
    );
    const id = articleSourceId(checked.title, checked.url, text);
    const engine = await this.engine(options.wait === true);
    let doc: NlpDocument;
    try {
      doc = await engine.annotate(text, dayOf(checked.publishedAt));
    } catch (error) {
      throw unavailable(error);
    }
    return { field, id, text, checked, doc, replace: input.replace === true };
  }

  /** The second half: the annotated article linked, its facts proposed and everything written in one transaction. */
  async commitArticle(article: AnnotatedArticle): Promise<IngestReportRecord> {
    const { field, id, text, checked, doc } = article;
    return this.gateway.writeTx(
      async (tx) => {
        const stored = await this.repository.storedSource(tx, id);
        if (stored !== undefined && stored.text !== null && stored.text !== text && !article.replace)
          throw new ConflictError(
            `${field}.url: a different text of this article (source "${id}") is stored already; pass replace: true (--replace) to extract it again`,
            `${field}.url`,
          );
        if (stored !== undefined && stored.text !== null && stored.text !== text) await this.keepWhatStillOccurs(tx, id, text);
        const linkable = await this.repository.linkableEntities(tx);
        const known: KnownEntity[] = linkable.map((e) => ({
          id: e.id,
          kind: e.kind as KnownEntity['kind'],
          name: e.name,
          aliases: e.aliases,
          isoCode: e.isoCode ?? undefined,
        }));
        const analysis = analyzeDocument(text, dayOf(checked.publishedAt), doc, known);
        const storedIds = new Map(linkable.map((e) => [e.id, e.kind]));
        const events = await this.eventsFor(tx, analysis);
        const records = this.records(id, checked, analysis, storedIds, events, linkable);
        const plan = await this.write(tx, records);
        const source = await this.repository.sourceRecord(tx, id);
        const linked = [...analysis.entities.values()].filter((e) => !e.created && storedIds.has(e.id)).length;
        return {
          source,
          entitiesLinked: linked,
          entitiesCreated: plan.entities.creates.length,
          mentions: [...analysis.entities.values()].reduce((n, e) => n + e.spans.length, 0),
          relationshipsProposed: plan.relationships.creates.length,
          ambiguous: analysis.links.flatMap((link) =>
            link.outcome === 'ambiguous'
              ? [{ text: link.mention.text, start: link.mention.start, end: link.mention.end, candidateIds: link.candidates }]
              : [],
          ),
        };
      },
      { operation: 'ingestArticle', timeoutMs: 120_000 },
    );
  }

  /** Records a reviewer's decision on a relationship: ACCEPT makes it ACCEPTED, REJECT REJECTED (for good). */
  async review(id: string, decision: Decision): Promise<RelationshipRecord> {
    const type = typeOfRelationshipId(id);
    if (type === undefined) throw new NotFoundError(`no relationship has the id "${id}"`, 'id');
    const status = decision === 'ACCEPT' ? FactStatus.ACCEPTED : FactStatus.REJECTED;
    const found = await this.gateway.writeTx((tx) => this.repository.setStatus(tx, type, id, status), { operation: 'reviewRelationship' });
    if (found === null) throw new NotFoundError(`no relationship has the id "${id}"`, 'id');
    return found;
  }

  private async engine(wait: boolean): Promise<NerEngine> {
    try {
      return wait ? await this.engines.engine() : this.engines.engineNow();
    } catch (error) {
      throw unavailable(error);
    }
  }

  /**
   * Replacing an article's text: evidence from it whose quote still occurs in the new text stays (moved
   * to the quote's new place), with its relationship's review decision; the rest goes, and an extracted
   * relationship left without evidence goes with it.
   */
  private async keepWhatStillOccurs(tx: TxRunner, sourceId: string, text: string): Promise<void> {
    const citing = await this.repository.citing(tx, sourceId);
    const byType = new Map<RelationshipType, { keep: Parameters<IngestRepository['setEvidence']>[2]; drop: string[] }>();
    const touched: string[] = [];
    for (const rel of citing) {
      const group = byType.get(rel.type) ?? { keep: [], drop: [] };
      byType.set(rel.type, group);
      const kept = relocated(rel, sourceId, text);
      if (kept.sources.length === 0 && rel.origin === Origin.EXTRACTED) {
        group.drop.push(rel.id);
        touched.push(rel.from, rel.to);
      } else group.keep.push({ id: rel.id, ...kept });
    }
    for (const type of RELATIONSHIP_TYPES) {
      const group = byType.get(type);
      if (group === undefined) continue;
      await this.repository.setEvidence(tx, type, group.keep);
      await this.repository.deleteRelationships(tx, type, group.drop);
    }
    await this.graph.refreshDegrees(tx, touched);
  }

  /** The stored events the article's events are: same type, same date (at its precision), most shared participants. */
  private async eventsFor(tx: TxRunner, analysis: ArticleAnalysis): Promise<Map<string, string>> {
    const used = new Set<string>();
    for (const fact of analysis.facts) for (const end of [fact.from, fact.to]) if ('event' in end) used.add(end.event);
    const events = analysis.events.filter((e) => used.has(e.key));
    const years = [...new Set(events.flatMap((e) => (e.date ? [Number(e.date.slice(0, 4))] : [])))];
    const stored = await this.repository.eventsOfTypes(tx, [...new Set(events.map((e) => e.eventType))], years);
    const found = new Map<string, string>();
    for (const event of events) {
      const participants = new Set(
        analysis.facts.flatMap((f) => ('event' in f.to && f.to.event === event.key && 'entityId' in f.from ? [f.from.entityId] : [])),
      );
      const match = bestEvent(event, participants, stored);
      if (match !== undefined) found.set(event.key, match);
    }
    return found;
  }

  /** The article as records of the write pipeline: its source, the entities to create, the facts. */
  private records(
    sourceId: string,
    source: ReturnType<typeof validateSource>,
    analysis: ArticleAnalysis,
    storedIds: Map<string, string>,
    storedEvents: Map<string, string>,
    linkable: { id: string; kind: string; name: string }[],
  ): ValidRecord[] {
    const records: ValidRecord[] = [];
    let seq = 0;
    const taken = new Set(storedIds.keys());
    const entityRecord = (data: EntityData, where: string): string | undefined => {
      try {
        const value = keepStoredWhenOmitted(validateEntity(data, 'entity'), data);
        records.push({ kind: 'entity', seq: (seq += 1), where, id: value.id, value });
        taken.add(value.id);
        return value.id;
      } catch (error) {
        if (error instanceof ApiError) return undefined;
        throw error;
      }
    };
    const freeId = (wanted: string, kind: string): string => {
      let id = slugify(wanted) || kind.toLowerCase();
      if (taken.has(id)) id = `${id}-${kind.toLowerCase()}`;
      for (let n = 2; taken.has(id); n += 1) id = `${id.replace(/-\d+$/, '')}-${n}`;
      return id;
    };
    // Entities linking created (nothing in the graph matched): their ids may not collide with another kind's.
    const renamed = new Map<string, string>();
    for (const entity of analysis.created) {
      const id = storedIds.has(entity.id) ? freeId(entity.id, entity.kind) : entity.id;
      const made = entityRecord(
        {
          id,
          kind: entity.kind as EntityKind,
          name: entity.name,
          ...(entity.aliases.length > 0 ? { aliases: entity.aliases } : {}),
          ...(entity.isoCode ? { isoCode: entity.isoCode } : {}),
        },
        `entity ${entity.name}`,
      );
      if (made !== undefined) renamed.set(entity.id, made);
    }
    const entityId = (id: string): string | undefined => (storedIds.has(id) ? id : renamed.get(id));
    // Events: the stored one when it is the same event, else a new one named after its participants and date.
    const eventIds = new Map<string, string>();
    const eventOf = (key: string): string | undefined => {
      const known = eventIds.get(key) ?? storedEvents.get(key);
      if (known !== undefined) return known;
      const event = analysis.events.find((e) => e.key === key);
      if (event === undefined) return undefined;
      const who = analysis.facts
        .filter((f) => 'event' in f.to && f.to.event === key && 'entityId' in f.from)
        .map((f) => analysis.entities.get((f.from as { entityId: string }).entityId)?.name ?? '')
        .filter((name) => name !== '');
      const people = [...new Set(who)].slice(0, 3);
      const label = event.eventType.charAt(0) + event.eventType.slice(1).toLowerCase();
      const name = `${people.length > 0 ? `${people.join(', ')} ${label.toLowerCase()}` : label}${event.date ? `, ${event.date}` : ''}`;
      const id = freeId(`${people.join(' ')} ${event.eventType} ${event.date ?? sourceId}`, 'event');
      const made = entityRecord(
        {
          id,
          kind: EntityKind.EVENT,
          name: name.slice(0, 200),
          eventType: event.eventType as EntityData['eventType'],
          ...(event.date ? { startDate: event.date, datePrecision: (event.datePrecision ?? 'DAY') as EntityData['datePrecision'] } : {}),
        },
        `event ${name}`,
      );
      if (made !== undefined) eventIds.set(key, made);
      return made;
    };
    const topicIds = new Map<string, string>();
    const topicOf = (text: string): string | undefined => {
      const key = nameKey(text);
      const existing = topicIds.get(key) ?? linkable.find((e) => e.kind === 'TOPIC' && nameKey(e.name) === key)?.id;
      if (existing !== undefined) return existing;
      const made = entityRecord({ id: freeId(text, 'topic'), kind: EntityKind.TOPIC, name: text.slice(0, 200) }, `topic ${text}`);
      if (made !== undefined) topicIds.set(key, made);
      return made;
    };
    const endpoint = (end: FactEndpoint): string | undefined =>
      'entityId' in end ? entityId(end.entityId) : 'event' in end ? eventOf(end.event) : topicOf(end.topic.text);

    // The source comes first: its text is what every quote is checked against.
    const spans = [...analysis.entities.values()].flatMap((e) => {
      const id = entityId(e.id);
      return id === undefined ? [] : e.spans.map((span) => ({ entity: id, start: span.start, end: span.end }));
    });
    const sourceData: SourceData = {
      id: sourceId,
      title: source.title,
      ...(source.url ? { url: source.url } : {}),
      ...(source.publisher ? { publisher: source.publisher } : {}),
      ...(source.author ? { author: source.author } : {}),
      ...(source.publishedAt ? { publishedAt: source.publishedAt } : {}),
      text: source.text ?? '',
      mentionSpans: spans,
    };
    const sourceValue = validateSource(sourceData, 'source');
    records.unshift({ kind: 'source', seq: 0, where: 'the article', id: sourceId, value: sourceValue });

    // Facts: one record per relationship id (two sentences stating one fact give it two quotes).
    const byId = new Map<string, RelationshipData & { seq: number }>();
    for (const fact of analysis.facts) {
      const from = endpoint(fact.from);
      const to = endpoint(fact.to);
      if (from === undefined || to === undefined) continue;
      const data = factData(fact, from, to, sourceId);
      let id: string;
      try {
        id = validateRelationship(data, 'relationship').id;
      } catch (error) {
        if (error instanceof ApiError) continue;
        throw error;
      }
      const same = byId.get(id);
      if (same === undefined) byId.set(id, { ...data, seq: (seq += 1) });
      else if (!same.evidence?.some((e) => e.quote === fact.quote))
        same.evidence = [...(same.evidence ?? []), { sourceId, quote: fact.quote, start: fact.start, end: fact.end }];
    }
    for (const { seq: at, ...data } of byId.values()) {
      const value = validateRelationship(data, 'relationship');
      records.push({ kind: 'relationship', seq: at, where: `fact ${value.type} ${value.from} -> ${value.to}`, id: value.id, value });
    }
    return records.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Writes the records in the caller's transaction through the shared pipeline, with the bulk writer's
   * statements. A fact the graph's rules refuse (an endpoint of a kind its type does not take) was
   * misread and is left out; a refused source or entity fails the whole ingest.
   */
  private async write(tx: TxRunner, all: ValidRecord[]): Promise<BatchPlan> {
    const records = await this.withoutRefusedFacts(tx, all);
    const lookups = lookupsFor(records);
    const relationships = new Map<string, StoredState['relationships'] extends ReadonlyMap<string, infer V> ? V : never>();
    for (const [type, ids] of lookups.relationshipIds)
      for (const [id, stored] of await this.bulk.storedRelationships(tx, type, ids)) relationships.set(id, stored);
    const stored: StoredState = {
      sources: await this.bulk.storedSources(tx, lookups.sourceIds),
      sourceSpans: await this.bulk.storedSpanHashes(tx, lookups.sourceIds),
      sourceTexts: await this.graph.sourceTexts(tx, lookups.textIds),
      entities: await this.bulk.storedEntities(tx, lookups.entityIds),
      relationships,
      mentions: await this.bulk.storedMentions(tx, mentionLookups(records, relationships)),
    };
    const plan = planBatch(records, stored, { onError: 'stop', evidenceOnlyWhenStored: true });
    if (plan.stoppedAt !== undefined)
      throw new BadUserInputError(`The article could not be written: ${plan.stoppedAt.where}: ${plan.stoppedAt.message}`);
    await this.bulk.createSources(tx, plan.sources.creates);
    await this.bulk.updateSources(tx, plan.sources.updates);
    await this.bulk.createEntities(tx, plan.entities.creates);
    await this.bulk.updateEntities(tx, plan.entities.updates);
    const created = await this.bulk.createRelationships(tx, plan.relationships.creates);
    if (created !== plan.relationships.creates.length)
      throw new Error('An endpoint of an extracted fact vanished while the article was written; ingest it again');
    await this.bulk.updateRelationships(tx, plan.relationships.updates);
    await this.bulk.createMentions(tx, plan.mentions);
    await this.graph.setMentionSpans(tx, plan.sources.spans);
    await this.graph.refreshDegrees(tx, [...plan.degrees.keys()]);
    return plan;
  }

  /** The records without the facts whose endpoints the graph's rules refuse. */
  private async withoutRefusedFacts(tx: TxRunner, records: ValidRecord[]): Promise<ValidRecord[]> {
    const ids = new Set<string>();
    for (const r of records) if (r.kind === 'relationship') [r.value.from, r.value.to].forEach((id) => ids.add(id));
    const kinds = await this.graph.entityKinds(tx, [...ids]);
    for (const r of records) if (r.kind === 'entity') kinds.set(r.id, r.value.kind);
    const source = records.find((r) => r.kind === 'source');
    const lookup: ReferenceLookup = {
      kindOf: (id) => kinds.get(id),
      sourceText: () => ({ text: source?.kind === 'source' ? source.value.text : null }),
    };
    return records.filter(
      (r) =>
        r.kind !== 'relationship' || checkRelationship(r.value, lookup, 'fact', { unknownEntity: '', unknownSource: '' }) === undefined,
    );
  }
}

/** The relationship data of a proposed fact: EXTRACTED, PROPOSED, with its sentence as the quote at its offsets. */
function factData(fact: ProposedFact, from: string, to: string, sourceId: string): RelationshipData {
  return {
    from,
    to,
    type: fact.type as RelationshipType,
    ...(fact.role ? { role: fact.role } : {}),
    ...(fact.title ? { title: fact.title } : {}),
    ...(fact.quantity !== undefined ? { quantity: fact.quantity } : {}),
    ...(fact.validFrom
      ? { validFrom: fact.validFrom, validFromPrecision: fact.validFromPrecision as RelationshipData['validFromPrecision'] }
      : {}),
    confidence: fact.confidence,
    ...(fact.hedge ? { hedge: fact.hedge } : {}),
    origin: Origin.EXTRACTED,
    status: FactStatus.PROPOSED,
    evidence: [{ sourceId, quote: fact.quote, start: fact.start, end: fact.end }],
  };
}

/** The stored event an article's event is, if any: same type, a date that agrees at the coarser precision, most shared participants. */
function bestEvent(event: ProposedEvent, participants: Set<string>, stored: StoredEvent[]): string | undefined {
  const agrees = (candidate: StoredEvent): boolean => {
    if (candidate.eventType !== event.eventType) return false;
    if (!event.date || candidate.startDate === null) return false;
    const precision = [event.datePrecision ?? 'DAY', candidate.datePrecision ?? 'DAY'];
    const length = precision.includes('YEAR') ? 4 : precision.includes('MONTH') ? 7 : 10;
    return candidate.startDate.slice(0, length) === event.date.slice(0, length);
  };
  const scored = stored
    .filter(agrees)
    .map((candidate) => ({
      id: candidate.id,
      shared: candidate.participants.filter((p) => participants.has(p)).length,
      exact: candidate.startDate === event.date,
    }))
    // A month or a year is not one event: only an exact day, or shared participants, make it the same.
    .filter((c) => c.exact || c.shared > 0)
    .sort((a, b) => b.shared - a.shared || Number(b.exact) - Number(a.exact) || (a.id < b.id ? -1 : 1));
  return scored[0]?.id;
}

/** A relationship's evidence with this source's quotes relocated in its new text (the ones that no longer occur dropped). */
function relocated(
  rel: CitingRelationship,
  sourceId: string,
  text: string,
): { sources: string[]; quotes: string[]; starts: number[]; ends: number[] } {
  const out = { sources: [] as string[], quotes: [] as string[], starts: [] as number[], ends: [] as number[] };
  rel.sources.forEach((source, i) => {
    const quote = rel.quotes[i] ?? '';
    if (source !== sourceId) {
      // Evidence from other sources stays as it is, offsets included.
      out.sources.push(source);
      out.quotes.push(quote);
      out.starts.push(rel.starts[i] ?? -1);
      out.ends.push(rel.ends[i] ?? -1);
      return;
    }
    const at = text.indexOf(quote);
    if (at < 0) return;
    out.sources.push(source);
    out.quotes.push(quote);
    out.starts.push(at);
    out.ends.push(at + quote.length);
  });
  return out;
}

/** An engine problem as the API's error: SERVICE_UNAVAILABLE, with a retry hint while it starts. */
function unavailable(error: unknown): Error {
  if (error instanceof ApiError) return error;
  if (error instanceof NlpError) return new ServiceUnavailableError(error.message, error.retryable ? { retryAfterSeconds: 30 } : {});
  const message = error instanceof Error ? error.message : String(error);
  return new ServiceUnavailableError(`The NLP engine failed on this article (${message}); nothing was written. Try again shortly.`, {
    retryAfterSeconds: 10,
  });
}
