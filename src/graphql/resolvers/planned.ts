import { GraphQLResolveInfo } from 'graphql';

import { PlannedFields } from '../../planner/plan';
import { GraphQLContext } from '../context';

/**
 * What the read planner already fetched for this field of `root` (by the field's response key),
 * or undefined: then the resolver falls back to the DataLoaders, and the fallback is noted (with
 * the planner on) so tests can list the fields the planner does not compile.
 */
export function fromPlan<V>(
  context: GraphQLContext,
  root: object,
  info: GraphQLResolveInfo,
  pick: (fields: PlannedFields) => Map<string, V>,
  anyKey?: (fields: PlannedFields) => V | undefined,
): V | undefined {
  const fields = context.planned.get(root);
  const byKey = fields === undefined ? undefined : pick(fields);
  const key = String(info.path.key);
  // A planned null (no next event, no enclosing country) is an answer: only a missing key falls back.
  const found = fields === undefined || byKey === undefined ? undefined : byKey.has(key) ? byKey.get(key) : anyKey?.(fields);
  if (found === undefined && context.services.planner !== undefined)
    context.planned.fallbacks.add(`${info.parentType.name}.${info.fieldName}`);
  return found;
}
