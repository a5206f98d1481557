import fs from 'node:fs';

import { SCHEMA_FILE } from '../../src/config/paths';
import { printSortedSchema } from '../../src/graphql/schema';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:emit` after changing types)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printSortedSchema());
  });
});
