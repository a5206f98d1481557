import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import { runCommand } from '../local-neo4j/process-utils';
import { NlpError } from './nlp-error';

/** The Stanford CoreNLP release the project runs (GPL-3: fetched at run time, never bundled). */
export const CORENLP_VERSION = '4.5.10';

/** How long Maven may stay silent before the download counts as stalled (the models jar is one 474 MB file). */
const MAVEN_STALL_MS = 120_000;

export type ProgressSink = (message: string, transient?: boolean) => void;

export interface CoreNlpDistributionOptions {
  /** The NewsGraph cache folder (shared with the local Neo4j's jars). */
  cacheDir: string;
  /** A Maven mirror to use instead of Maven Central. */
  mavenRepoUrl?: string;
  progress: ProgressSink;
}

/** Finds the java executable (JAVA_HOME first) and checks that it is Java 17 or newer. */
export async function findJavaForNlp(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const java = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  let output: string;
  try {
    const result = await runCommand(java, ['-version'], 20_000);
    output = result.stderr + result.stdout;
  } catch {
    throw new NlpError(
      `Java was not found (${java}): the NLP engine (Stanford CoreNLP) needs Java 17 or newer; install it or set NEWSGRAPH_NLP_URL to a CoreNLP server already running.`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= 17)) {
    throw new NlpError(
      `Stanford CoreNLP ${CORENLP_VERSION} is run here on Java 17 or newer, but ${java} is ${match ? `Java ${major}` : 'of unknown version'}.`,
    );
  }
  return java;
}

/** The folder holding every jar of CoreNLP and its English models, downloading them on first use. */
export async function ensureCoreNlpJars(options: CoreNlpDistributionOptions): Promise<string> {
  const home = path.join(options.cacheDir, `stanford-corenlp-${CORENLP_VERSION}`);
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
  options.progress(
    `Fetching Stanford CoreNLP ${CORENLP_VERSION} and its English models from Maven Central into ${home} (once; about 500 MB)...`,
  );
  await runMaven(args, options.progress, options.mavenRepoUrl ?? 'Maven Central');
  const jars = fs.existsSync(partial) ? fs.readdirSync(partial).filter((name) => name.endsWith('.jar')) : [];
  if (!jars.some((name) => name === `stanford-corenlp-${CORENLP_VERSION}-models.jar`)) {
    throw new NlpError(`Maven finished but ${partial} holds no CoreNLP models jar; delete ${home} and try again.`);
  }
  fs.rmSync(lib, { recursive: true, force: true });
  fs.renameSync(partial, lib);
  fs.writeFileSync(path.join(home, 'COMPLETE'), `${jars.length} jars\n`);
  options.progress(`Stanford CoreNLP ${CORENLP_VERSION} is cached (${jars.length} jars).`);
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
      const downloaded = /Downloaded from [^:]+: \S+ \(([\d.,]+) (kB|MB|B)/.exec(line);
      if (downloaded) {
        files += 1;
        const size = Number(downloaded[1].replace(',', ''));
        kilobytes += downloaded[2] === 'MB' ? size * 1024 : downloaded[2] === 'kB' ? size : size / 1024;
        progress(`  downloaded ${files} files, ${(kilobytes / 1024).toFixed(1)} MB`, true);
      } else if (/Downloading from [^:]+: \S+models\.jar/.test(line)) {
        progress('  downloading the models jar (474 MB)...', true);
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
          ? new NlpError(
              'Maven (mvn) was not found: it fetches Stanford CoreNLP once from Maven Central. Install it, or set NEWSGRAPH_NLP_URL.',
            )
          : error,
      );
    });
    child.once('close', (code) => {
      clearTimeout(stallTimer);
      if (stalled) {
        reject(
          new NlpError(
            `Maven stopped making progress for ${MAVEN_STALL_MS / 1000} s: check that ${repository} is reachable, or set NEWSGRAPH_NLP_URL.`,
          ),
        );
      } else if (code !== 0) {
        const transfer = lastErrors.find((line) => /Could not transfer|Unknown host|refused|timed out|Connect to/i.test(line));
        const reason = (transfer ?? lastErrors[0] ?? `exit code ${code}`).slice(0, 300);
        reject(
          new NlpError(
            `Maven could not download Stanford CoreNLP from ${repository} (${reason}): check the network or proxy, or set NEWSGRAPH_NLP_URL.`,
          ),
        );
      } else resolve();
    });
  });
}

function pom(): string {
  const dependency = (classifier: string): string => `    <dependency>
      <groupId>edu.stanford.nlp</groupId>
      <artifactId>stanford-corenlp</artifactId>
      <version>${CORENLP_VERSION}</version>${classifier ? `\n      <classifier>${classifier}</classifier>` : ''}
    </dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by NewsGraph: Stanford CoreNLP and its English models, copied into lib/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsgraph.local</groupId>
  <artifactId>corenlp-runtime</artifactId>
  <version>${CORENLP_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency('')}
${dependency('models')}
  </dependencies>
</project>
`;
}

function mirrorSettings(url: string): string {
  const escaped = url.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<settings><mirrors><mirror><id>newsgraph-mirror</id><mirrorOf>*</mirrorOf><url>${escaped}</url></mirror></mirrors></settings>\n`;
}
