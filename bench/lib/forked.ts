/**
 * A benchmark helper script (autocannon-runner, neo4j-graphql-process) forked as a process of its
 * own that answers over the IPC channel: the first message it sends, or an error when it exits
 * first or stays silent past the timeout (then it is killed).
 */
import { ChildProcess, fork } from 'node:child_process';

export interface Forked<M> {
  child: ChildProcess;
  /** The first message, as the script sends it. */
  message: Promise<M>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 20 s; resolves once it has exited. */
  stop(): Promise<void>;
}

export function forkScript<M>(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; name: string },
): Forked<M> {
  const child = fork(script, args, { env: options.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const message = new Promise<M>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} sent nothing within ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    child.once('message', (value) => {
      clearTimeout(timer);
      resolve(value as M);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with code ${code} before it answered`));
    });
  });
  return {
    child,
    message,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
