import { compileFolder } from '../io/folder-notes.js';
import { bundledNotesDir, dataDir } from '../io/paths.js';
import { writeErr, writeOut } from '../ui/output.js';
import { detectLang, messages } from '../i18n.js';
import { DataError } from '../errors.js';
import { allSections, formatProblem } from '../core/model.js';
import type { GlobalOptions } from './context.js';

export async function checkNotes(dir: string | undefined, opts: GlobalOptions): Promise<void> {
  const lang = detectLang(opts.lang);
  const t = messages(lang);
  const target = dir ?? opts.notes ?? (process.env.FLLM_NOTES || bundledNotesDir());
  const { model, problems, files } = compileFolder(target, dataDir());
  if (problems.length) {
    for (const p of problems) writeErr(formatProblem(p, lang));
    throw new DataError(t.checkProblems(problems.length));
  }
  const cacheNote = files ? ` (${files.compiled} file${files.compiled === 1 ? '' : 's'} read, ${files.cached} unchanged from cache)` : '';
  writeOut(t.checkOk(model.chapters.length, allSections(model).length, model.concepts.length, model.questions.length) + cacheNote);
}
