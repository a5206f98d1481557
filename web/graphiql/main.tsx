// GraphiQL served by NewsGraph itself: React, GraphiQL and Monaco are bundled by web/build.mjs, the
// Monaco workers are loaded from /assets/graphiql/workers/, and GraphiQL's fonts are inlined in its
// CSS, so the IDE works with no internet access.
import 'graphiql/style.css';

import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

import { EXAMPLE_TABS } from './examples';

const WORKERS = '/assets/graphiql/workers';

Object.assign(globalThis, {
  MonacoEnvironment: {
    getWorker(_workerId: string, label: string): Worker {
      if (label === 'json') return new Worker(`${WORKERS}/json.worker.js`);
      if (label === 'graphql') return new Worker(`${WORKERS}/graphql.worker.js`);
      return new Worker(`${WORKERS}/editor.worker.js`);
    },
  },
});

interface FetcherParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

async function fetcher(params: FetcherParams, options?: { headers?: Record<string, string> }): Promise<unknown> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { errors: [{ message: `The API answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}` }] };
  }
}

const container = document.getElementById('graphiql');
if (container === null) throw new Error('No #graphiql element');
createRoot(container).render(<GraphiQL fetcher={fetcher} defaultTabs={EXAMPLE_TABS} defaultEditorToolsVisibility={false} />);
