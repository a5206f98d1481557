import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cleanUp, cliEnv, contentChecksum, runCli } from '../support/cli-process';

/**
 * `newsgraph import --initial` on a file whose source texts have no line break: neo4j-admin then
 * gets no multi-line option, and the database name came right after the last `--relationships=`,
 * which the tool read as one more file ("File 'neo4j' doesn't exist", exit code 70). No server runs
 * on the folder before: the command starts none to check emptiness, and starts one after the import.
 */

let tmpRoot: string;
let dataDir: string;
let file: string;

beforeAll(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-initial-one-line-'));
  dataDir = path.join(tmpRoot, 'data');
  file = path.join(tmpRoot, 'one-line.jsonl');
  const records = [
    { source: { id: 'src-one-line', title: 'One line', text: 'Alice joined the Lima Club in 2024.' } },
    { entity: { id: 'alice', kind: 'PERSON', name: 'Alice' } },
    { entity: { id: 'lima-club', kind: 'ORGANIZATION', name: 'Lima Club' } },
    {
      relationship: {
        from: 'alice',
        to: 'lima-club',
        type: 'MEMBER_OF',
        evidence: [{ sourceId: 'src-one-line', quote: 'Alice joined the Lima Club' }],
      },
    },
  ];
  fs.writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
});

afterAll(async () => {
  await cleanUp([dataDir]);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}, 120_000);

it('loads a file without multi-line texts through the offline importer', async () => {
  const env = cliEnv(dataDir);
  const run = await runCli(['import', '--initial', file], env);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(await contentChecksum(env)).toMatch(/\(1 sources, 2 entities, 1 relationships/);
}, 600_000);
