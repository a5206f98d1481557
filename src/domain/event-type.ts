/** What sort of happening an Event is. */
export enum EventType {
  SUMMIT = 'SUMMIT',
  MEETING = 'MEETING',
  TALKS = 'TALKS',
  BRIEFING = 'BRIEFING',
  ELECTION = 'ELECTION',
  INAUGURATION = 'INAUGURATION',
  MILITARY_DEPLOYMENT = 'MILITARY_DEPLOYMENT',
  CONFLICT = 'CONFLICT',
  NOTIFICATION = 'NOTIFICATION',
  AGREEMENT = 'AGREEMENT',
  OTHER = 'OTHER',
}

/**
 * How precisely a source dates something. News often gives only a month ("January 2021") or a
 * year ("in 2022"); such dates are stored as the first day of that month or year, and the
 * precision says how much of the date the source actually stated.
 */
export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}

/** Where a relationship comes from: typed in (or imported) by people, or extracted from article text. */
export enum Origin {
  CURATED = 'CURATED',
  EXTRACTED = 'EXTRACTED',
}

/** Where a fact stands in review: extracted facts are PROPOSED until a reviewer accepts or rejects them. */
export enum FactStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}

/** What reads show when no `status` is given: everything but rejected facts. */
export const DEFAULT_STATUSES: readonly FactStatus[] = [FactStatus.ACCEPTED, FactStatus.PROPOSED];

/** The statuses a read asks for: those given (deduplicated, checked), else the default; never empty. */
export function statusesOf(given: readonly FactStatus[] | null | undefined): FactStatus[] {
  const all = Object.values(FactStatus) as string[];
  const chosen = given && given.length > 0 ? [...new Set(given)] : [...DEFAULT_STATUSES];
  for (const status of chosen) if (!all.includes(status)) throw new Error(`Unknown fact status: ${String(status)}`);
  return chosen.sort();
}
