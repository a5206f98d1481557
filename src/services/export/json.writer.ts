import { Plain } from '../../db/plain';
import { ENTITY_FIELDS, RELATIONSHIP_FIELDS, SOURCE_FIELDS } from '../../domain/graph-input';
import { Props, StoredRel } from '../../repositories/export.repository';
import { ExportWriter } from './writer';

const SOURCE_KEYS = ['id', ...SOURCE_FIELDS];
const ENTITY_KEYS = ['id', 'kind', ...ENTITY_FIELDS, 'startDate', 'endDate'];

function pick(props: Props, fields: readonly string[]): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const field of fields) if (props[field] !== null && props[field] !== undefined) out[field] = props[field];
  return out;
}

/**
 * The importGraph shape ({ sources, entities, relationships }), so that `newsgraph import` (or the
 * importGraph mutation) reads it back: only the fields an import takes; ids of relationships,
 * timestamps, degrees and MENTIONS are derived again on import.
 */
export class JsonExportWriter implements ExportWriter {
  readonly wantsMentions = false;
  readonly wantsSpansOnSources = true;
  private section = '';
  private first = true;

  private item(section: 'sources' | 'entities' | 'relationships', value: unknown): string {
    let prefix = '';
    if (this.section !== section) {
      prefix = `${this.section === '' ? '' : '\n],'}\n"${section}": [\n`;
      this.section = section;
      this.first = true;
    }
    const text = `${prefix}${this.first ? '' : ',\n'}${JSON.stringify(value)}`;
    this.first = false;
    return text;
  }

  begin(): string {
    return '{';
  }

  source(props: Props): string {
    return this.item('sources', pick(props, [...SOURCE_KEYS, 'mentionSpans']));
  }

  entity(props: Props): string {
    return this.item('entities', pick(props, ENTITY_KEYS));
  }

  relationship(rel: StoredRel): string {
    const sources = Array.isArray(rel.props.evidenceSources) ? rel.props.evidenceSources : [];
    const quotes = Array.isArray(rel.props.evidenceQuotes) ? rel.props.evidenceQuotes : [];
    const starts = Array.isArray(rel.props.evidenceStarts) ? rel.props.evidenceStarts : [];
    const ends = Array.isArray(rel.props.evidenceEnds) ? rel.props.evidenceEnds : [];
    const located = (i: number): boolean => typeof starts[i] === 'number' && (starts[i] as number) >= 0 && typeof ends[i] === 'number';
    const evidence = sources.map((sourceId, i) =>
      located(i) ? { sourceId, quote: quotes[i], start: starts[i], end: ends[i] } : { sourceId, quote: quotes[i] },
    );
    return this.item('relationships', {
      from: rel.from,
      to: rel.to,
      type: rel.type,
      ...pick(rel.props, RELATIONSHIP_FIELDS),
      ...(evidence.length > 0 ? { evidence } : {}),
    });
  }

  mention(): string {
    return '';
  }

  end(): string {
    return `${this.section === '' ? '' : '\n]'}\n}\n`;
  }
}
