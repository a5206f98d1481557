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
