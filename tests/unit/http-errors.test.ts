import http from 'node:http';
import { AddressInfo } from 'node:net';

import express from 'express';

import { graphqlHttpErrorHandler } from '../../src/server/http-errors';
import { Logger } from '../../src/server/logger';

/** An app whose /graphql fails with `error` before any GraphQL runs, behind the handler; returns the answer and the log. */
async function answerTo(error: unknown): Promise<{ status: number; body: string; logged: string[] }> {
  const logged: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
  };
  const app = express();
  app.use('/graphql', () => {
    throw error;
  });
  app.use('/graphql', graphqlHttpErrorHandler(log));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, { method: 'POST' });
    return { status: response.status, body: await response.text(), logged };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('graphqlHttpErrorHandler', () => {
  it("answers a body parser's 4xx as a GraphQL error with its status", async () => {
    const parseFailed = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' });
    const answer = await answerTo(parseFailed);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(answer.logged).toEqual([]);
  });

  it('answers any other failure with a 500 that shows nothing of it, and logs it', async () => {
    const answer = await answerTo(new Error('Neo.ClientError.Statement.SyntaxError in MATCH (n) RETURN n'));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [{ message: 'Something went wrong on our side; the error has been logged.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
    expect(answer.logged.join('\n')).toMatch(/Neo\.ClientError\.Statement\.SyntaxError/);
  });
});
