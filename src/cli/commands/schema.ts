import fs from 'node:fs';

import { SCHEMA_FILE } from '../../config/paths';
import { printSortedSchema, writeSchemaFile } from '../../graphql/schema';
import { StartupError } from '../../server/startup-error';
import { UsageError } from '../command-line';
import { defineCommand } from '../command';

/** `newsgraph schema`: prints, writes or checks schema/schema.graphql. Needs no configuration. */
export const schemaCommand = defineCommand({
  name: 'schema',
  usage: `  schema [--write|--check]
                        print the schema; --write writes schema/schema.graphql from the code,
                        --check fails when that file differs from the code`,
  flags: { write: { type: 'boolean' }, check: { type: 'boolean' } },
  run: async ({ flags }) => {
    if (flags.write && flags.check) throw new UsageError('schema: give --write or --check, not both.');
    if (flags.write) {
      console.log((await writeSchemaFile(SCHEMA_FILE)) ? `Wrote ${SCHEMA_FILE}.` : `${SCHEMA_FILE} is up to date.`);
      return;
    }
    if (flags.check) {
      const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
      if (committed !== (await printSortedSchema())) {
        throw new StartupError(`${SCHEMA_FILE} differs from the code: run 'npm run schema:emit' and commit the result.`);
      }
      console.log(`${SCHEMA_FILE} matches the code.`);
      return;
    }
    process.stdout.write(await printSortedSchema());
  },
});
