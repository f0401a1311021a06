// Loading the notes model: the bundled notes from their compiled form in dist/, or a folder.
import { existsSync, readFileSync } from 'node:fs';
import { compileBook, isBookLayout } from '../core/compile.js';
import { formatProblem, type NotesModel } from '../core/model.js';
import { DataError } from '../errors.js';
import { bundledNotesDir, compiledNotesPath } from './paths.js';
import { readNotesFolder } from './notes-source.js';

export interface LoadedNotes {
  model: NotesModel;
  /** Key for per-source state: "bundled" or the folder's real path. */
  sourceId: string;
  warnings: string[];
}

export function loadNotes(notesDir: string | undefined): LoadedNotes {
  if (!notesDir) {
    const compiled = compiledNotesPath();
    if (existsSync(compiled)) {
      try {
        return { model: JSON.parse(readFileSync(compiled, 'utf8')) as NotesModel, sourceId: 'bundled', warnings: [] };
      } catch (cause) {
        throw new DataError(`the compiled notes in ${compiled} are damaged: run \`npm run build\` again`, { cause });
      }
    }
    const { model, warnings } = compileFolder(bundledNotesDir());
    return { model, sourceId: 'bundled', warnings };
  }
  const { model, warnings, root } = compileFolder(notesDir);
  return { model, sourceId: root, warnings };
}

export function compileFolder(dir: string): { model: NotesModel; warnings: string[]; root: string; problems: string[] } {
  const folder = readNotesFolder(dir);
  const paths = folder.files.map((f) => f.path);
  if (!isBookLayout(paths)) {
    throw new DataError(`no notes found in ${dir}: expected en/NN-slug.md and zh/NN-slug.md files (see docs/notes-format.md)`);
  }
  const { model, problems } = compileBook(folder.files);
  const formatted = problems.map(formatProblem);
  return { model, warnings: [...folder.warnings, ...formatted], root: folder.root, problems: [...folder.warnings, ...formatted] };
}
