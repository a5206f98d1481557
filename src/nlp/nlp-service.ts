import { CoreNlpConfiguration, CoreNlpEngine } from './corenlp-client';
import type { ProgressSink } from './corenlp-distribution';
import { CoreNlpServer, startCoreNlpServer } from './corenlp-server';
import type { NerEngine } from './nlp-document';
import { NlpError } from './nlp-error';

export interface NlpServiceOptions {
  /** NEWSGRAPH_NLP_URL: use this server; unset: provision and start a local one on first use. */
  url?: string;
  cacheDir: string;
  mavenRepoUrl?: string;
  progress: ProgressSink;
  configuration?: CoreNlpConfiguration;
  heap?: string;
  /** Per-request timeout once the engine is warm. */
  requestTimeoutMs?: number;
}

/** Where the engine stands: nothing paid until the first ingest. */
export type NlpState = 'idle' | 'starting' | 'ready' | 'failed' | 'stopped';

/**
 * The NLP engine for ingest, started lazily: `npm start` pays nothing until something is ingested.
 * `engine()` waits for it; `engineNow()` fails at once with a retryable NlpError while it is being
 * fetched or started (for the API's SERVICE_UNAVAILABLE with a retry hint).
 */
export class NlpService {
  private server?: CoreNlpServer;
  private starting?: Promise<NerEngine>;
  private current?: NerEngine;
  private lastError?: Error;
  state: NlpState = 'idle';

  constructor(private readonly options: NlpServiceOptions) {}

  /** The engine, starting it (fetching CoreNLP on first use) if needed. */
  engine(): Promise<NerEngine> {
    if (this.current) return Promise.resolve(this.current);
    if (this.state === 'stopped') return Promise.reject(new NlpError('The NLP engine has been stopped.'));
    this.starting ??= this.start();
    return this.starting;
  }

  /** The engine if it is ready; otherwise starts it and throws a retryable NlpError. */
  engineNow(): NerEngine {
    if (this.current) return this.current;
    void this.engine().catch(() => undefined);
    if (this.state === 'failed' && this.lastError) throw new NlpError(this.lastError.message, true);
    throw new NlpError(
      'The NLP engine is starting (it is fetched once, then takes about a minute to load its models): try again in 30 seconds.',
      true,
    );
  }

  private async start(): Promise<NerEngine> {
    this.state = 'starting';
    const configuration = this.options.configuration ?? 'crf';
    try {
      if (this.options.url) {
        const response = await fetch(`${this.options.url.replace(/\/$/, '')}/ready`, { signal: AbortSignal.timeout(10_000) }).catch(
          (error: Error) => {
            throw new NlpError(`NEWSGRAPH_NLP_URL=${this.options.url} is unreachable (${error.message}).`, true);
          },
        );
        if (!response.ok) throw new NlpError(`NEWSGRAPH_NLP_URL=${this.options.url} is not ready (HTTP ${response.status}).`, true);
        this.current = new CoreNlpEngine({ url: this.options.url }, configuration, this.options.requestTimeoutMs);
      } else {
        this.server = await startCoreNlpServer({
          cacheDir: this.options.cacheDir,
          mavenRepoUrl: this.options.mavenRepoUrl,
          progress: this.options.progress,
          heap: this.options.heap,
        });
        // The first annotation loads the models (tens of seconds on a busy machine): warm up before serving.
        this.options.progress('Loading the NER models (first annotation)...');
        const warmup = new CoreNlpEngine(this.server, configuration, 600_000);
        await warmup.annotate('NewsGraph warms up on Monday in Lima, Peru.', '2024-01-01');
        this.current = new CoreNlpEngine(this.server, configuration, this.options.requestTimeoutMs);
        this.options.progress('The NLP engine is ready.');
      }
      this.state = 'ready';
      return this.current;
    } catch (error) {
      this.state = 'failed';
      this.lastError = error as Error;
      this.starting = undefined;
      await this.server?.stop();
      this.server = undefined;
      throw error;
    }
  }

  /** Stops the local server, if this service started one (a NEWSGRAPH_NLP_URL server is left alone). */
  async stop(): Promise<void> {
    this.state = 'stopped';
    await this.starting?.catch(() => undefined);
    this.current = undefined;
    await this.server?.stop();
    this.server = undefined;
  }
}
