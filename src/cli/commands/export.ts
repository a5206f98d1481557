import fs from 'node:fs';

import { ApiError } from '../../errors/api-errors';
import { openDatabase } from '../../server/app';
import { StartupError } from '../../server/startup-error';
import { CypherExportWriter } from '../../services/export/cypher.writer';
import { GraphmlExportWriter } from '../../services/export/graphml.writer';
import { JsonExportWriter } from '../../services/export/json.writer';
import { EXPORT_FORMATS, ExportFormat, ExportWriter } from '../../services/export/writer';
import { ExportService, MAX_EXPORT_DEPTH } from '../../services/export.service';
import { CliContext, defineCommand } from '../command';
import { UsageError } from '../command-line';
import { stepPrinter } from '../progress';

const EXPORT_USAGE = `  export --format json|graphml|cypher [--out FILE] [--around ID --depth N] [--checksum]
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
export const exportCommand = defineCommand({
  name: 'export',
  usage: EXPORT_USAGE,
  flags: {
    format: { type: 'string', choices: EXPORT_FORMATS },
    out: { type: 'string' },
    around: { type: 'string' },
    depth: { type: 'integer', min: 1, max: MAX_EXPORT_DEPTH },
    checksum: { type: 'boolean' },
  },
  run: async ({ flags }, context) => {
    const checksumOnly = flags.checksum;
    const format = flags.format as ExportFormat | undefined;
    if (!checksumOnly && format === undefined) throw new UsageError(`export needs --format ${EXPORT_FORMATS.join('|')} (or --checksum).`);
    const { out, around } = flags;
    if (flags.depth !== undefined && around === undefined) throw new UsageError('export: --depth goes with --around ID.');
    const depth = flags.depth ?? 1;
    await runExport({ checksumOnly, format: format ?? 'json', out, around, depth }, context);
  },
});

async function runExport(
  {
    checksumOnly,
    format,
    out,
    around,
    depth,
  }: { checksumOnly: boolean; format: ExportFormat; out?: string; around?: string; depth: number },
  context: CliContext,
): Promise<void> {
  const config = context.config();
  const log = context.log();
  const database = await openDatabase(config, log, stepPrinter);
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
      counts = await service.export(writerFor(format), sink, { around, depth });
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
