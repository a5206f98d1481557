/**
 * True when `text` is a real calendar date written YYYY-MM-DD (2024-02-29 yes, 2023-02-29 no).
 * Built with setUTCFullYear, since Date.UTC maps years 0-99 onto 1900-1999.
 */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return (
    date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3])
  );
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant in UTC ISO form when `text` is an ISO 8601 date-time with a zone on a real day. */
export function parseDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (!match || !isCalendarDate(match[1]) || Number.isNaN(Date.parse(text))) return undefined;
  return new Date(text).toISOString();
}
