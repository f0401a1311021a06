// What every command needs: language, messages, output settings, the notes and the data dir.
import { formatProblem, type Lang, type Problem } from '../core/model.js';
import { detectLang, messages, type Messages } from '../i18n.js';
import { loadNotes, type LoadedNotes } from '../io/notes.js';
import { dataDir } from '../io/paths.js';
import { colorEnabled, outputWidth, writeErr, type OutputOptions } from '../ui/output.js';
import { UsageError } from '../errors.js';
import { sanitizeText } from '../core/sanitize.js';

export interface GlobalOptions extends OutputOptions {
  lang?: string;
  notes?: string;
  rawMath?: boolean;
}

export interface Context {
  lang: Lang;
  t: Messages;
  color: boolean;
  width: number;
  pager: boolean;
  rawMath: boolean;
  dataDir: string;
  notes: LoadedNotes;
}

export function validateGlobals(opts: GlobalOptions): void {
  if (opts.lang !== undefined && opts.lang !== 'zh' && opts.lang !== 'en') {
    throw new UsageError({ en: `--lang must be zh or en (got "${opts.lang}")`, zh: `--lang 只能是 zh 或 en（收到“${opts.lang}”）` });
  }
}

/** Everything but the notes: for a command that can answer without compiling them. */
export function baseContext(opts: GlobalOptions): Omit<Context, 'notes'> {
  validateGlobals(opts);
  const lang = detectLang(opts.lang);
  return {
    lang,
    t: messages(lang),
    color: colorEnabled(opts),
    width: outputWidth(opts),
    pager: opts.pager !== false,
    rawMath: Boolean(opts.rawMath),
    dataDir: dataDir(),
  };
}

/** The notes folder asked for (--notes, else FLLM_NOTES), or undefined for the bundled notes. */
export function notesFolderOption(opts: GlobalOptions): string | undefined {
  return opts.notes ?? (process.env.FLLM_NOTES || undefined);
}

/** The first few warnings about the notes, one line each, and how many there were. */
export function printNotesWarnings(warnings: Problem[], ctx: Pick<Context, 'lang' | 't'>): void {
  if (!warnings.length) return;
  const label = ctx.lang === 'zh' ? '警告' : 'warning';
  for (const w of warnings.slice(0, 5)) writeErr(`fllm: ${label}: ${sanitizeText(formatProblem(w, ctx.lang).split('\n')[0]!)}`);
  if (warnings.length > 5) writeErr(`fllm: ${ctx.t.notesWarnings(warnings.length)}`);
}

export async function createContext(opts: GlobalOptions): Promise<Context> {
  const base = baseContext(opts);
  const notes = await loadNotes(notesFolderOption(opts), base.dataDir);
  printNotesWarnings(notes.warnings, base);
  return { ...base, notes };
}
