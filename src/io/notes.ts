// Loading the notes model. The bundled notes come precompiled from dist/notes/, split so that a
// command reads only what it uses: the structure always, section bodies per chapter, the
// glossary and the quiz bank only when touched. A folder is compiled through a lazy import, so
// the YAML parser loads only then.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unitRefOf, type Bilingual, type Concept, type Lang, type NotesModel, type Problem, type Question } from '../core/model.js';
import type { SectionTexts } from '../core/search.js';
import { DataError } from '../errors.js';
import type { FolderInfo } from './folder-notes.js';
import { bundledNotesDir, compiledNotesDir, dataDir as defaultDataDir } from './paths.js';

export interface LoadedNotes {
  model: NotesModel;
  /** Key for per-source state: "bundled" or the folder's real path. */
  sourceId: string;
  warnings: Problem[];
  /** Paths, sizes and mtimes of the source files: changes when any file changes. */
  fingerprint: string;
  /** Reader views rendered at build time, when the notes have them (the bundled notes). */
  viewFor?: (key: string, lang: Lang) => string | undefined;
  /** A folder of plain notes: what its search index is made and checked with. */
  folder?: FolderInfo;
}

export { notesFingerprint } from './notes-source.js';

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (cause) {
    throw new DataError({ en: `the compiled notes in ${path} are missing or damaged: run \`npm run build\` again`, zh: `编译后的笔记 ${path} 缺失或已损坏：请重新运行 \`npm run build\`` }, { cause });
  }
}

/** Define `key` on `target` as a value computed on first access. */
function lazy<T extends object, K extends string, V>(target: T, key: K, load: () => V): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = load();
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  });
}

/** Read a per-unit file once, on first use. */
function unitFiles<T>(dir: string, prefix: string): (ref: string) => T | undefined {
  const cache = new Map<string, Record<string, T>>();
  return (ref) => {
    const unit = unitRefOf(ref.split(':')[0]!);
    let part = cache.get(unit);
    if (!part) cache.set(unit, (part = readJson<Record<string, T>>(join(dir, `${prefix}-${unit}.json`))));
    return part[ref];
  };
}

/**
 * The sections' texts of the bundled notes, read by unit on demand, without the notes'
 * structure: the bundled search index, built with them, says which sections there are.
 */
export function bundledSectionTexts(dir = compiledNotesDir()): SectionTexts {
  const bodyOf = unitFiles<Bilingual>(dir, 'body');
  return { has: () => true, body: (ref) => bodyOf(ref) ?? { en: '', zh: '' } };
}

/** The bundled notes: dist/notes/structure.json, then parts on demand. */
export function loadBundled(dir = compiledNotesDir()): NotesModel {
  const model = readJson<NotesModel>(join(dir, 'structure.json'));
  const bodyOf = unitFiles<Bilingual>(dir, 'body');
  for (const chapter of model.chapters) {
    for (const section of chapter.sections) lazy(section, 'body', () => bodyOf(section.ref) ?? { en: '', zh: '' });
  }
  lazy(model, 'concepts', () => readJson<Concept[]>(join(dir, 'concepts.json')));
  lazy(model, 'questions', () => readJson<Question[]>(join(dir, 'questions.json')));
  return model;
}

export async function loadNotes(notesDir: string | undefined, dataDir = defaultDataDir()): Promise<LoadedNotes> {
  if (!notesDir && existsSync(join(compiledNotesDir(), 'structure.json'))) {
    const views = unitFiles<Record<Lang, string>>(compiledNotesDir(), 'view');
    return { model: loadBundled(), sourceId: 'bundled', warnings: [], fingerprint: 'bundled', viewFor: (key, lang) => views(key)?.[lang] };
  }
  const { compileFolder } = await import('./folder-notes.js');
  const { model, warnings, root, fingerprint, folder } = compileFolder(notesDir ?? bundledNotesDir(), dataDir);
  return { model, sourceId: notesDir ? root : 'bundled', warnings, fingerprint, ...(folder && notesDir ? { folder } : {}) };
}
