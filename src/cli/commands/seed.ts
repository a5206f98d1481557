import { openDatabase } from '../../server/app';
import { ImportService } from '../../services/import.service';
import { loadSeed } from '../../services/seed.service';
import { defineCommand } from '../command';
import { progressPrinter } from '../progress';

/** `newsgraph seed`: loads the seed graph (idempotent). */
export const seedCommand = defineCommand({
  name: 'seed',
  usage: '  seed                  load the seed graph from cypher/seed (idempotent)',
  flags: {},
  run: async (_line, context) => {
    const database = await openDatabase(context.config(), context.log(), progressPrinter());
    try {
      const report = await loadSeed(new ImportService(database.gateway));
      console.log(`Seed graph: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
    } finally {
      await database.close();
    }
  },
});
