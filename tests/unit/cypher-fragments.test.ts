import { ENTITY_KINDS, EntityKind, KIND_LABEL } from '../../src/domain/entity-kind';
import { Direction } from '../../src/domain/records';
import { RELATIONSHIP_TYPES, RelationshipType } from '../../src/domain/relationship-type';
import { kindLabel, relPattern, typeAlternation } from '../../src/repositories/cypher-fragments';

/** Unit tests of the only places where Cypher text varies: they must admit enum values only. */

const INJECTION = 'LEADER_OF]->() DETACH DELETE n //';

describe('typeAlternation', () => {
  it('is every type when none, null or an empty list is given', () => {
    for (const all of [typeAlternation(), typeAlternation(null), typeAlternation([])]) {
      expect(all.split('|')).toEqual([...RELATIONSHIP_TYPES]);
    }
  });

  it('joins the chosen types in the order given, without repeats', () => {
    expect(typeAlternation([RelationshipType.BORDERS])).toBe('BORDERS');
    expect(typeAlternation([RelationshipType.MEMBER_OF, RelationshipType.LEADER_OF, RelationshipType.MEMBER_OF])).toBe(
      'MEMBER_OF|LEADER_OF',
    );
  });

  it('produces only identifier characters and bars', () => {
    expect(typeAlternation()).toMatch(/^[A-Z_]+(\|[A-Z_]+)*$/);
  });

  it.each([INJECTION, 'leader_of', 'LEADER_OF ', '', 'LEADER_OF|MEMBER_OF', 'toString', '__proto__'])('throws for %j', (value) => {
    expect(() => typeAlternation([value as RelationshipType])).toThrow();
    expect(() => typeAlternation([RelationshipType.LEADER_OF, value as RelationshipType])).toThrow();
  });

  it('does not put the refused text into Cypher', () => {
    let text: string | undefined;
    try {
      text = typeAlternation([INJECTION as RelationshipType]);
    } catch {
      text = undefined;
    }
    expect(text).toBeUndefined();
  });
});

describe('relPattern', () => {
  it.each([
    [Direction.OUT, '(e)-[r:LEADER_OF|MEMBER_OF]->(o:Entity)'],
    [Direction.IN, '(e)<-[r:LEADER_OF|MEMBER_OF]-(o:Entity)'],
    [Direction.BOTH, '(e)-[r:LEADER_OF|MEMBER_OF]-(o:Entity)'],
  ])('draws the arrow for %s as seen from the first node', (direction, pattern) => {
    expect(relPattern('e', 'r', 'LEADER_OF|MEMBER_OF', 'o:Entity', direction)).toBe(pattern);
  });

  it('gives a distinct pattern for each direction', () => {
    const patterns = Object.values(Direction).map((d) => relPattern('a', 'r', 'T', 'b', d));
    expect(new Set(patterns).size).toBe(Object.values(Direction).length);
  });

  it('throws for a direction outside the enum', () => {
    expect(() => relPattern('a', 'r', 'T', 'b', 'SIDEWAYS' as Direction)).toThrow(/SIDEWAYS/);
  });
});

describe('kindLabel', () => {
  it('gives the capitalised label of every kind', () => {
    for (const kind of ENTITY_KINDS) {
      const label = kindLabel(kind);
      expect(label).toBe(KIND_LABEL[kind]);
      expect(label).toMatch(/^[A-Z][a-z]+$/);
      expect(label.toUpperCase()).toBe(kind);
    }
    expect(kindLabel(EntityKind.ORGANIZATION)).toBe('Organization');
  });

  it.each(['ALIEN', 'person', 'Person', '', 'PERSON:Admin'])('throws for %j', (value) => {
    expect(() => kindLabel(value as EntityKind)).toThrow();
  });

  // KIND_LABEL is a plain object, so `KIND_LABEL[kind] === undefined` lets inherited names
  // through: kindLabel('constructor') returns Object (a function), which would be spliced into
  // `SET e:${kindLabel(kind)}`. The re-check must look at own keys only.
  it('throws for inherited property names (constructor, toString, hasOwnProperty, __proto__)', () => {
    const accepted = ['constructor', 'toString', 'hasOwnProperty', '__proto__'].filter((name) => {
      try {
        kindLabel(name as EntityKind);
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted).toEqual([]);
  });
});
