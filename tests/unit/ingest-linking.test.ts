import fs from 'node:fs';
import path from 'node:path';

import { KnownEntity, linkMentions, MentionLink } from '../../src/ingest/linking';
import type { MentionKind, TypedMention } from '../../src/ingest/mentions';
import { nameKey } from '../../src/ingest/names';

/** The hand-built seed graph's entities: what an ingest of the seed article must link to. */
const seed = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cypher', 'seed', '000_3a89fb6e0ed68f4a.json'), 'utf8')) as {
    entities: Array<{ id: string; kind: KnownEntity['kind']; name: string; aliases?: string[]; isoCode?: string }>;
  }
).entities.map((e): KnownEntity => ({ id: e.id, kind: e.kind, name: e.name, aliases: e.aliases ?? [], isoCode: e.isoCode }));

/** Mentions in article order; offsets are only positions here. */
function mentions(...items: Array<[string, MentionKind]>): TypedMention[] {
  let at = 0;
  return items.map(([text, kind]) => {
    const m: TypedMention = { start: at, end: at + text.length, text, kind, via: 'engine' };
    at += text.length + 1;
    return m;
  });
}

const target = (link: MentionLink): string => (link.outcome === 'ambiguous' ? `ambiguous:${link.candidates.join('|')}` : link.entityId);

describe('linking mentions to entities', () => {
  it('links countries by demonym, abbreviation and name to the graph entity with their ISO code', () => {
    const { links, created } = linkMentions(
      mentions(
        ['Chinese', 'COUNTRY'],
        ['North Korean', 'COUNTRY'],
        ['DPRK', 'ORGANIZATION'],
        ['PRC', 'COUNTRY'],
        ['US', 'COUNTRY'],
        ['U.S.', 'COUNTRY'],
        ['USA', 'COUNTRY'],
        ['Russian', 'COUNTRY'],
        ["People's Republic of China", 'COUNTRY'],
      ),
      seed,
    );
    expect(links.map(target)).toEqual([
      'china',
      'north-korea',
      'north-korea',
      'china',
      'united-states',
      'united-states',
      'united-states',
      'russia',
      'china',
    ]);
    expect(created).toEqual([]);
  });

  it('is case, diacritics, punctuation and script insensitive', () => {
    const known: KnownEntity[] = [
      ...seed,
      { id: 'recep-tayyip-erdogan', kind: 'PERSON', name: 'Recep Tayyip Erdoğan', aliases: [] },
      { id: 'volodymyr-zelensky', kind: 'PERSON', name: 'Volodymyr Zelensky', aliases: ['Зеленский'] },
    ];
    const { links, created } = linkMentions(
      mentions(
        ['recep tayyip erdogan', 'PERSON'],
        ['XI JINPING', 'PERSON'],
        ['Caliber Az', 'ORGANIZATION'],
        ['Россия', 'COUNTRY'],
        ['ЗЕЛЕНСКИЙ', 'PERSON'],
      ),
      known,
    );
    expect(links.map(target)).toEqual(['recep-tayyip-erdogan', 'xi-jinping', 'caliber-az', 'russia', 'volodymyr-zelensky']);
    expect(created).toEqual([]);
    expect(nameKey('Orbán')).toBe(nameKey('ORBAN'));
  });

  it('links a short form to the full name used earlier in the article, or to a known alias', () => {
    const fresh = linkMentions(mentions(['Claudia Sheinbaum', 'PERSON'], ['Sheinbaum', 'PERSON']), []);
    expect(fresh.created.map((e) => e.id)).toEqual(['claudia-sheinbaum']);
    expect(fresh.links.map(target)).toEqual(['claudia-sheinbaum', 'claudia-sheinbaum']);
    expect(fresh.created[0].aliases).toEqual(['Sheinbaum']);
    // The seed knows "Biden" as an alias of Joe Biden: a later article saying only "Biden" links to him.
    expect(linkMentions(mentions(['Biden', 'PERSON']), seed).links.map(target)).toEqual(['joe-biden']);
  });

  it('links an acronym to the organisation it abbreviates, and ids and aliases of the graph', () => {
    const { links, created } = linkMentions(
      mentions(['Liberal Democratic Party', 'ORGANIZATION'], ['LDP', 'ORGANIZATION'], ['APEC', 'ORGANIZATION'], ['g20', 'ORGANIZATION']),
      seed,
    );
    expect(links.map(target)).toEqual(['liberal-democratic-party', 'liberal-democratic-party', 'apec', 'g20']);
    expect(created.map((e) => e.id)).toEqual(['liberal-democratic-party']);
  });

  it('creates only when nothing matches: a country from the dataset, once per article, with an id that does not collide', () => {
    const known: KnownEntity[] = [...seed, { id: 'kazakhstan', kind: 'TOPIC', name: 'Kazakhstan (topic)', aliases: [] }];
    const { links, created } = linkMentions(
      mentions(['Kazakhstan', 'COUNTRY'], ['Kazakh', 'COUNTRY'], ['Dina Boluarte', 'PERSON'], ['Boluarte', 'PERSON']),
      known,
    );
    expect(created.map((e) => [e.id, e.kind, e.isoCode]).sort()).toEqual([
      ['dina-boluarte', 'PERSON', undefined],
      ['kazakhstan-2', 'COUNTRY', 'KZ'],
    ]);
    expect(links.map(target)).toEqual(['kazakhstan-2', 'kazakhstan-2', 'dina-boluarte', 'dina-boluarte']);
  });

  it('reports two plausible candidates as ambiguous instead of guessing', () => {
    const known: KnownEntity[] = [
      { id: 'washington-dc', kind: 'PLACE', name: 'Washington, D.C.', aliases: ['Washington'] },
      { id: 'washington-state', kind: 'PLACE', name: 'Washington (state)', aliases: ['Washington'] },
      { id: 'donald-trump', kind: 'PERSON', name: 'Donald Trump', aliases: [] },
      { id: 'melania-trump', kind: 'PERSON', name: 'Melania Trump', aliases: [] },
    ];
    const { links, created } = linkMentions(mentions(['Washington', 'PLACE'], ['Trump', 'PERSON'], ['Congo', 'COUNTRY']), known);
    expect(links.map(target)).toEqual([
      'ambiguous:washington-dc|washington-state',
      'ambiguous:donald-trump|melania-trump',
      'ambiguous:dr-congo|republic-of-the-congo',
    ]);
    expect(created).toEqual([]);
    // Within one article, two people sharing a surname make the bare surname ambiguous too.
    const inArticle = linkMentions(mentions(['Hunter Biden', 'PERSON'], ['Jill Biden', 'PERSON'], ['Biden', 'PERSON']), []);
    expect(target(inArticle.links[2])).toBe('ambiguous:hunter-biden|jill-biden');
  });

  it('is pure: the same input gives the same output', () => {
    const input = mentions(['Joe Biden', 'PERSON'], ['Chinese', 'COUNTRY'], ['Lima', 'PLACE']);
    expect(linkMentions(input, seed)).toEqual(linkMentions(input, seed));
  });
});
