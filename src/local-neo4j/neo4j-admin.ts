import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import { ensureNeo4jJars, findJava, ProgressSink } from './distribution';
import { LocalNeo4jError } from './local-neo4j-error';
import { neo4jConf } from './neo4j-conf';

/** The entry point of `neo4j-admin` in the Community jars (what its shell script runs). */
export const ADMIN_MAIN_CLASS = 'org.neo4j.cli.AdminTool';

export interface Neo4jAdminOptions {
  dataDir: string;
  cacheDir: string;
  mavenRepoUrl?: string;
  progress: ProgressSink;
  /** Heap of the admin JVM (the importer keeps its big structures off-heap). */
  heap?: string;
}

export interface Neo4jAdminIo {
  /** A file fed to the tool's stdin (`database load --from-stdin`). */
  stdinFile?: string;
  /** A file that receives the tool's stdout (`database dump --to-stdout`). */
  stdoutFile?: string;
  /** Each line the tool prints (stderr, and stdout unless it goes to a file). */
  onLine?: (line: string) => void;
}

/**
 * Runs `neo4j-admin ARGS` against the local data folder: the same java, jars and neo4j.conf as the
 * server (src/local-neo4j/local-neo4j.ts), so the tool finds the databases where the server keeps
 * them. The server must not run on the folder (the caller makes sure: see whileLocalNeo4jStopped).
 */
export async function runNeo4jAdmin(options: Neo4jAdminOptions, args: readonly string[], io: Neo4jAdminIo = {}): Promise<void> {
  const { dataDir } = options;
  const java = await findJava();
  const lib = await ensureNeo4jJars({ cacheDir: options.cacheDir, mavenRepoUrl: options.mavenRepoUrl, progress: options.progress });
  const confDir = path.join(dataDir, 'conf');
  const confFile = path.join(confDir, 'neo4j.conf');
  for (const dir of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) fs.mkdirSync(path.join(dataDir, dir), { recursive: true });
  // A folder whose server never started has no conf yet; the port is not used by the tool.
  if (!fs.existsSync(confFile)) fs.writeFileSync(confFile, neo4jConf(dataDir, 7687));

  const heap = options.heap ?? '1g';
  const command = [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-Dfile.encoding=UTF-8',
    '-cp',
    `${lib}${path.sep}*`,
    ADMIN_MAIN_CLASS,
    ...args,
  ];
  const stdin = io.stdinFile === undefined ? 'ignore' : fs.openSync(io.stdinFile, 'r');
  const stdout = io.stdoutFile === undefined ? 'pipe' : fs.openSync(io.stdoutFile, 'w');
  const lines: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(java, command, {
        stdio: [stdin, stdout, 'pipe'],
        env: { ...process.env, NEO4J_HOME: dataDir, NEO4J_CONF: confDir },
      });
      const onLine = (line: string): void => {
        lines.push(line);
        if (lines.length > 200) lines.shift();
        io.onLine?.(line);
      };
      if (child.stdout) readline.createInterface({ input: child.stdout }).on('line', onLine);
      if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', onLine);
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else {
          const reason =
            [...lines]
              .reverse()
              // Its closing hint ("Run with '--verbose' for a more detailed error message") names no cause.
              .find((line) => /error|exception|failed|not |cannot|unable/i.test(line) && !/--verbose/.test(line)) ??
            lines[lines.length - 1] ??
            '';
          reject(
            new LocalNeo4jError(
              `neo4j-admin ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit code ${code}`})${reason ? `: ${reason.trim().slice(0, 300)}` : ''}.`,
            ),
          );
        }
      });
    });
  } finally {
    if (typeof stdin === 'number') fs.closeSync(stdin);
    if (typeof stdout === 'number') fs.closeSync(stdout);
  }
}
