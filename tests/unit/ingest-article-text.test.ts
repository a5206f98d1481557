import { htmlToText, MAX_ARTICLE_LENGTH, prepareArticleText } from '../../src/services/ingest/article-text';
import { articleSourceId } from '../../src/services/ingest/ingest.service';
import { ApiError } from '../../src/errors/api-errors';

const refusal = (text: string): string => {
  try {
    prepareArticleText(text);
  } catch (error) {
    if (error instanceof ApiError) return `${String(error.extensions.code)}: ${error.message}`;
    throw error;
  }
  return 'accepted';
};

describe('the text of an article to ingest', () => {
  it('takes short, name-heavy English news (which trigram profiles alone misjudge)', () => {
    expect(prepareArticleText('Joe Biden met Xi Jinping in Lima on Saturday.').text).toBe('Joe Biden met Xi Jinping in Lima on Saturday.');
    expect(refusal('North Korea has deployed 3,000 troops to Russia, officials said on Monday.')).toBe('accepted');
  });

  it('refuses German and French with a message naming the language', () => {
    expect(
      refusal(
        'Der Bundeskanzler trifft sich am Samstag mit dem französischen Präsidenten in Berlin, um über die Lage in der Ukraine zu sprechen.',
      ),
    ).toMatch(/^BAD_USER_INPUT: .*another language \(deu/);
    expect(
      refusal('Le président français a rencontré le chancelier allemand à Berlin samedi pour parler de la guerre en Ukraine.'),
    ).toMatch(/another language \(fra/);
  });

  it('refuses empty text, text over the limit (naming it) and binary data', () => {
    expect(refusal('  \n ')).toMatch(/^BAD_USER_INPUT: .*no text/);
    expect(refusal('a'.repeat(MAX_ARTICLE_LENGTH + 1))).toMatch(/at most 100000 characters/);
    expect(refusal('PK\u0003\u0004\u0000binary')).toMatch(/binary data/);
  });

  it('reduces HTML to its text: scripts and tags go, entities are decoded, blocks become lines', () => {
    const html =
      '<html><head><script>x()</script></head><body><h1>Talks</h1><p>Biden &amp; Xi met.</p><p>In Lima&nbsp;today.</p></body></html>';
    expect(htmlToText(html)).toBe('Talks\n\nBiden & Xi met.\n\nIn Lima today.');
    expect(prepareArticleText(html).fromHtml).toBe(true);
  });

  it('derives the source id from the url, else from the title and the text', () => {
    expect(articleSourceId('T', 'https://www.example.com/a/b', 'x')).toMatch(/^example-com-a-b-[0-9a-f]{8}$/);
    expect(articleSourceId('Biden meets Xi', null, 'text one')).toMatch(/^biden-meets-xi-[0-9a-f]{12}$/);
    expect(articleSourceId('Biden meets Xi', null, 'text one')).not.toBe(articleSourceId('Biden meets Xi', null, 'text two'));
  });
});
