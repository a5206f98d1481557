import { openDatabase } from '../../server/app';
import { generateGraph, writeGenerated, writeGeneratedFile } from '../../services/generator.service';
import { ImportService } from '../../services/import.service';
import { UsageError } from '../command-line';
import { defineCommand } from '../command';
import { progressPrinter } from '../progress';

/** `newsgraph generate`: a synthetic news graph, into the database or a file. */
export const generateCommand = defineCommand({
  name: 'generate',
  usage: `  generate --entities N [--seed S] [--out FILE.jsonl|FILE.json]
                        add a synthetic news graph of N entities (hubs, sparse people, events, topics),
                        or with --out write it to a file for 'newsgraph import' instead`,
  flags: {
    entities: { type: 'integer', min: 10, max: 2_000_000 },
    seed: { type: 'integer', min: -2_147_483_648, max: 2_147_483_647, default: 42 },
    out: { type: 'string' },
  },
  run: async ({ flags }, context) => {
    const entities = flags.entities;
    if (entities === undefined) throw new UsageError('generate needs --entities N, a whole number from 10 to 2000000.');
    const started = Date.now();
    const graph = generateGraph(entities, flags.seed);
    const out = flags.out;
    if (out !== undefined) {
      const written = await writeGeneratedFile(graph, out);
      console.log(
        `Wrote ${out}: ${written.sources} sources, ${written.entities} entities, ${written.relationships} relationships in ${((Date.now() - started) / 1000).toFixed(1)} s; load it with 'newsgraph import ${out}'.`,
      );
      return;
    }
    const progress = progressPrinter();
    const database = await openDatabase(context.config(), context.log(), progress);
    try {
      const report = await writeGenerated(new ImportService(database.gateway), graph, (done, total) =>
        progress(`  generating: ${done}/${total} records (${Math.round((100 * done) / total)}%)`, true),
      );
      const seconds = (Date.now() - started) / 1000;
      progress(
        `Generated ${graph.entities.length} entities, ${graph.relationships.length} relationships, ${graph.sources.length} sources in ${seconds.toFixed(1)} s: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`,
      );
    } finally {
      await database.close();
    }
  },
});
