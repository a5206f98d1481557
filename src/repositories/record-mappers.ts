import { toEntityKind } from '../domain/entity-kind';
import { DatePrecision, EventType, FactStatus, Origin } from '../domain/event-type';
import { EntityRecord, EvidenceRecord, RelationshipRecord, SourceRecord } from '../domain/records';
import { toRelationshipType } from '../domain/relationship-type';
import { Plain } from '../db/plain';

type Props = { [key: string]: Plain };

const str = (value: Plain | undefined): string | null => (typeof value === 'string' ? value : null);
const num = (value: Plain | undefined): number | null => (typeof value === 'number' ? value : null);
const strings = (value: Plain | undefined): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export function asProps(value: Plain | undefined): Props {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('Expected a map from Neo4j');
  }
  return value;
}

/** Turns stored entity properties into an EntityRecord. */
export function toEntityRecord(value: Plain | undefined): EntityRecord {
  const p = asProps(value);
  return {
    id: String(p.id),
    kind: toEntityKind(p.kind),
    name: String(p.name),
    aliases: strings(p.aliases),
    description: str(p.description),
    wikidataId: str(p.wikidataId),
    createdAt: String(p.createdAt),
    updatedAt: String(p.updatedAt),
    isoCode: str(p.isoCode),
    title: str(p.title),
    eventType: (str(p.eventType) as EventType | null) ?? null,
    startDate: str(p.startDate),
    endDate: str(p.endDate),
    datePrecision: (str(p.datePrecision) as DatePrecision | null) ?? null,
    placeType: str(p.placeType),
  };
}

/** Turns a projected relationship (see REL_PROJECTION) into a RelationshipRecord. */
export function toRelationshipRecord(value: Plain | undefined): RelationshipRecord {
  const p = asProps(value);
  const sources = strings(p.evidenceSources);
  const quotes = strings(p.evidenceQuotes);
  const starts = Array.isArray(p.evidenceStarts) ? p.evidenceStarts : [];
  const ends = Array.isArray(p.evidenceEnds) ? p.evidenceEnds : [];
  const offset = (value: Plain | undefined): number | null => (typeof value === 'number' && value >= 0 ? value : null);
  const evidence: EvidenceRecord[] = sources.map((sourceId, i) => {
    const [start, end] = [offset(starts[i]), offset(ends[i])];
    const known = start !== null && end !== null;
    return { sourceId, quote: quotes[i] ?? '', start: known ? start : null, end: known ? end : null };
  });
  return {
    id: String(p.id),
    type: toRelationshipType(p.type),
    from: String(p.from),
    to: String(p.to),
    role: str(p.role),
    title: str(p.title),
    quantity: num(p.quantity),
    validFrom: str(p.validFrom),
    validTo: str(p.validTo),
    confidence: num(p.confidence),
    validFromPrecision: (str(p.validFromPrecision) as DatePrecision | null) ?? null,
    validToPrecision: (str(p.validToPrecision) as DatePrecision | null) ?? null,
    // Relationships written before origin and status existed are curated and accepted.
    origin: (str(p.origin) as Origin | null) ?? Origin.CURATED,
    status: (str(p.status) as FactStatus | null) ?? FactStatus.ACCEPTED,
    hedge: str(p.hedge),
    recordedAt: String(p.recordedAt),
    evidence,
  };
}

export function toSourceRecord(value: Plain | undefined): SourceRecord {
  const p = asProps(value);
  return {
    id: String(p.id),
    title: String(p.title),
    url: str(p.url),
    publisher: str(p.publisher),
    author: str(p.author),
    publishedAt: str(p.publishedAt),
    text: str(p.text),
  };
}
