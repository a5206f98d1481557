/** A start-up failure a person can fix; the CLI prints its one-line message and exits non-zero. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
