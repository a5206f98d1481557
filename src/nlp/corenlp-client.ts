import { NlpDocument, NerEngine, NlpEntity } from './nlp-document';
import { NlpError } from './nlp-error';

/** The CoreNLP configurations measured for ingest (docs/ingest.md has the figures). */
export type CoreNlpConfiguration = 'default' | 'crf-sutime' | 'crf-pos' | 'crf';

const THREE_CLASS = 'edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz';

/**
 * Pipeline properties per configuration. `default` is CoreNLP's English NER (three CRF models,
 * numeric classifiers, SUTime and the fine-grained TokensRegex rules that type countries, cities,
 * nationalities and titles); the others keep the 3-class CRF and type places with our gazetteer.
 */
export const CORENLP_PROPERTIES: Record<CoreNlpConfiguration, Record<string, string>> = {
  default: { annotators: 'tokenize,ssplit,pos,lemma,ner' },
  'crf-sutime': { annotators: 'tokenize,ssplit,pos,lemma,ner', 'ner.model': THREE_CLASS, 'ner.applyFineGrained': 'false' },
  'crf-pos': {
    annotators: 'tokenize,ssplit,pos,lemma,ner',
    'ner.model': THREE_CLASS,
    'ner.applyFineGrained': 'false',
    'ner.applyNumericClassifiers': 'false',
    'ner.useSUTime': 'false',
  },
  // The 3-class distsim CRF reads words, shapes and word clusters, not part-of-speech tags or
  // lemmas, and nothing downstream reads them: without the pos and lemma annotators (which the ner
  // annotator would otherwise insist on) it tags exactly the same mentions in a fraction of the time.
  crf: {
    annotators: 'tokenize,ssplit,ner',
    enforceRequirements: 'false',
    'ner.model': THREE_CLASS,
    'ner.applyFineGrained': 'false',
    'ner.applyNumericClassifiers': 'false',
    'ner.useSUTime': 'false',
  },
};

export interface CoreNlpEndpoint {
  url: string;
  user?: string;
  password?: string;
}

interface CoreNlpJson {
  sentences: Array<{
    tokens: Array<{ word: string; originalText?: string; characterOffsetBegin: number; characterOffsetEnd: number; pos?: string }>;
    entitymentions?: Array<{ text: string; characterOffsetBegin: number; characterOffsetEnd: number; ner: string; normalizedNER?: string }>;
  }>;
}

/** A CoreNLP server (local or NEWSGRAPH_NLP_URL) used as an NER engine in one configuration. */
export class CoreNlpEngine implements NerEngine {
  readonly name: string;
  private readonly properties: string;

  constructor(
    private readonly endpoint: CoreNlpEndpoint,
    readonly configuration: CoreNlpConfiguration = 'crf',
    private readonly timeoutMs = 60_000,
  ) {
    this.name = `corenlp-${configuration}`;
    this.properties = JSON.stringify({
      ...CORENLP_PROPERTIES[configuration],
      outputFormat: 'json',
      inputFormat: 'text',
      inputEncoding: 'UTF-8',
      'tokenize.options': 'invertible=true',
      'ner.buildEntityMentions': 'true',
    });
  }

  async annotate(text: string, publishedAt?: string): Promise<NlpDocument> {
    const query = new URLSearchParams({ properties: this.properties });
    // The document date anchors SUTime's relative dates; a URL parameter keeps one cached pipeline.
    if (publishedAt) query.set('date', `${publishedAt.slice(0, 10)}T00:00:00`);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (this.endpoint.user !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${this.endpoint.user}:${this.endpoint.password ?? ''}`).toString('base64')}`;
    }
    let response: Response;
    try {
      response = await fetch(`${this.endpoint.url.replace(/\/$/, '')}/?${query.toString()}`, {
        method: 'POST',
        headers,
        body: text,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new NlpError(
        timedOut
          ? `The NLP engine at ${this.endpoint.url} did not answer within ${this.timeoutMs / 1000} s: try again later.`
          : `The NLP engine at ${this.endpoint.url} is unreachable (${(error as Error).message}).`,
        true,
      );
    }
    const body = await response.text();
    if (!response.ok) {
      throw new NlpError(
        `The NLP engine at ${this.endpoint.url} answered ${response.status}: ${body.slice(0, 200)}`,
        response.status >= 500,
      );
    }
    return toDocument(JSON.parse(body) as CoreNlpJson);
  }
}

function toDocument(json: CoreNlpJson): NlpDocument {
  const entities: NlpEntity[] = [];
  const sentences = json.sentences.map((sentence) => {
    for (const mention of sentence.entitymentions ?? []) {
      entities.push({
        start: mention.characterOffsetBegin,
        end: mention.characterOffsetEnd,
        text: mention.text,
        label: mention.ner,
        ...(mention.normalizedNER ? { normalized: mention.normalizedNER } : {}),
      });
    }
    const tokens = sentence.tokens.map((token) => ({
      start: token.characterOffsetBegin,
      end: token.characterOffsetEnd,
      text: token.originalText ?? token.word,
      ...(token.pos ? { pos: token.pos } : {}),
    }));
    return { start: tokens[0]?.start ?? 0, end: tokens[tokens.length - 1]?.end ?? 0, tokens };
  });
  return { sentences, entities };
}
