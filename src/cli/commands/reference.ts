import { ApiError } from '../../errors/api-errors';
import { openDatabase } from '../../server/app';
import { StartupError } from '../../server/startup-error';
import { ReferenceCountriesService, ReferenceLoadReport } from '../../services/reference/countries.service';
import { DATASET_NAME, DATASET_VERSION } from '../../services/reference/world-countries.dataset';
import { defineCommand } from '../command';
import { UsageError } from '../command-line';

export const REFERENCE_USAGE = `  reference load countries
                        load ${DATASET_NAME} ${DATASET_VERSION}: 250 countries with capitals and land borders, as
                        reference data linked to stored countries by ISO code (idempotent)`;

/** The lines `reference load countries` prints. */
export function referenceSummary(report: ReferenceLoadReport): string {
  const r = report.relationships;
  return [
    `Reference data from ${report.source}:`,
    `  countries: ${report.countries.created} new, ${report.countries.linked} already stored (matched by ISO code)`,
    `  capitals:  ${report.capitals.created} new, ${report.capitals.linked} already stored`,
    `  relationships: ${r.locatedIn} LOCATED_IN, ${r.borders} BORDERS (${r.statedElsewhere} left as other sources state them)`,
    `  written: ${report.written.created} created, ${report.written.updated} updated, ${report.written.unchanged} unchanged; search names changed on ${report.searchNames} countries`,
  ].join('\n');
}

/** `newsgraph reference load countries`: the dataset as reference data (ReferenceCountriesService). */
export const referenceCommand = defineCommand({
  name: 'reference',
  usage: REFERENCE_USAGE,
  flags: {},
  positionals: ['ACTION', 'DATASET'],
  run: async (line, context) => {
    const [action, dataset] = line.positionals;
    if (action !== 'load' || dataset !== 'countries')
      throw new UsageError(`reference: unknown "${line.positionals.join(' ')}"; the one reference command is 'reference load countries'.`);
    const database = await openDatabase(context.config(), context.log(), (text, transient) => {
      if (!transient) process.stderr.write(`${text}\n`);
    });
    try {
      console.log(referenceSummary(await new ReferenceCountriesService(database.gateway).load()));
    } catch (error) {
      if (error instanceof ApiError) throw new StartupError(`reference load countries: ${error.message}`);
      throw error;
    } finally {
      await database.close();
    }
  },
});
