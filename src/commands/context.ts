// What every command needs: language, messages, output settings, the notes and the data dir.
import { formatProblem, type Lang } from '../core/model.js';
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

export async function createContext(opts: GlobalOptions): Promise<Context> {
  validateGlobals(opts);
  const lang = detectLang(opts.lang);
  const t = messages(lang);
  const notes = await loadNotes(opts.notes ?? (process.env.FLLM_NOTES || undefined), dataDir());
  if (notes.warnings.length) {
    const label = lang === 'zh' ? '警告' : 'warning';
    for (const w of notes.warnings.slice(0, 5)) writeErr(`fllm: ${label}: ${sanitizeText(formatProblem(w, lang).split('\n')[0]!)}`);
    if (notes.warnings.length > 5) writeErr(`fllm: ${t.notesWarnings(notes.warnings.length)}`);
  }
  return {
    lang, t,
    color: colorEnabled(opts),
    width: outputWidth(opts),
    pager: opts.pager !== false,
    rawMath: Boolean(opts.rawMath),
    dataDir: dataDir(),
    notes,
  };
}
