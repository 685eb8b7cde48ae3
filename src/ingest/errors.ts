/** A file that cannot be ingested; `reason` is a sentence a user can act on. */
export class IngestError extends Error {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'IngestError';
    this.file = file;
    this.reason = reason;
  }
}
