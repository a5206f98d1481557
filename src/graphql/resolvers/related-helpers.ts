import { FactStatus, statusesOf } from '../../domain/event-type';
import { EntityKind } from '../../domain/entity-kind';
import { Direction, EntityRecord } from '../../domain/records';
import { RelationshipType } from '../../domain/relationship-type';
import { RelatedSpec } from '../../repositories/related.repository';
import { GraphQLContext } from '../context';

import { TYPED_LIST_LIMIT } from '../../planner/analyze';

/** Entities one hop away, through the request's batching loader. */
export function related(
  { services, loaders }: GraphQLContext,
  id: string,
  types: RelationshipType[],
  direction: Direction,
  options: {
    kinds?: EntityKind[] | null;
    at?: string | null;
    status?: FactStatus[] | null;
    from?: string | null;
    to?: string | null;
    limit?: number;
  } = {},
): Promise<EntityRecord[]> {
  const spec: RelatedSpec = services.entities.checkRelated({
    types,
    direction,
    kinds: options.kinds && options.kinds.length > 0 ? options.kinds : null,
    at: options.at ?? null,
    // Sorted, so that equal lists share a loader batch.
    status: statusesOf(options.status),
    from: options.from ?? null,
    to: options.to ?? null,
    limit: options.limit ?? TYPED_LIST_LIMIT,
  });
  return loaders.related.load({ id, args: spec });
}

/** The first entity one hop away, or null. */
export async function relatedOne(
  context: GraphQLContext,
  id: string,
  types: RelationshipType[],
  direction: Direction,
  kinds?: EntityKind[],
): Promise<EntityRecord | null> {
  return (await related(context, id, types, direction, { kinds }))[0] ?? null;
}
