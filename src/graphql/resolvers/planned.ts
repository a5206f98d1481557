import { GraphQLResolveInfo } from 'graphql';

import { PlannedFields } from '../../planner/plan';
import { GraphQLContext } from '../context';

/**
 * What the read planner fetched for the field of `root` under response key `key`, or undefined
 * when it did not fetch it. A planned null (no next event, no enclosing country) is an answer.
 */
export function plannedValue<V>(
  context: GraphQLContext,
  root: unknown,
  key: string,
  pick: (fields: PlannedFields) => Map<string, V>,
): V | undefined {
  const fields = typeof root === 'object' && root !== null ? context.planned.get(root) : undefined;
  return fields === undefined ? undefined : pick(fields).get(key);
}

/**
 * What the read planner already fetched for this field of `root` (plannedValue, by the field's
 * response key, else `anyKey`), or undefined: then the resolver falls back to the DataLoaders, and
 * the fallback is noted (with the planner on) so tests can list the fields the planner does not
 * compile.
 */
export function fromPlan<V>(
  context: GraphQLContext,
  root: object,
  info: GraphQLResolveInfo,
  pick: (fields: PlannedFields) => Map<string, V>,
  anyKey?: (fields: PlannedFields) => V | undefined,
): V | undefined {
  let found = plannedValue(context, root, String(info.path.key), pick);
  if (found === undefined && anyKey !== undefined) {
    const fields = context.planned.get(root);
    if (fields !== undefined) found = anyKey(fields);
  }
  if (found === undefined && context.services.planner !== undefined)
    context.planned.fallbacks.add(`${info.parentType.name}.${info.fieldName}`);
  return found;
}
