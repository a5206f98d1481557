/** A problem with the NLP engine (fetching, starting or calling it) that a person can act on. */
export class NlpError extends Error {
  /** True when retrying later may help (the engine is still being fetched or started, or is busy). */
  readonly retryable: boolean;

  constructor(message: string, retryable = false) {
    super(message);
    this.name = 'NlpError';
    this.retryable = retryable;
  }
}
