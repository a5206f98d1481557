import nlp from 'compromise';

import { NerEngine, NlpDocument, NlpEntity, NlpSentence } from './nlp-document';

interface Offset {
  start: number;
  length: number;
}
interface TermJson {
  text: string;
  offset: Offset;
}
interface MatchJson {
  text: string;
  offset: Offset;
  terms: TermJson[];
}

/** Trailing punctuation compromise keeps on a match ("DPRK." at a sentence end). */
const TRAILING = /[\s.,;:!?"'\u2019)\]]+$/;

/**
 * compromise (npm, pure JavaScript, no model download): people, places and organizations with
 * offsets. It is the light alternative to CoreNLP, measured on the same gold set.
 */
export class CompromiseEngine implements NerEngine {
  readonly name = 'compromise';

  async annotate(text: string): Promise<NlpDocument> {
    const doc = nlp(text);
    const sentences: NlpSentence[] = (doc.json({ offset: true }) as MatchJson[]).map((sentence) => {
      const tokens = sentence.terms.map((term) => ({
        start: term.offset.start,
        end: term.offset.start + term.offset.length,
        text: term.text,
      }));
      return { start: sentence.offset.start, end: sentence.offset.start + sentence.offset.length, tokens };
    });
    const entities: NlpEntity[] = [];
    const add = (matches: MatchJson[], label: string): void => {
      for (const match of matches) {
        const raw = text.slice(match.offset.start, match.offset.start + match.offset.length);
        const trimmed = raw.replace(TRAILING, '');
        // Keep "U.S." and "Jr." whole: their final dot is part of the name.
        const kept = /(?:\b[A-Z]\.)+$|\bJr\.$/.test(raw.replace(/[\s,;:!?"')\]]+$/, '')) ? raw.replace(/[\s,;:!?"')\]]+$/, '') : trimmed;
        if (kept === '') continue;
        entities.push({ start: match.offset.start, end: match.offset.start + kept.length, text: kept, label });
      }
    };
    add(doc.people().json({ offset: true }) as MatchJson[], 'PERSON');
    add(doc.places().json({ offset: true }) as MatchJson[], 'LOCATION');
    add(doc.organizations().json({ offset: true }) as MatchJson[], 'ORGANIZATION');
    entities.sort((a, b) => a.start - b.start);
    return { sentences, entities };
  }
}
