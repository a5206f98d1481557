import { QueryEvent } from '../../src/db/gateway';
import { useSeededServer } from '../support/graphql-harness';

const { execute, gateway } = useSeededServer();

it('scratch', async () => {
  for (const levels of [1, 2, 4, 6]) {
    const events: QueryEvent[] = [];
    const off = gateway().onQuery((e) => events.push(e));
    let inner = 'id';
    for (let i = 0; i < levels; i += 1) inner = `neighbors(first: 1) { ${inner} }`;
    const q = `{ entity(id: "china") { ${inner} } }`;
    const r = await execute(q);
    await execute(q);
    off();
    console.log(levels, events.map((e) => Math.round(e.durationMs)).join(' '), JSON.stringify(r.errors ?? null).slice(0, 200));
  }
  const events: QueryEvent[] = [];
  gateway().onQuery((e) => events.push(e));
  const q = `{ entity(id: "china") { relationships(first: 5) { totalCount edges { node { type from { id name } to { id name relationships(first: 5) { totalCount edges { node { type from { id name } to { id name } } } } } } } } } }`;
  await execute(q);
  await execute(q);
  console.log('rels 2 levels', events.map((e) => Math.round(e.durationMs)).join(' '));
}, 300000);
