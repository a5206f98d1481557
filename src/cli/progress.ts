import { Logger } from '../server/logger';

/** Where commands report progress: a line, and whether the next line may overwrite it. */
export type Progress = (line: string, transient?: boolean) => void;

/**
 * Progress on stderr: rewritten in place on a terminal, one line per step otherwise. Given a logger
 * (serve with LOG_FORMAT=json), progress becomes log lines, so that stderr stays JSON throughout.
 */
export function progressPrinter(log?: Logger): Progress {
  let lastTransient = 0;
  return (line, transient = false) => {
    if (log !== undefined) {
      if (!transient || Date.now() - lastTransient > 2000) {
        log.info(line.trim());
        if (transient) lastTransient = Date.now();
      }
    } else if (process.stderr.isTTY) {
      process.stderr.write(`\r\x1b[K${line}${transient ? '' : '\n'}`);
    } else if (!transient || Date.now() - lastTransient > 2000) {
      process.stderr.write(`${line.trim()}\n`);
      if (transient) lastTransient = Date.now();
    }
  };
}

/** Only the lasting lines, on stderr (import and export keep stdout for their result). */
export const stepPrinter: Progress = (text, transient) => {
  if (!transient) process.stderr.write(`${text}\n`);
};
