import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { WATCHDOG } from '../local-neo4j/local-neo4j';
import { freePort, isAlive, sleep, waitForExit } from '../local-neo4j/process-utils';
import { CORENLP_VERSION, ensureCoreNlpJars, findJavaForNlp, ProgressSink } from './corenlp-distribution';
import { ensureLoopbackProvider, HTTPSERVER_EXPORT, LOOPBACK_PROVIDER_CLASS } from './loopback-provider';
import { NlpError } from './nlp-error';

const MAIN_CLASS = 'edu.stanford.nlp.pipeline.StanfordCoreNLPServer';

export interface CoreNlpServerOptions {
  /** The NewsGraph cache folder: jars under stanford-corenlp-VERSION/, the server log next to them. */
  cacheDir: string;
  mavenRepoUrl?: string;
  progress: ProgressSink;
  /** The JVM's heap bound (-Xmx); CoreNLP's English NER wants about 3 GB. */
  heap?: string;
  /** Annotation threads of the server. */
  threads?: number;
  /** The server's own per-request timeout (-timeout), in milliseconds. */
  requestTimeoutMs?: number;
  /** How long start-up may take before it counts as failed. */
  startTimeoutMs?: number;
}

/** A running CoreNLP server, reachable on the loopback interface with its generated credentials. */
export interface CoreNlpServer {
  url: string;
  user: string;
  password: string;
  pid: number;
  /** False when the server could not be bound to 127.0.0.1 (no javac): it then listens everywhere, password-protected. */
  loopbackOnly: boolean;
  stop(): Promise<void>;
}

/**
 * A password for one CoreNLP server. CoreNLP reads a command-line value that starts with `-` as
 * the next flag (leaving `-password` set to "true"), so base64url, whose first character is `-`
 * one time in 64, made the server refuse its own client with 401; hex has no `-`.
 */
export function coreNlpPassword(): string {
  return randomBytes(18).toString('hex');
}

/**
 * Starts a CoreNLP server owned by this process (fetching CoreNLP on first use): bound to
 * 127.0.0.1 on a free port, with its own heap bound and a generated password, under the same
 * watchdog as the local Neo4j, so it stops when this process stops, however it stops.
 */
export async function startCoreNlpServer(options: CoreNlpServerOptions): Promise<CoreNlpServer> {
  const java = await findJavaForNlp();
  const lib = await ensureCoreNlpJars(options);
  const home = path.dirname(lib);
  const loopbackDir = await ensureLoopbackProvider(path.join(home, 'loopback'), java, options.progress);
  const port = await freePort();
  const user = 'newsgraph';
  const password = coreNlpPassword();
  const classPath = [`${lib}${path.sep}*`, ...(loopbackDir ? [loopbackDir] : [])].join(path.delimiter);
  const javaCommand = [
    java,
    `-Xmx${options.heap ?? '3g'}`,
    '-Djava.net.preferIPv4Stack=true',
    ...(loopbackDir ? ['--add-exports', HTTPSERVER_EXPORT, `-Dcom.sun.net.httpserver.HttpServerProvider=${LOOPBACK_PROVIDER_CLASS}`] : []),
    '-cp',
    classPath,
    MAIN_CLASS,
    '-port',
    String(port),
    '-timeout',
    String(options.requestTimeoutMs ?? 60_000),
    '-threads',
    String(options.threads ?? 2),
    '-quiet',
    'true',
    '-username',
    user,
    '-password',
    password,
  ];
  const logFile = path.join(home, 'server.log');
  const log = fs.openSync(logFile, 'a');
  // The password is on the command line, which other local users can read in /proc: the server
  // listens on loopback only, so they are the only ones who could reach it anyway.
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'newsgraph-corenlp-watchdog', String(process.pid), ...javaCommand], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  child.unref();
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new NlpError(`Could not start ${java}.`);
  const url = `http://127.0.0.1:${port}`;
  options.progress(`Starting Stanford CoreNLP ${CORENLP_VERSION} on ${url} (pid ${pid}, heap ${options.heap ?? '3g'})...`);
  try {
    await waitForReady(pid, url, options.startTimeoutMs ?? 120_000, logFile);
  } catch (error) {
    await terminate(pid);
    throw error;
  }
  return { url, user, password, pid, loopbackOnly: loopbackDir !== undefined, stop: () => terminate(pid) };
}

async function waitForReady(pid: number, url: string, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new NlpError(`Stanford CoreNLP exited while starting: see ${logFile}.`);
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new NlpError(`Stanford CoreNLP did not become ready within ${timeoutMs / 1000} s: see ${logFile}.`, true);
}

/** Stops the server (and its watchdog) politely, then by force after 10 s: its whole process group. */
async function terminate(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, 10_000))) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitForExit(pid, 5_000);
  }
}
