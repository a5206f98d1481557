import { Props, StoredMention, StoredRel } from '../../repositories/export.repository';

/**
 * Turns the exported graph into text, record by record, in this order: begin, sources, entities,
 * relationships, mentions (source -> entity), end. Each call returns the text to append, so
 * nothing but the current record is held.
 */
export interface ExportWriter {
  begin(): string;
  source(props: Props): string;
  entity(props: Props): string;
  relationship(rel: StoredRel): string;
  mention(sourceId: string, mention: StoredMention): string;
  end(): string;
  /** True when the format carries MENTIONS (the service then reads them). */
  readonly wantsMentions: boolean;
  /** True when sources carry their located mentions (`mentionSpans`, as imports take them) in their props. */
  readonly wantsSpansOnSources?: boolean;
}

export const EXPORT_FORMATS = ['json', 'graphml', 'cypher'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
