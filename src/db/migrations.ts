import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { CYPHER_DIR } from '../config/paths';
import { Neo4jGateway } from './gateway';

/** Where the ordered migrations live. */
export const MIGRATIONS_DIR = path.join(CYPHER_DIR, 'migrations');

export interface Migration {
  id: string;
  checksum: string;
  statements: string[];
}

export interface MigrationReport {
  applied: string[];
  skipped: string[];
}

/** Splits a .cypher file into statements: `;` ends a statement, `//` lines are comments. */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

/** Reads `NNNN_name.cypher` files in order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.cypher$/.test(name))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return {
        id: name.replace(/\.cypher$/, ''),
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    });
}

/** A schema command of a migration: what it creates or drops, by name. */
const SCHEMA_COMMAND = /^(CREATE|DROP)\s+(?:(?:FULLTEXT|RANGE|TEXT|POINT|VECTOR|LOOKUP)\s+)?(INDEX|CONSTRAINT)\s+(\w+)/i;

/**
 * The schema the migrations leave, as the statements that create it: every index and constraint
 * created and not dropped by a later migration, in the order first created. Data statements
 * (backfills) are left out: this is for a database whose data already has the final shape (the
 * offline importer's). A statement that is neither schema nor a MATCH is refused, so that a new kind
 * of migration cannot be skipped unnoticed.
 */
export function finalSchema(migrations: readonly Migration[]): string[] {
  const created = new Map<string, string>();
  for (const migration of migrations) {
    for (const statement of migration.statements) {
      const command = SCHEMA_COMMAND.exec(statement);
      if (command === null) {
        if (/^MATCH\b/i.test(statement)) continue;
        throw new Error(`migration ${migration.id}: cannot tell whether "${statement.slice(0, 60)}" is schema or data`);
      }
      const [, verb, , name] = command;
      if (verb.toUpperCase() === 'CREATE') {
        if (!created.has(name)) created.set(name, statement);
      } else created.delete(name);
    }
  }
  return [...created.values()];
}

/** How long each start-up statement (listing, applying and recording migrations) may take. */
const START_UP_TIMEOUT_MS = 120_000;

/**
 * Applies every migration not yet recorded with the same checksum, in order, and records it in
 * the database as a (:NewsgraphMigration) node. Statements are idempotent (IF NOT EXISTS), so a
 * run interrupted half-way is simply run again. Waits until the indexes are online.
 */
export async function applyMigrations(gateway: Neo4jGateway, migrations: Migration[] = readMigrations()): Promise<MigrationReport> {
  // Start-up work, not an API request: a server just started on a loaded machine plans its first
  // queries slowly, so these get START_UP_TIMEOUT_MS instead of the per-query default (5 s).
  const rows = await gateway.read(
    'MATCH (m:NewsgraphMigration) RETURN m.id AS id, m.checksum AS checksum',
    {},
    { operation: 'migrations.list', timeoutMs: START_UP_TIMEOUT_MS },
  );
  const done = new Map(rows.map((row) => [String(row.id), String(row.checksum)]));
  const report: MigrationReport = { applied: [], skipped: [] };
  for (const migration of migrations) {
    if (done.get(migration.id) === migration.checksum) {
      report.skipped.push(migration.id);
      continue;
    }
    for (const statement of migration.statements) {
      // Schema commands cannot share a transaction with data writes: one transaction each.
      await gateway.write(statement, {}, { operation: `migration.${migration.id}`, timeoutMs: START_UP_TIMEOUT_MS });
    }
    await gateway.write(
      'MERGE (m:NewsgraphMigration {id: $id}) SET m.checksum = $checksum, m.appliedAt = datetime()',
      { id: migration.id, checksum: migration.checksum },
      { operation: 'migrations.record', timeoutMs: START_UP_TIMEOUT_MS },
    );
    report.applied.push(migration.id);
  }
  await gateway.read('CALL db.awaitIndexes(120)', {}, { operation: 'migrations.awaitIndexes', timeoutMs: 130_000 });
  return report;
}

/**
 * For a database loaded whole by the offline importer (no schema, no migration records, data in
 * its final shape): creates the final schema (finalSchema) instead of replaying every migration
 * over the data, records every migration as applied, and waits until the indexes are online.
 * The result is the schema a database migrated step by step has (a test compares both).
 */
export async function applyFinalSchema(
  gateway: Neo4jGateway,
  migrations: Migration[] = readMigrations(),
  timeoutMs = 3_600_000,
): Promise<MigrationReport> {
  const rows = await gateway.read('MATCH (m:NewsgraphMigration) RETURN count(m) AS n', {}, { operation: 'migrations.list', timeoutMs });
  if (Number(rows[0]?.n ?? 0) > 0) throw new Error('applyFinalSchema: this database has migration records; apply the migrations instead');
  // A constraint is created with its index populated over all the data: each gets the whole `timeoutMs`.
  for (const statement of finalSchema(migrations)) await gateway.write(statement, {}, { operation: 'migration.finalSchema', timeoutMs });
  await gateway.write(
    'UNWIND $migrations AS m CREATE (:NewsgraphMigration {id: m.id, checksum: m.checksum, appliedAt: datetime()})',
    { migrations: migrations.map(({ id, checksum }) => ({ id, checksum })) },
    { operation: 'migrations.record', timeoutMs: START_UP_TIMEOUT_MS },
  );
  await gateway.read(
    'CALL db.awaitIndexes($seconds)',
    { seconds: Math.ceil(timeoutMs / 1000) },
    {
      operation: 'migrations.awaitIndexes',
      timeoutMs: timeoutMs + 10_000,
    },
  );
  return { applied: migrations.map((m) => m.id), skipped: [] };
}
