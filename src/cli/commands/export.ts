import fs from 'node:fs';

import { Config } from '../../config/config';
import { ApiError } from '../../errors/api-errors';
import { openDatabase } from '../../server/app';
import { Logger } from '../../server/logger';
import { StartupError } from '../../server/startup-error';
import { CypherExportWriter } from '../../services/export/cypher.writer';
import { GraphmlExportWriter } from '../../services/export/graphml.writer';
import { JsonExportWriter } from '../../services/export/json.writer';
import { EXPORT_FORMATS, ExportFormat, ExportWriter } from '../../services/export/writer';
import { ExportService, MAX_EXPORT_DEPTH } from '../../services/export.service';
import { option } from './options';

export const EXPORT_USAGE = `  export --format json|graphml|cypher [--out FILE] [--around ID --depth N] [--checksum]
                        write the graph (or the neighbourhood of ID, N = 1..${MAX_EXPORT_DEPTH} hops) to FILE or stdout;
                        --checksum prints the content checksum of the database instead`;

export function writerFor(format: ExportFormat): ExportWriter {
  switch (format) {
    case 'json':
      return new JsonExportWriter();
    case 'graphml':
      return new GraphmlExportWriter();
    case 'cypher':
      return new CypherExportWriter();
  }
}

/** `newsgraph export`: streams the graph to a file or stdout in the chosen format. */
export async function exportCommand(args: string[], config: Config, log: Logger): Promise<void> {
  const checksumOnly = args.includes('--checksum');
  const format = option(args, '--format');
  if (!checksumOnly && (format === undefined || !(EXPORT_FORMATS as readonly string[]).includes(format)))
    throw new StartupError(`export needs --format ${EXPORT_FORMATS.join('|')}.\n${EXPORT_USAGE}`);
  const out = option(args, '--out');
  const around = option(args, '--around');
  const depthText = option(args, '--depth');
  if (depthText !== undefined && around === undefined) throw new StartupError('--depth goes with --around ID.');
  const depth = depthText === undefined ? 1 : Number(depthText);
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_EXPORT_DEPTH)
    throw new StartupError(`--depth must be a whole number from 1 to ${MAX_EXPORT_DEPTH}.`);

  const database = await openDatabase(config, log, (text, transient) => {
    if (!transient) process.stderr.write(`${text}\n`);
  });
  try {
    const service = new ExportService(database.gateway);
    if (checksumOnly) {
      const sum = await service.checksum();
      console.log(
        `${sum.checksum}  (${sum.sources} sources, ${sum.entities} entities, ${sum.relationships} relationships, ${sum.mentions} mentions)`,
      );
      return;
    }
    const stream = out === undefined ? process.stdout : fs.createWriteStream(out, { encoding: 'utf8' });
    const sink = (text: string): Promise<void> | undefined =>
      text === '' || stream.write(text) ? undefined : new Promise((resolve) => stream.once('drain', () => resolve()));
    let counts;
    try {
      counts = await service.export(writerFor(format as ExportFormat), sink, { around, depth });
    } catch (error) {
      if (error instanceof ApiError) throw new StartupError(`export: ${error.message}`);
      throw error;
    } finally {
      if (stream !== process.stdout) await new Promise<void>((resolve) => (stream as fs.WriteStream).end(resolve));
    }
    process.stderr.write(
      `Exported ${counts.entities} entities, ${counts.relationships} relationships${format === 'graphml' ? '' : `, ${counts.sources} sources`}${format === 'cypher' ? `, ${counts.mentions} mentions` : ''}${out === undefined ? '' : ` to ${out}`} (${format}).\n`,
    );
  } finally {
    await database.close();
  }
}
