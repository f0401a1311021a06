// A small typed hierarchy; one top-level catch (src/program.ts) maps them to exit codes.
// Commands are bundled separately (scripts/build.mjs), so an error may come from another
// bundle's copy of these classes: test for them with the helpers below, not `instanceof`.

/** A message in both UI languages; `message` is the English one. */
export interface Said {
  en: string;
  zh: string;
}

export class FllmError extends Error {
  readonly exitCode: number = 1;
  readonly isFllmError = true;
  // Spelled out: the bundles are minified, so class names are not the names we check.
  override name: string = 'FllmError';
  /** The Chinese message, when the error was raised in both languages. */
  readonly zh?: string;

  constructor(message: string | Said, options?: { cause?: unknown }) {
    super(typeof message === 'string' ? message : message.en, options);
    if (typeof message !== 'string') this.zh = message.zh;
  }

  messageIn(lang: 'en' | 'zh'): string {
    return lang === 'zh' && this.zh ? this.zh : this.message;
  }
}

/** The user asked for something that cannot be done as asked: bad flag, unknown ref. Exit 2. */
export class UsageError extends FllmError {
  override readonly exitCode: number = 2;
  override name = 'UsageError';
}

/** Notes or stored data are broken or unreadable. Exit 1. */
export class DataError extends FllmError {
  override name = 'DataError';
}

/** The user interrupted (Ctrl-C, end of input in a prompt). Exit 130. */
export class InterruptedError extends FllmError {
  override readonly exitCode: number = 130;
  override name = 'InterruptedError';
}

export function isFllmError(e: unknown): e is FllmError {
  return e instanceof Error && (e as Partial<FllmError>).isFllmError === true && typeof (e as Partial<FllmError>).exitCode === 'number';
}

export function isInterrupted(e: unknown): e is InterruptedError {
  return isFllmError(e) && e.name === 'InterruptedError';
}
