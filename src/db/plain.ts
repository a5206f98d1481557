import neo4j from 'neo4j-driver';

/** A Neo4j value turned into plain JSON-like data. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };
export type Row = Record<string, Plain>;

/**
 * Converts driver values into plain data, in one place: Integers become numbers, dates become
 * ISO strings (`YYYY-MM-DD` for Date, ISO 8601 in UTC for DateTime), nodes and relationships
 * become their property maps (with `labels` / `type` alongside).
 */
export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (neo4j.isDate(value)) return value.toString();
  if (neo4j.isDateTime(value)) return dateTimeToIso(value);
  if (neo4j.isLocalDateTime(value) || neo4j.isTime(value) || neo4j.isDuration(value)) return value.toString();
  if (neo4j.isNode(value)) {
    return { ...plainMap(value.properties), labels: value.labels };
  }
  if (neo4j.isRelationship(value)) {
    return { ...plainMap(value.properties), type: value.type };
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return plainMap(value as Record<string, unknown>);
  return String(value);
}

/**
 * DateTime -> ISO 8601 in UTC. With numeric fields and a zone offset (what `datetime()` stores)
 * this is plain arithmetic; the driver's toStandardDate does the same with Integer objects and
 * was a visible share of response time for large subgraphs.
 */
function dateTimeToIso(value: InstanceType<typeof neo4j.types.DateTime>): string {
  const { year, month, day, hour, minute, second, nanosecond, timeZoneOffsetSeconds } = value;
  const fields = [year, month, day, hour, minute, second, nanosecond];
  if (typeof timeZoneOffsetSeconds !== 'number' || !fields.every((field) => typeof field === 'number')) {
    return value.toStandardDate().toISOString();
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year as number, (month as number) - 1, day as number);
  utc.setUTCHours(hour as number, minute as number, second as number, Math.floor((nanosecond as number) / 1e6));
  return new Date(utc.getTime() - timeZoneOffsetSeconds * 1000).toISOString();
}

function plainMap(map: Record<string, unknown>): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const [key, item] of Object.entries(map)) out[key] = toPlain(item);
  return out;
}

/**
 * The driver sends JS numbers as floats; LIMIT, SKIP and integer properties need Neo4j integers.
 * Repositories wrap every integer parameter with this.
 */
export function toInt(value: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(Math.trunc(value));
}
