/**
 * What an NER engine gives ingest, whichever engine it is: sentences, tokens and entity mentions,
 * all located by offsets into the article text in UTF-16 code units (as JavaScript strings and
 * Java, hence CoreNLP, count them).
 */
export interface NlpToken {
  start: number;
  end: number;
  text: string;
  pos?: string;
}

export interface NlpSentence {
  start: number;
  end: number;
  tokens: NlpToken[];
}

/**
 * An entity mention as the engine labels it. CoreNLP labels: PERSON, ORGANIZATION, LOCATION,
 * COUNTRY, CITY, STATE_OR_PROVINCE, NATIONALITY, TITLE, MISC, DATE, ...; compromise: PERSON,
 * PLACE, ORGANIZATION.
 */
export interface NlpEntity {
  start: number;
  end: number;
  text: string;
  label: string;
  /** SUTime's normalised value for dates (e.g. 2024-11-16), when the engine gives one. */
  normalized?: string;
}

export interface NlpDocument {
  sentences: NlpSentence[];
  entities: NlpEntity[];
}

/** An NER engine configuration: one way of turning text into an NlpDocument. */
export interface NerEngine {
  /** A short name for reports and benchmarks (e.g. corenlp-crf). */
  readonly name: string;
  /** Annotates one article; `publishedAt` (YYYY-MM-DD) anchors relative dates where the engine resolves them. */
  annotate(text: string, publishedAt?: string): Promise<NlpDocument>;
}
