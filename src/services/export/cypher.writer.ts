import { Plain } from '../../db/plain';
import { toEntityKind } from '../../domain/entity-kind';
import { toRelationshipType } from '../../domain/relationship-type';
import { kindLabel } from '../../repositories/cypher-fragments';
import { Props, StoredMention, StoredRel } from '../../repositories/export.repository';
import { ExportWriter } from './writer';

/**
 * A Cypher string literal: single-quoted, with backslashes, quotes and every non-printable
 * character (C0/C1 controls, line and paragraph separators, lone surrogates) escaped, so that one
 * statement is always one line. This writes OUTPUT text (a script file); it never builds a query
 * that NewsGraph runs.
 */
export function cypherString(value: string): string {
  // Array.from splits by code point: a surrogate pair stays one character, a lone one is escaped.
  const escaped = Array.from(value, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') return '\\\\';
    if (ch === "'") return "\\'";
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    const unprintable =
      code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff);
    return unprintable ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
  });
  return `'${escaped.join('')}'`;
}

/** A property key: plain when it is an identifier, else back-quoted. */
export function cypherKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key.replace(/`/g, '``')}\``;
}

/** Stored temporal and float properties of the model (plain values lose the type on the way out). */
const DATE_PROPS = new Set(['startDate', 'endDate', 'validFrom', 'validTo']);
const DATETIME_PROPS = new Set(['createdAt', 'updatedAt', 'recordedAt', 'publishedAt']);
const FLOAT_PROPS = new Set(['confidence']);

/** A Cypher literal for a stored value (`key` decides dates, date-times and floats). */
export function cypherValue(key: string, value: Plain): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => cypherValue(key, item)).join(', ')}]`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    const text = String(value);
    return FLOAT_PROPS.has(key) && Number.isInteger(value) ? `${text}.0` : text;
  }
  if (typeof value === 'string') {
    if (DATE_PROPS.has(key)) return `date(${cypherString(value)})`;
    if (DATETIME_PROPS.has(key)) return `datetime(${cypherString(value)})`;
    return cypherString(value);
  }
  return `{${Object.entries(value)
    .map(([k, v]) => `${cypherKey(k)}: ${cypherValue(k, v)}`)
    .join(', ')}}`;
}

function propertyMap(props: Props, skip: readonly string[]): string {
  const entries = Object.entries(props)
    .filter(([key, value]) => !skip.includes(key) && value !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, value]) => `${cypherKey(key)}: ${cypherValue(key, value)}`).join(', ')}}`;
}

/**
 * A cypher-shell script of parameter-free MERGE statements, one per line, in explicit
 * transactions of 500 statements, that recreates the exported graph (every stored property,
 * MENTIONS included) in a database with NewsGraph's migrations applied.
 */
export class CypherExportWriter implements ExportWriter {
  readonly wantsMentions = true;
  private inTransaction = 0;

  private statement(text: string): string {
    let prefix = '';
    if (this.inTransaction === 0) prefix = ':begin\n';
    this.inTransaction += 1;
    let suffix = '';
    if (this.inTransaction >= 500) {
      suffix = ':commit\n';
      this.inTransaction = 0;
    }
    return `${prefix}${text};\n${suffix}`;
  }

  begin(): string {
    return `// NewsGraph export: run with cypher-shell -f FILE against a database with NewsGraph's migrations
// applied (newsgraph db start, or serve, applies them). MERGE makes a re-run harmless.
`;
  }

  source(props: Props): string {
    return this.statement(`MERGE (n:Source {id: ${cypherString(String(props.id))}}) SET n += ${propertyMap(props, ['id'])}`);
  }

  entity(props: Props): string {
    const label = kindLabel(toEntityKind(props.kind));
    return this.statement(`MERGE (n:Entity {id: ${cypherString(String(props.id))}}) SET n:${label} SET n += ${propertyMap(props, ['id'])}`);
  }

  relationship(rel: StoredRel): string {
    const type = toRelationshipType(rel.type);
    return this.statement(
      `MATCH (a:Entity {id: ${cypherString(rel.from)}}) MATCH (b:Entity {id: ${cypherString(rel.to)}}) MERGE (a)-[r:${type} {id: ${cypherString(String(rel.props.id))}}]->(b) SET r += ${propertyMap(rel.props, ['id'])}`,
    );
  }

  mention(sourceId: string, mention: StoredMention): string {
    const spans =
      mention.starts.length === 0
        ? ''
        : ` SET m.starts = ${cypherValue('starts', mention.starts)}, m.ends = ${cypherValue('ends', mention.ends)}`;
    return this.statement(
      `MATCH (s:Source {id: ${cypherString(sourceId)}}) MATCH (e:Entity {id: ${cypherString(mention.entity)}}) MERGE (s)-[m:MENTIONS]->(e)${spans}`,
    );
  }

  end(): string {
    return this.inTransaction > 0 ? ':commit\n' : '';
  }
}
