import { RELATIONSHIP_TYPES, RelationshipType, SYMMETRIC_TYPES } from '../../src/domain/relationship-type';
import {
  canonicalEnds,
  contentHash,
  MAX_ID_LENGTH,
  relationshipId,
  SLUG_PATTERN,
  slugify,
  typeOfRelationshipId,
  typeSlug,
} from '../../src/services/ids';

/** Unit tests of id derivation: slugs from names, typed relationship ids, symmetric ends. */

describe('slugify', () => {
  it.each([
    ['Xi Jinping', 'xi-jinping'],
    ['Caliber.Az', 'caliber-az'],
    ['North Korea', 'north-korea'],
    ['Volodymyr Zelenskyy', 'volodymyr-zelenskyy'],
    ['Recep Tayyip Erdoğan', 'recep-tayyip-erdogan'],
    ['São Paulo', 'sao-paulo'],
    ['Zürich', 'zurich'],
    ['Zu\u0308rich', 'zurich'],
    ['Gdańsk', 'gdansk'],
    ['Côte d’Ivoire', 'cote-d-ivoire'],
    ["Russia's war against Ukraine", 'russia-s-war-against-ukraine'],
    ['APEC 2024 (Lima, Peru)', 'apec-2024-lima-peru'],
    ['  --Hello__World!!  ', 'hello-world'],
    ['G7', 'g7'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
  ])('%j -> %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('gives "" when nothing is left to keep', () => {
    expect(slugify('')).toBe('');
    expect(slugify('!!! ... ???')).toBe('');
    expect(slugify('Путин')).toBe('');
  });

  it('always returns a valid slug of at most MAX_ID_LENGTH characters', () => {
    const names = ['a '.repeat(200), `${'x'.repeat(MAX_ID_LENGTH - 1)} yz`, 'é-'.repeat(300), '.A.b.C.', '1 2 3'];
    for (const name of names) {
      const slug = slugify(name);
      expect(slug.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
      expect(slug).toMatch(SLUG_PATTERN);
    }
  });

  it('does not end in a dash when the length cut lands on one', () => {
    // 119 letters, a space, then more: the cut at 120 keeps "xxx…x-", which must lose the dash.
    const slug = slugify(`${'x'.repeat(MAX_ID_LENGTH - 1)} more`);
    expect(slug).toBe('x'.repeat(MAX_ID_LENGTH - 1));
  });

  it('is idempotent on slugs', () => {
    for (const slug of ['xi-jinping', 'apec-2024-lima', 'g7']) expect(slugify(slug)).toBe(slug);
  });
});

describe('relationshipId', () => {
  it('has the form <type-slug>-<20 lower-case hex digits> for every type', () => {
    for (const type of RELATIONSHIP_TYPES) {
      const id = relationshipId(type, 'a', 'b', null, null);
      const slug = type.toLowerCase().replace(/_/g, '-');
      expect(typeSlug(type)).toBe(slug);
      expect(id).toMatch(new RegExp(`^${slug}-[0-9a-f]{20}$`));
      expect(id).toMatch(SLUG_PATTERN);
    }
  });

  it('is deterministic and depends on from, type, to, role and validFrom', () => {
    const base = relationshipId(RelationshipType.LEADER_OF, 'xi-jinping', 'china', 'president', '2013-03-14');
    expect(relationshipId(RelationshipType.LEADER_OF, 'xi-jinping', 'china', 'president', '2013-03-14')).toBe(base);
    const variants = [
      relationshipId(RelationshipType.LEADER_OF, 'xi-jinping', 'china', null, '2013-03-14'),
      relationshipId(RelationshipType.LEADER_OF, 'xi-jinping', 'china', 'president', null),
      relationshipId(RelationshipType.LEADER_OF, 'xi-jinping', 'china', 'president', '2013-03-15'),
      relationshipId(RelationshipType.LEADER_OF, 'xi-jinping', 'prc', 'president', '2013-03-14'),
      relationshipId(RelationshipType.LEADER_OF, 'china', 'xi-jinping', 'president', '2013-03-14'),
      relationshipId(RelationshipType.MEMBER_OF, 'xi-jinping', 'china', 'president', '2013-03-14'),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('cannot be confused by separators inside the parts', () => {
    // A naive "a|b" join would make these two collide.
    expect(relationshipId(RelationshipType.SUPPORTS, 'a', 'b', 'x|y', null)).not.toBe(
      relationshipId(RelationshipType.SUPPORTS, 'a', 'b', 'x', 'y'),
    );
  });
});

describe('typeOfRelationshipId', () => {
  it('reads back the type of an id made for every RelationshipType', () => {
    for (const type of RELATIONSHIP_TYPES) {
      for (const [from, to, role, validFrom] of [
        ['a', 'b', null, null],
        ['joe-biden', 'usa', 'president', '2021-01-20'],
      ] as const) {
        expect(typeOfRelationshipId(relationshipId(type, from, to, role, validFrom))).toBe(type);
      }
    }
  });

  it.each([
    '',
    'junk',
    'leader-of',
    'leader-of-',
    'leader-of-0123456789abcdef012',
    'leader-of-0123456789abcdef01234',
    'leader-of-0123456789ABCDEF0123',
    'leader-of-0123456789abcdef012g',
    'LEADER_OF-0123456789abcdef0123',
    'leads-0123456789abcdef0123',
    ' leader-of-0123456789abcdef0123',
    'xi-jinping',
  ])('is undefined for %j', (id) => {
    expect(typeOfRelationshipId(id)).toBeUndefined();
  });

  it('tells apart types whose slugs share a prefix (part-of / participated-in, concerns / concerned-about)', () => {
    const digest = '0123456789abcdef0123';
    expect(typeOfRelationshipId(`part-of-${digest}`)).toBe(RelationshipType.PART_OF);
    expect(typeOfRelationshipId(`participated-in-${digest}`)).toBe(RelationshipType.PARTICIPATED_IN);
    expect(typeOfRelationshipId(`concerns-${digest}`)).toBe(RelationshipType.CONCERNS);
    expect(typeOfRelationshipId(`concerned-about-${digest}`)).toBe(RelationshipType.CONCERNED_ABOUT);
  });
});

describe('canonicalEnds', () => {
  it('orders the ends of a symmetric type from the smaller id to the larger', () => {
    for (const type of SYMMETRIC_TYPES) {
      expect(canonicalEnds(type, 'russia', 'china')).toEqual(['china', 'russia']);
      expect(canonicalEnds(type, 'china', 'russia')).toEqual(['china', 'russia']);
      expect(canonicalEnds(type, 'same', 'same')).toEqual(['same', 'same']);
    }
  });

  it('keeps the written direction of every other type', () => {
    for (const type of RELATIONSHIP_TYPES.filter((t) => !SYMMETRIC_TYPES.has(t))) {
      expect(canonicalEnds(type, 'russia', 'china')).toEqual(['russia', 'china']);
    }
  });
});

describe('contentHash', () => {
  it('is stable for equal values and differs for different ones', () => {
    expect(contentHash({ a: 1, b: [2] })).toBe(contentHash({ a: 1, b: [2] }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash('x')).toMatch(/^[0-9a-f]{32}$/);
  });
});
