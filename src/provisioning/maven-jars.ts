import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import { runCommand } from '../local-neo4j/process-utils';

export type ProgressSink = (message: string, transient?: boolean) => void;

/**
 * A set of Java jars NewsGraph fetches once from Maven Central (or a mirror) into its cache and runs
 * from there: the local Neo4j server, Stanford CoreNLP. Everything that differs between them is
 * here; the fetching, its progress and its one-line failures are shared.
 */
export interface JarSet {
  /** What a person calls it in messages: "Neo4j Community 5.26.30". */
  title: string;
  /** The cache sub-folder, e.g. `neo4j-community-5.26.30`. */
  folder: string;
  /** The pom.xml whose runtime dependencies are the set. */
  pom: string;
  /** A jar whose presence shows the copy is whole, e.g. `neo4j-server-`. */
  isKeyJar: (name: string) => boolean;
  /** Said while it is fetched: "about 125 MB". */
  sizeHint: string;
  /** What a person can do instead of the local copy: "set NEO4J_URI to an existing Neo4j". */
  alternative: string;
  /** How long Maven may stay silent before the download counts as stalled. */
  stallMs: number;
  /** Lines of Maven's output worth a progress message of their own (a single large jar). */
  announce?: readonly { pattern: RegExp; message: string }[];
  /** The error type of the caller's layer (LocalNeo4jError, NlpError). */
  error: (message: string) => Error;
}

export interface FetchOptions {
  cacheDir: string;
  /** A Maven mirror to use instead of Maven Central (corporate proxies, tests). */
  mavenRepoUrl?: string;
  progress: ProgressSink;
}

/** Finds the java executable (JAVA_HOME first) and checks that it is Java 17 or newer. */
export async function findJava17(
  set: Pick<JarSet, 'title' | 'alternative' | 'error'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const java = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  let output: string;
  try {
    const result = await runCommand(java, ['-version'], 20_000);
    output = result.stderr + result.stdout;
  } catch {
    throw set.error(
      `Java was not found (${java}): ${set.title} needs Java 17 or 21 (e.g. apt-get install openjdk-17-jre-headless), or ${set.alternative}.`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= 17)) {
    throw set.error(
      `${set.title} needs Java 17 or 21, but ${java} is ${match ? `Java ${major}` : 'of unknown version'}: install Java 17 and set JAVA_HOME, or ${set.alternative}.`,
    );
  }
  return java;
}

/** The folder holding every jar of the set, downloading it on first use. */
export async function ensureJars(set: JarSet, options: FetchOptions): Promise<string> {
  const home = path.join(options.cacheDir, set.folder);
  const lib = path.join(home, 'lib');
  if (fs.existsSync(path.join(home, 'COMPLETE'))) return lib;

  fs.mkdirSync(home, { recursive: true });
  const partial = path.join(home, 'lib.partial');
  fs.rmSync(partial, { recursive: true, force: true });
  fs.writeFileSync(path.join(home, 'pom.xml'), set.pom);
  const args = [
    '-B',
    '-f',
    path.join(home, 'pom.xml'),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${partial}`,
    '-DincludeScope=runtime',
  ];
  if (options.mavenRepoUrl) {
    fs.writeFileSync(path.join(home, 'settings.xml'), mirrorSettings(options.mavenRepoUrl));
    args.unshift('-s', path.join(home, 'settings.xml'));
  }
  options.progress(`Fetching ${set.title} from Maven Central into ${home} (once; ${set.sizeHint})...`);
  await runMaven(set, args, options.progress, options.mavenRepoUrl ?? 'Maven Central');
  const jars = fs.existsSync(partial) ? fs.readdirSync(partial).filter((name) => name.endsWith('.jar')) : [];
  if (!jars.some(set.isKeyJar)) {
    throw set.error(`Maven finished but ${partial} holds no ${set.title} jar; delete ${home} and try again.`);
  }
  fs.rmSync(lib, { recursive: true, force: true });
  fs.renameSync(partial, lib);
  fs.writeFileSync(path.join(home, 'COMPLETE'), `${jars.length} jars\n`);
  options.progress(`${set.title} is cached (${jars.length} jars).`);
  return lib;
}

function runMaven(set: JarSet, args: string[], progress: ProgressSink, repository: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let files = 0;
    let kilobytes = 0;
    let lastErrors: string[] = [];
    let stallTimer: NodeJS.Timeout | undefined;
    let stalled = false;
    const armStallTimer = (): void => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        stalled = true;
        child.kill('SIGKILL');
      }, set.stallMs);
    };
    armStallTimer();
    const onLine = (line: string): void => {
      armStallTimer();
      const downloaded = /Downloaded from [^:]+: \S+ \(([\d.,]+) (kB|MB|B)/.exec(line);
      const announced = set.announce?.find(({ pattern }) => pattern.test(line));
      if (downloaded) {
        files += 1;
        const size = Number(downloaded[1].replace(',', ''));
        kilobytes += downloaded[2] === 'MB' ? size * 1024 : downloaded[2] === 'kB' ? size : size / 1024;
        progress(`  downloaded ${files} files, ${(kilobytes / 1024).toFixed(1)} MB`, true);
      } else if (announced) {
        progress(announced.message, true);
      } else if (/\[ERROR\]/.test(line)) {
        lastErrors.push(line.replace(/^\[ERROR\]\s*/, '').trim());
        lastErrors = lastErrors.slice(-20);
      }
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(stallTimer);
      reject(
        error.code === 'ENOENT'
          ? set.error(
              `Maven (mvn) was not found: it fetches ${set.title} once from Maven Central. Install it (e.g. apt-get install maven), or ${set.alternative}.`,
            )
          : error,
      );
    });
    child.once('close', (code) => {
      clearTimeout(stallTimer);
      if (stalled) {
        reject(
          set.error(
            `Maven stopped making progress for ${set.stallMs / 1000} s: check that ${repository} is reachable, or ${set.alternative}.`,
          ),
        );
      } else if (code !== 0) {
        const transfer = lastErrors.find((line) => /Could not transfer|Unknown host|refused|timed out|Connect to/i.test(line));
        // Maven says "No plugin found for prefix 'dependency'" when it cannot reach the repository at all.
        const unreachable = transfer === undefined && lastErrors.some((line) => /No plugin found for prefix/.test(line));
        const reason = unreachable ? 'the repository did not answer' : (transfer ?? lastErrors[0] ?? `exit code ${code}`).slice(0, 300);
        reject(
          set.error(
            `Maven could not download ${set.title} from ${repository} (${reason}): check the network or proxy, or ${set.alternative}.`,
          ),
        );
      } else resolve();
    });
  });
}

function mirrorSettings(url: string): string {
  const escaped = url.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<settings><mirrors><mirror><id>newsgraph-mirror</id><mirrorOf>*</mirrorOf><url>${escaped}</url></mirror></mirrors></settings>\n`;
}
