// Reading state (position and sections read), per notes source, kept in the data dir as one
// small JSON file replaced atomically (write a temp file, then rename).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import type { NotesModel } from '../core/model.js';

export interface SourceState {
  position?: string;
  /** ref → ISO time it was first shown. */
  read: Record<string, string>;
}

interface StateFile {
  version: 1;
  sources: Record<string, SourceState>;
}

function statePath(dir: string): string {
  return join(dir, 'state.json');
}

/** Convert whatever is on disk into a clean StateFile; a damaged file yields an empty state. */
function toStateFile(raw: unknown): StateFile {
  const out: StateFile = { version: 1, sources: {} };
  if (!raw || typeof raw !== 'object') return out;
  const sources = (raw as { sources?: unknown }).sources;
  if (!sources || typeof sources !== 'object') return out;
  for (const [key, value] of Object.entries(sources as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const v = value as { position?: unknown; read?: unknown };
    const read: Record<string, string> = {};
    if (v.read && typeof v.read === 'object') {
      for (const [ref, at] of Object.entries(v.read as Record<string, unknown>)) if (typeof at === 'string') read[ref] = at;
    }
    out.sources[key] = { ...(typeof v.position === 'string' ? { position: v.position } : {}), read };
  }
  return out;
}

export function loadState(dir: string): StateFile {
  let text: string;
  try {
    text = readFileSync(statePath(dir), 'utf8');
  } catch {
    return { version: 1, sources: {} };
  }
  try {
    return toStateFile(JSON.parse(text));
  } catch {
    return { version: 1, sources: {} };
  }
}

/** What the state needs of the notes in use (LoadedNotes). */
export interface StateNotes {
  sourceId: string;
  model: NotesModel;
  /** Set for a folder of one's own. */
  folder?: unknown;
}

/**
 * How the state of a notes source names its sections. By ref, except in a folder of one's own:
 * there chapter numbers are positions, which change when a note is added or removed, so the
 * state names a section by its file and place (`notes/attention.md#2`) and is converted to the
 * refs of the moment here, both ways.
 */
function sectionKeys(notes: StateNotes): { toKey: (ref: string) => string; toRef: (key: string) => string | undefined } {
  if (!notes.folder) return { toKey: (ref) => ref, toRef: (key) => key };
  type Chapter = NotesModel['chapters'][number];
  // Chapters by number and by file, made on first use: most runs convert a few keys, and a
  // folder of 10,000 notes has tens of thousands of sections.
  let byNumber: Map<number, Chapter> | undefined;
  let byFile: Map<string, Chapter> | undefined;
  const chapterNumbered = (ref: string) => (byNumber ??= new Map(notes.model.chapters.map((c) => [c.number, c]))).get(Number(ref.split('.')[0]));
  const chapterOfFile = (file: string) => (byFile ??= new Map(notes.model.chapters.map((c) => [c.sections[0]?.source.en.file ?? '', c]))).get(file);
  const placeOf = (ref: string) => {
    const chapter = chapterNumbered(ref);
    const k = chapter ? chapter.sections.findIndex((s) => s.ref === ref) : -1;
    return k < 0 ? undefined : `${chapter!.sections[0]!.source.en.file}#${k}`;
  };
  return {
    toKey: (ref) => placeOf(ref) ?? ref,
    toRef: (key) => {
      const hash = key.lastIndexOf('#');
      // A key without '#' is a ref saved before keys were used: taken as it is, if it exists.
      if (hash < 0) return placeOf(key) === undefined ? undefined : key;
      const k = key.slice(hash + 1);
      return /^(0|[1-9]\d*)$/.test(k) ? chapterOfFile(key.slice(0, hash))?.sections[Number(k)]?.ref : undefined;
    },
  };
}

/** The stored state in refs of the notes as they are now; what names no current section is left out. */
function toRefs(stored: SourceState, keys: ReturnType<typeof sectionKeys>): SourceState {
  const read: Record<string, string> = {};
  for (const [key, at] of Object.entries(stored.read)) {
    const ref = keys.toRef(key);
    if (ref !== undefined) read[ref] ??= at;
  }
  const position = stored.position === undefined ? undefined : keys.toRef(stored.position);
  return { ...(position !== undefined ? { position } : {}), read };
}

export function sourceState(dir: string, notes: StateNotes): SourceState {
  return toRefs(loadState(dir).sources[notes.sourceId] ?? { read: {} }, sectionKeys(notes));
}

/**
 * Change the state of the notes in use, in refs. Marks of sections that do not exist now (a
 * note moved away for a while) are kept as they were.
 */
export function updateSourceState(dir: string, notes: StateNotes, change: (s: SourceState) => void): void {
  const state = loadState(dir);
  const stored = state.sources[notes.sourceId] ?? { read: {} };
  const keys = sectionKeys(notes);
  const view = toRefs(stored, keys);
  change(view);
  const read: Record<string, string> = {};
  for (const [key, at] of Object.entries(stored.read)) if (keys.toRef(key) === undefined) read[key] = at;
  for (const [ref, at] of Object.entries(view.read)) read[keys.toKey(ref)] ??= at;
  const position = view.position !== undefined ? keys.toKey(view.position) : stored.position;
  state.sources[notes.sourceId] = { ...(position !== undefined ? { position } : {}), read };
  const path = statePath(dir);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, JSON.stringify(state, null, 1) + '\n');
    renameSync(tmp, path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? '';
    const why = code || (cause as Error).message;
    throw new DataError({ en: `cannot save reading position in ${dir} (${why}): make the folder writable or set FLLM_HOME to one that is`, zh: `无法在 ${dir} 保存阅读进度（${why}）：请让它可写，或把 FLLM_HOME 设为可写的文件夹` }, { cause });
  }
}
