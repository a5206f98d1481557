import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import { LocalNeo4jError } from './local-neo4j-error';
import { runCommand } from './process-utils';

/** The Neo4j Community release the project runs locally (5.26 is the LTS line). */
export const NEO4J_VERSION = '5.26.30';

/** How long Maven may stay silent before the download counts as stalled. */
const MAVEN_STALL_MS = 30_000;

export type ProgressSink = (message: string, transient?: boolean) => void;

export interface DistributionOptions {
  cacheDir: string;
  /** A Maven mirror to use instead of Maven Central (corporate proxies, tests). */
  mavenRepoUrl?: string;
  progress: ProgressSink;
}

/** Finds the java executable (JAVA_HOME first) and checks that it is Java 17 or newer. */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const java = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  let output: string;
  try {
    const result = await runCommand(java, ['-version'], 20_000);
    output = result.stderr + result.stdout;
  } catch {
    throw new LocalNeo4jError(
      `Java was not found (${java}): install Java 17 or 21 (e.g. apt-get install openjdk-17-jre-headless) or set NEO4J_URI to an existing Neo4j.`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= 17)) {
    throw new LocalNeo4jError(
      `Neo4j ${NEO4J_VERSION} needs Java 17 or 21, but ${java} is ${match ? `Java ${major}` : 'of unknown version'}: install Java 17 and set JAVA_HOME, or set NEO4J_URI.`,
    );
  }
  return java;
}

/** The folder holding every jar of the Neo4j server, downloading it on first use. */
export async function ensureNeo4jJars(options: DistributionOptions): Promise<string> {
  const home = path.join(options.cacheDir, `neo4j-community-${NEO4J_VERSION}`);
  const lib = path.join(home, 'lib');
  if (fs.existsSync(path.join(home, 'COMPLETE'))) return lib;

  fs.mkdirSync(home, { recursive: true });
  const partial = path.join(home, 'lib.partial');
  fs.rmSync(partial, { recursive: true, force: true });
  fs.writeFileSync(path.join(home, 'pom.xml'), pom());
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
  options.progress(`Fetching Neo4j Community ${NEO4J_VERSION} from Maven Central into ${home} (once; about 125 MB)...`);
  await runMaven(args, options.progress, options.mavenRepoUrl ?? 'Maven Central');
  const jars = fs.existsSync(partial) ? fs.readdirSync(partial).filter((name) => name.endsWith('.jar')) : [];
  if (!jars.some((name) => name.startsWith('neo4j-server-'))) {
    throw new LocalNeo4jError(`Maven finished but ${partial} holds no Neo4j server jar; delete ${home} and try again.`);
  }
  fs.rmSync(lib, { recursive: true, force: true });
  fs.renameSync(partial, lib);
  fs.writeFileSync(path.join(home, 'COMPLETE'), `${jars.length} jars\n`);
  options.progress(`Neo4j ${NEO4J_VERSION} is cached (${jars.length} jars).`);
  return lib;
}

function runMaven(args: string[], progress: ProgressSink, repository: string): Promise<void> {
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
      }, MAVEN_STALL_MS);
    };
    armStallTimer();
    const onLine = (line: string): void => {
      armStallTimer();
      const downloaded = /^\[?I?N?F?O?\]?\s*Downloaded from [^:]+: \S+ \(([\d.,]+) (kB|MB|B)/.exec(line);
      if (downloaded) {
        files += 1;
        const size = Number(downloaded[1].replace(',', ''));
        kilobytes += downloaded[2] === 'MB' ? size * 1024 : downloaded[2] === 'kB' ? size : size / 1024;
        progress(`  downloaded ${files} files, ${(kilobytes / 1024).toFixed(1)} MB`, true);
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
          ? new LocalNeo4jError(
              'Maven (mvn) was not found: it fetches Neo4j once from Maven Central. Install it (e.g. apt-get install maven) or set NEO4J_URI to an existing Neo4j.',
            )
          : error,
      );
    });
    child.once('close', (code) => {
      clearTimeout(stallTimer);
      if (stalled) {
        reject(
          new LocalNeo4jError(
            `Maven stopped making progress for ${MAVEN_STALL_MS / 1000} s: check that ${repository} is reachable, or set NEO4J_URI.`,
          ),
        );
      } else if (code !== 0) {
        const transfer = lastErrors.find((line) => /Could not transfer|Unknown host|refused|timed out|Connect to/i.test(line));
        // Maven says "No plugin found for prefix 'dependency'" when it cannot reach the repository at all.
        const unreachable = transfer === undefined && lastErrors.some((line) => /No plugin found for prefix/.test(line));
        const reason = unreachable ? 'the repository did not answer' : (transfer ?? lastErrors[0] ?? `exit code ${code}`).slice(0, 300);
        reject(
          new LocalNeo4jError(
            `Maven could not download Neo4j from ${repository} (${reason}): check the network or proxy, or set NEO4J_URI.`,
          ),
        );
      } else resolve();
    });
  });
}

function pom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by NewsGraph: the dependency set of a Neo4j Community server, copied into lib/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsgraph.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>${NEO4J_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>${NEO4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

function mirrorSettings(url: string): string {
  const escaped = url.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<settings><mirrors><mirror><id>newsgraph-mirror</id><mirrorOf>*</mirrorOf><url>${escaped}</url></mirror></mirrors></settings>\n`;
}
