import { Arg } from 'type-graphql';

import { DEFAULT_STATUSES, FactStatus } from '../../domain/event-type';
import { FactStatus as FactStatusEnum } from './enums';

/**
 * The `status: [FactStatus!] = [ACCEPTED, PROPOSED]` argument of every field that lists or walks
 * relationships: which review statuses to show. Rejected facts stay out unless asked for.
 */
export function StatusArg(): ReturnType<typeof Arg> {
  return Arg('status', () => [FactStatusEnum], {
    nullable: true,
    defaultValue: [...DEFAULT_STATUSES],
    description: 'Only relationships with these review statuses (rejected ones are left out unless asked for).',
  });
}

export type StatusList = FactStatus[] | null | undefined;
