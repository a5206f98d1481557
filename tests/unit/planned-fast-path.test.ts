import 'reflect-metadata';

import { GraphQLResolveInfo, GraphQLSchema, isObjectType } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';

import { EntityKind } from '../../src/domain/entity-kind';
import { EntityRecord } from '../../src/domain/records';
import { GraphQLContext } from '../../src/graphql/context';
import { buildNewsGraphSchema, validateArgument } from '../../src/graphql/schema';
import { EntityInput } from '../../src/graphql/types/inputs.type';
import { PlannedStore } from '../../src/planner/plan';

/**
 * Planned fields are served as fetched, synchronously (servePlannedFields), and arguments are still
 * checked by class-validator as with type-graphql's `validate: true` (validateArgument).
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildNewsGraphSchema();
});

const record = (id: string, kind: EntityKind): EntityRecord => ({ id, kind, name: id }) as EntityRecord;

function field(typeName: string, name: string) {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const found = type.getFields()[name];
  if (found?.resolve === undefined) throw new Error(`${typeName}.${name} has no resolver`);
  return found.resolve;
}

const infoAt = (key: string): GraphQLResolveInfo => ({ path: { key, prev: undefined, typename: undefined } }) as GraphQLResolveInfo;

describe('servePlannedFields', () => {
  it('returns the planned list, the planned one entity (null included) and the planned sources as they are, without a promise', () => {
    const planned = new PlannedStore();
    const person = record('p', EntityKind.PERSON);
    const event = record('e', EntityKind.EVENT);
    const countries = [record('c', EntityKind.COUNTRY)];
    planned.fieldsOf(person).entities.set('ledCountries', countries);
    planned.fieldsOf(person).sources.set('mentionedIn', []);
    planned.fieldsOf(event).entity.set('partOf', null);
    const context = { planned } as Partial<GraphQLContext> as GraphQLContext;
    expect(field('Person', 'leaderOf')(person, {}, context, infoAt('ledCountries'))).toBe(countries);
    expect(field('Person', 'mentionedIn')(person, {}, context, infoAt('mentionedIn'))).toEqual([]);
    expect(field('Event', 'partOf')(event, {}, context, infoAt('partOf'))).toBeNull();
    expect(planned.fallbacks.size).toBe(0);
  });
});

describe('validateArgument', () => {
  it('passes scalars and lists of scalars, and refuses an invalid input object with an ArgumentValidationError', async () => {
    await expect(validateArgument('2024-01-01')).resolves.toBeUndefined();
    await expect(validateArgument(['ACCEPTED', 'PROPOSED'])).resolves.toBeUndefined();
    const input = Object.assign(new EntityInput(), { kind: EntityKind.PERSON, name: '' });
    await expect(validateArgument(input)).rejects.toBeInstanceOf(ArgumentValidationError);
    await expect(validateArgument([input])).rejects.toBeInstanceOf(ArgumentValidationError);
    const valid = Object.assign(new EntityInput(), { kind: EntityKind.PERSON, name: 'Ada' });
    await expect(validateArgument([valid])).resolves.toBeUndefined();
  });
});
