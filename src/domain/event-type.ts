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
