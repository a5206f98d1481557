import 'reflect-metadata';

import fs from 'node:fs';

import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';

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
import { ENTITY_TYPES } from './types/entity.type';

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the executable schema once per process (class-validator on). */
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
    validate: true,
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
