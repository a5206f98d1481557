import { GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';

import { PlannedFields } from '../planner/plan';
import { TYPED_FIELDS } from '../planner/typed-fields.table';
import { GraphQLContext } from './context';
import { plannedValue } from './resolvers/planned';

type Pick = (fields: PlannedFields) => Map<string, unknown>;

const entities: Pick = (fields) => fields.entities;
const entity: Pick = (fields) => fields.entity;
const sources: Pick = (fields) => fields.sources;

/** Fields of the Entity interface whose resolvers serve the planned value as it is (entity-fields.resolver.ts). */
const ENTITY_INTERFACE_FIELDS: Readonly<Record<string, Pick>> = { neighbors: entities, mentionedIn: sources };

/**
 * Serves what the read planner fetched for a field without going through type-graphql's argument
 * pipeline, which makes every field with arguments asynchronous (each argument goes through its
 * async validateArg, then Promise.all) even when the answer is already in memory: for the typed kind
 * fields (typed-fields.table.ts) and the Entity interface's `neighbors` and `mentionedIn`, exactly
 * the value their resolvers return when the planner fetched it (plannedValue in resolvers/planned.ts:
 * the record's planned field under the response key, a planned null included). Anything else, and
 * every field the planner did not fetch, goes to the field's own resolver (which notes fallbacks).
 * The arguments of these fields are scalars, enums and lists of them, which class-validator does not
 * check, so skipping validateArg changes no answer and no error.
 */
export function servePlannedFields(schema: GraphQLSchema): void {
  const typed = new Map<string, Pick>(TYPED_FIELDS.map((field) => [`${field.parent}.${field.field}`, field.one ? entity : entities]));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isEntity = type.getInterfaces().some((face) => face.name === 'Entity');
    for (const field of Object.values(type.getFields())) {
      const pick =
        typed.get(`${type.name}.${field.name}`) ??
        (isEntity && Object.hasOwn(ENTITY_INTERFACE_FIELDS, field.name) ? ENTITY_INTERFACE_FIELDS[field.name] : undefined);
      const resolve = field.resolve;
      if (pick === undefined || resolve === undefined) continue;
      const fast: GraphQLFieldResolver<unknown, GraphQLContext> = (root, args, context, info) => {
        // Not `??`: a planned null is an answer too.
        const value = plannedValue(context, root, String(info.path.key), pick);
        return value !== undefined ? value : resolve(root, args, context, info);
      };
      field.resolve = fast as GraphQLFieldResolver<unknown, unknown>;
    }
  }
}
