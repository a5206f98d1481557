// An article's stored text with the entities it names highlighted, built as DOM nodes (text nodes
// and elements, never HTML): the text is data from the API and must never be parsed as markup.
import { EntityRef, MentionSpan } from './api';
import { KIND_NAMES } from './kinds';

export interface ArticleOptions {
  /** A quote to mark (offsets into the text, e.g. a relationship's evidence), or null. */
  quote: { start: number; end: number } | null;
  /** What clicking a highlighted mention does (the explorer opens the entity). */
  onMention: (entity: EntityRef) => void;
}

/**
 * The spans to highlight: inside the text, in text order, without overlaps (a span that starts
 * inside the previous one is left out). Offsets are UTF-16 code units, as String.slice counts.
 */
export function usableSpans(text: string, spans: readonly MentionSpan[]): MentionSpan[] {
  const sorted = spans
    .filter((span) => Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end <= text.length)
    .filter((span) => span.start < span.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: MentionSpan[] = [];
  let cursor = 0;
  for (const span of sorted) {
    if (span.start < cursor) continue;
    kept.push(span);
    cursor = span.end;
  }
  return kept;
}

/**
 * The text cut at every span and quote boundary: each piece is a text node, or a button (a mention:
 * `text.slice(start, end)`, with the entity's id and offsets as data attributes); pieces inside the
 * quote go into one `<mark class="quote">` (a mention across the quote's edge is cut in two).
 */
export function articleText(text: string, spans: readonly MentionSpan[], options: ArticleOptions): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const mentions = usableSpans(text, spans);
  const quote =
    options.quote && options.quote.start >= 0 && options.quote.end <= text.length && options.quote.start < options.quote.end
      ? options.quote
      : null;
  const cuts = new Set<number>([0, text.length]);
  for (const span of mentions) cuts.add(span.start).add(span.end);
  if (quote) cuts.add(quote.start).add(quote.end);
  const points = [...cuts].sort((a, b) => a - b);
  let mark: HTMLElement | null = null;
  let m = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    while (m < mentions.length && mentions[m].end <= start) m++;
    const span = mentions[m] && mentions[m].start <= start && end <= mentions[m].end ? mentions[m] : null;
    const piece = text.slice(start, end);
    let node: Node;
    if (span) {
      const entity = span.entity;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `mention kind-${entity.kind.toLowerCase()}`;
      b.textContent = piece;
      b.title = `${entity.name} (${KIND_NAMES[entity.kind]}): open it`;
      b.dataset.entityId = entity.id;
      b.dataset.start = String(span.start);
      b.dataset.end = String(span.end);
      b.addEventListener('click', () => options.onMention(entity));
      node = b;
    } else {
      node = document.createTextNode(piece);
    }
    const inQuote = quote !== null && quote.start <= start && end <= quote.end;
    if (inQuote) {
      if (mark === null) {
        mark = document.createElement('mark');
        mark.className = 'quote';
        mark.dataset.start = String(quote.start);
        mark.dataset.end = String(quote.end);
        fragment.append(mark);
      }
      mark.append(node);
    } else {
      mark = null;
      fragment.append(node);
    }
  }
  return fragment;
}
