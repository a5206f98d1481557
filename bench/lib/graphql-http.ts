/** A GraphQL POST over HTTP that throws on HTTP or GraphQL errors (benchmark traffic: 127.0.0.1 only). */
export async function postGraphQL(url: string, query: string): Promise<Record<string, unknown>> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`Benchmarks only talk to 127.0.0.1, not ${url}`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (!response.ok || body.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data ?? {};
}
