import fs from 'node:fs';
import path from 'node:path';

import {
  buildSchema,
  GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

import { projectRoot, SCHEMA_FILE } from '../../src/config/paths';

/**
 * docs/API.md is the users' contract: every type of schema/schema.graphql has a `### Name` section
 * there, and every field, input field and enum value is named in backticks in its type's section
 * (an interface's fields count for the types that implement it).
 */
const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
const doc = fs.readFileSync(path.join(projectRoot(), 'docs', 'API.md'), 'utf8');

/** The text of `### name` up to the next heading of level 1 to 3, or undefined. */
function sectionOf(name: string): string | undefined {
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => line.trim() === `### ${name}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && /^#{1,3} /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function memberNames(type: GraphQLNamedType): string[] {
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) return Object.keys(type.getFields());
  if (isEnumType(type)) return type.getValues().map((value) => value.name);
  return [];
}

const types = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));

describe('docs/API.md', () => {
  it('covers a real schema', () => {
    expect(types.length).toBeGreaterThan(30);
  });

  it.each(types.map((type) => [type.name, type] as const))('has a section for %s', (name) => {
    expect(sectionOf(name) === undefined ? `no "### ${name}" in docs/API.md` : 'found').toBe('found');
  });

  it.each(types.filter((type) => !isScalarType(type) && !isUnionType(type)).map((type) => [type.name, type] as const))(
    'names every member of %s in its section',
    (name, type) => {
      const inherited = isObjectType(type) || isInterfaceType(type) ? type.getInterfaces().map((i) => sectionOf(i.name) ?? '') : [];
      const text = [sectionOf(name) ?? '', ...inherited].join('\n');
      const missing = memberNames(type).filter((member) => !text.includes(`\`${member}\``));
      expect(missing).toEqual([]);
    },
  );

  it('is shown able to fail: a made-up field is missing', () => {
    expect((sectionOf('Relationship') ?? '').includes('`notARealField`')).toBe(false);
  });
});
