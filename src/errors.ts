// A small typed hierarchy; one top-level catch (src/cli.ts) maps them to exit codes.

export class FllmError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The user asked for something that cannot be done as asked: bad flag, unknown ref. Exit 2. */
export class UsageError extends FllmError {
  override readonly exitCode: number = 2;
}

/** Notes or stored data are broken or unreadable. Exit 1. */
export class DataError extends FllmError {}

/** The user interrupted (Ctrl-C, end of input in a prompt). Exit 130. */
export class InterruptedError extends FllmError {
  override readonly exitCode: number = 130;
}
