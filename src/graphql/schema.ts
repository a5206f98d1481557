import 'reflect-metadata';

import fs from 'node:fs';

import { validateOrReject, ValidationError, ValidatorOptions } from 'class-validator';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { ArgumentValidationError, buildSchema } from 'type-graphql';

import { EntityFieldsResolver } from './resolvers/entity-fields.resolver';
import { MutationResolver } from './resolvers/mutation.resolver';
import { QueryResolver } from './resolvers/query.resolver';
import { TraversalResolver } from './resolvers/traversal.resolver';
import {
  CountryResolver,
  EventResolver,
  OrganizationResolver,
  PersonResolver,
  PlaceResolver,
  TopicResolver,
} from './resolvers/kind-fields.resolver';
import {
  AmbiguousMentionResolver,
  EvidenceResolver,
  MentionResolver,
  RelationshipResolver,
  SourceResolver,
} from './resolvers/relationship.resolver';
import { servePlannedFields } from './planned-fast-path';
import { ENTITY_TYPES } from './types/entity.type';

let cached: Promise<GraphQLSchema> | undefined;

/** type-graphql's own defaults for class-validator (skipMissingProperties on, forbidUnknownValues off). */
const VALIDATOR_OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * What type-graphql's `validate: true` does for every argument of every field call (class-validator
 * on object arguments and on the objects of list arguments, errors as ArgumentValidationError),
 * with class-validator imported once: type-graphql's own path runs `await import('class-validator')`
 * for each object or list argument, a module resolution per call (about 14 µs, measured), which a
 * nested read with a status list on each of a thousand nested fields paid a thousand times.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (!isObject(value)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isObject).map((item) => validateOrReject(item, VALIDATOR_OPTIONS)));
    else await validateOrReject(value, VALIDATOR_OPTIONS);
  } catch (error) {
    throw new ArgumentValidationError(error as ValidationError[]);
  }
}

/** Builds the executable schema once per process (class-validator on, through validateArgument; planned fields served by servePlannedFields). */
export function buildNewsGraphSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [
      QueryResolver,
      TraversalResolver,
      EntityFieldsResolver,
      PersonResolver,
      CountryResolver,
      OrganizationResolver,
      PlaceResolver,
      EventResolver,
      TopicResolver,
      RelationshipResolver,
      SourceResolver,
      EvidenceResolver,
      MentionResolver,
      AmbiguousMentionResolver,
      MutationResolver,
    ],
    orphanedTypes: ENTITY_TYPES,
    validateFn: validateArgument,
  }).then((schema) => {
    servePlannedFields(schema);
    return schema;
  });
  return cached;
}

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printSortedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildNewsGraphSchema()))}\n`;
}

/** Writes the SDL file; returns whether it changed. */
export async function writeSchemaFile(file: string): Promise<boolean> {
  const sdl = await printSortedSchema();
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (before !== sdl) fs.writeFileSync(file, sdl);
  return before !== sdl;
}
