import fs from 'node:fs';
import path from 'node:path';

import type { LocalNeo4jMemory } from '../config/config';
import { ProgressSink } from './distribution';
import { hasLocalDatabase, whileLocalNeo4jStopped } from './local-neo4j';
import { LocalNeo4jError } from './local-neo4j-error';
import { runNeo4jAdmin } from './neo4j-admin';

/** The one database NewsGraph keeps its graph in. */
const DATABASE = 'neo4j';

export interface BackupOptions {
  dataDir: string;
  cacheDir: string;
  mavenRepoUrl?: string;
  progress: ProgressSink;
  /** Overwrite an existing dump file (dump) or the existing database (load). */
  force: boolean;
  /** Page cache and heap of a `db start` server stopped for the work and started again after it. */
  restartMemory?: LocalNeo4jMemory;
}

/**
 * Writes the local `neo4j` database to one file with `neo4j-admin database dump`. Community Edition
 * dumps offline only: a server that `newsgraph db start` left running is stopped and started again
 * around it; one that a running `newsgraph serve` uses is not (refused). The file appears whole or
 * not at all.
 */
export async function dumpLocalDatabase(file: string, options: BackupOptions): Promise<{ bytes: number; seconds: number }> {
  const target = path.resolve(file);
  if (fs.existsSync(target) && !options.force) throw new LocalNeo4jError(`${file} exists: add --force to overwrite it.`);
  if (!fs.existsSync(path.dirname(target))) throw new LocalNeo4jError(`db dump: no folder ${path.dirname(target)} for ${file}.`);
  if (!hasLocalDatabase(options.dataDir))
    throw new LocalNeo4jError(`There is no local database in ${options.dataDir} to dump (start NewsGraph once first).`);
  const started = Date.now();
  const partial = `${target}.partial`;
  await whileLocalNeo4jStopped({ ...options, purpose: `'newsgraph db dump'` }, async () => {
    options.progress(`Dumping the local database to ${file}...`);
    try {
      await runNeo4jAdmin(options, ['database', 'dump', '--to-stdout', DATABASE], { stdoutFile: partial });
      fs.renameSync(partial, target);
    } finally {
      fs.rmSync(partial, { force: true });
    }
  });
  return { bytes: fs.statSync(target).size, seconds: (Date.now() - started) / 1000 };
}

/**
 * Replaces the local `neo4j` database with a dump (`neo4j-admin database load`), offline like the
 * dump. An existing database is replaced only with `force`.
 */
export async function loadLocalDatabase(file: string, options: BackupOptions): Promise<{ seconds: number }> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new LocalNeo4jError(`db load: no file at ${file}.`);
  if (hasLocalDatabase(options.dataDir) && !options.force) {
    throw new LocalNeo4jError(
      `The local database in ${options.dataDir} would be replaced by ${file}: add --force to replace it (or 'newsgraph db dump' it first).`,
    );
  }
  const started = Date.now();
  await whileLocalNeo4jStopped({ ...options, purpose: `'newsgraph db load'` }, async () => {
    options.progress(`Loading ${file} into the local database...`);
    await runNeo4jAdmin(options, ['database', 'load', '--from-stdin', '--overwrite-destination=true', DATABASE], {
      stdinFile: file,
    });
  });
  return { seconds: (Date.now() - started) / 1000 };
}
