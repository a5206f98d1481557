import fs from 'node:fs';
import path from 'node:path';

import { analyzeDocument, ArticleAnalysis } from '../../src/ingest/analyze';
import type { FactEndpoint } from '../../src/ingest/facts';
import type { KnownEntity } from '../../src/ingest/linking';
import type { NlpDocument } from '../../src/nlp/nlp-document';

const seed = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cypher', 'seed', '000_3a89fb6e0ed68f4a.json'), 'utf8')) as {
    entities: Array<{ id: string; kind: KnownEntity['kind']; name: string; aliases?: string[]; isoCode?: string }>;
  }
).entities.map((e): KnownEntity => ({ id: e.id, kind: e.kind, name: e.name, aliases: e.aliases ?? [], isoCode: e.isoCode }));

/** An engine's output written by hand: sentences split at ". ", every occurrence of each name labelled. */
function docOf(text: string, names: Array<[string, string]>): NlpDocument {
  const sentences = [...text.matchAll(/[^.]+(?:\.(?=\s|$)|$)/g)].map((m) => {
    const lead = m[0].length - m[0].trimStart().length;
    return { start: (m.index ?? 0) + lead, end: (m.index ?? 0) + m[0].length, tokens: [] };
  });
  const entities = names.flatMap(([surface, label]) =>
    [...text.matchAll(new RegExp(surface.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => ({
      start: m.index ?? 0,
      end: (m.index ?? 0) + surface.length,
      text: surface,
      label,
    })),
  );
  return { sentences, entities };
}

function describeFacts(analysis: ArticleAnalysis): string[] {
  const name = (e: FactEndpoint): string => {
    if ('entityId' in e) return e.entityId;
    if ('event' in e) {
      const event = analysis.events.find((x) => x.key === e.event)!;
      return `${event.eventType}@${event.date ?? '?'}/${event.datePrecision ?? '-'}`;
    }
    return `topic:${e.topic.text}`;
  };
  return analysis.facts.map(
    (f) =>
      `${name(f.from)} ${f.type} ${name(f.to)}${f.title ? ` title=${f.title}` : ''}${f.quantity !== undefined ? ` quantity=${f.quantity}` : ''}${f.validFrom ? ` from=${f.validFrom}/${f.validFromPrecision}` : ''}${f.hedge ? ` hedge=${f.hedge}` : ''}`,
  );
}

describe('fact extraction', () => {
  it('proposes leaders from titles, the meeting with its resolved date and place, hedged, quoting the sentence', () => {
    const text = 'US President Joe Biden will meet Chinese President Xi Jinping in Lima on Saturday, the White House said.';
    const analysis = analyzeDocument(
      text,
      '2024-11-14',
      docOf(text, [
        ['Joe Biden', 'PERSON'],
        ['Xi Jinping', 'PERSON'],
        ['Lima', 'LOCATION'],
        ['White House', 'ORGANIZATION'],
      ]),
      seed,
    );
    expect(describeFacts(analysis)).toEqual([
      'joe-biden LEADER_OF united-states title=President',
      'xi-jinping LEADER_OF china title=President',
      'joe-biden PARTICIPATED_IN MEETING@2024-11-16/DAY hedge=will',
      'xi-jinping PARTICIPATED_IN MEETING@2024-11-16/DAY hedge=will',
      'MEETING@2024-11-16/DAY HELD_IN lima hedge=will',
    ]);
    for (const fact of analysis.facts) {
      expect(text.slice(fact.start, fact.end)).toBe(fact.quote);
      expect(fact.confidence).toBe(fact.hedge ? 0.5 : 0.8);
    }
    // Everything links to the seed graph but the White House, which it does not hold.
    expect(analysis.created.map((e) => e.id)).toEqual(['white-house']);
  });

  it('takes the deployment, its quantity and qualifier from the seed article sentence', () => {
    const text =
      "I expect the President to express deep concern about the PRC's support for Russia's war against Ukraine, as well as the deployment of more than 10,000 DPRK troops to Russia, where they have begun to engage in combat alongside Russian troops.";
    const analysis = analyzeDocument(
      text,
      '2024-11-14',
      docOf(text, [
        ['DPRK', 'ORGANIZATION'],
        ['Russia', 'LOCATION'],
        ['Ukraine', 'LOCATION'],
        ['PRC', 'ORGANIZATION'],
      ]),
      seed,
    );
    const facts = describeFacts(analysis);
    expect(facts).toContain('north-korea DEPLOYED_TO russia quantity=10000');
    expect(facts).toContain('china SUPPORTS russia');
    expect(facts).toContain('russia AT_WAR_WITH ukraine');
    expect(analysis.facts.find((f) => f.type === 'DEPLOYED_TO')?.role).toBe('more than');
  });

  it('records hedges, successions with their date and title, memberships, support through a capital, concerns with their topic', () => {
    const text =
      'The DPRK has reportedly moved 500 soldiers to the Kursk region. Koji Sato, who succeeded Akio Toyoda as chief executive in April 2023, spoke. Finland will become the 31st member of NATO on Tuesday. Berlin and Paris both support Kyiv. Rafael Grossi said he was deeply concerned about Iran\u2019s uranium enrichment.';
    const analysis = analyzeDocument(
      text,
      '2023-04-03',
      docOf(text, [
        ['DPRK', 'ORGANIZATION'],
        ['Kursk', 'LOCATION'],
        ['Koji Sato', 'PERSON'],
        ['Akio Toyoda', 'PERSON'],
        ['NATO', 'ORGANIZATION'],
        ['Berlin', 'LOCATION'],
        ['Paris', 'LOCATION'],
        ['Kyiv', 'LOCATION'],
        ['Rafael Grossi', 'PERSON'],
      ]),
      seed,
    );
    expect(describeFacts(analysis)).toEqual([
      'north-korea DEPLOYED_TO kursk quantity=500 hedge=reportedly',
      'koji-sato SUCCEEDS akio-toyoda title=chief executive from=2023-04/MONTH',
      'finland MEMBER_OF nato from=2023-04-04/DAY hedge=will',
      'germany SUPPORTS ukraine',
      'france SUPPORTS ukraine',
      'rafael-grossi CONCERNED_ABOUT topic:Iran\u2019s uranium enrichment',
    ]);
    const topic = analysis.facts[5].to;
    expect('topic' in topic && text.slice(topic.topic.start, topic.topic.end)).toBe('Iran\u2019s uranium enrichment');
  });

  it('proposes nothing a sentence does not state', () => {
    const text = 'Joe Biden spoke about the weather in Lima. Xi Jinping smiled.';
    const analysis = analyzeDocument(
      text,
      '2024-11-14',
      docOf(text, [
        ['Joe Biden', 'PERSON'],
        ['Xi Jinping', 'PERSON'],
        ['Lima', 'LOCATION'],
      ]),
      seed,
    );
    expect(analysis.facts).toEqual([]);
    expect(analysis.mentions.map((m) => m.text)).toEqual(['Joe Biden', 'Lima', 'Xi Jinping']);
  });

  it("finds the graph's own names the engine missed", () => {
    const text = 'Caliber.Az reports that the G20 met in the Indo-Pacific region.';
    const analysis = analyzeDocument(text, '2024-11-14', docOf(text, []), seed);
    const linked = analysis.links.map((l) => (l.outcome === 'ambiguous' ? '?' : `${l.mention.text}=${l.entityId}`));
    expect(linked).toEqual(['Caliber.Az=caliber-az', 'G20=g20', 'Indo-Pacific region=indo-pacific']);
  });

  it('uses no entity that linking found ambiguous', () => {
    const known: KnownEntity[] = [
      { id: 'washington-dc', kind: 'PLACE', name: 'Washington, D.C.', aliases: ['Washington'] },
      { id: 'washington-state', kind: 'PLACE', name: 'Washington (state)', aliases: ['Washington'] },
    ];
    const text = 'Joe Biden will meet Xi Jinping in Washington on Saturday.';
    const analysis = analyzeDocument(
      text,
      '2024-11-14',
      docOf(text, [
        ['Joe Biden', 'PERSON'],
        ['Xi Jinping', 'PERSON'],
        ['Washington', 'LOCATION'],
      ]),
      known,
    );
    expect(analysis.facts.some((f) => f.type === 'HELD_IN')).toBe(false);
    expect(analysis.links.find((l) => l.mention.text === 'Washington')?.outcome).toBe('ambiguous');
  });
});
