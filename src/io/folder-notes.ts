// Compiling a notes folder: the book layout, or any folder of Markdown notes with a per-file
// cache in the data dir. Loaded only when a folder is used (it brings the YAML parser).
import { mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { compileBook, isBookLayout } from '../core/compile.js';
import { assembleLoose, isGlossaryPath, readLooseFile, type FilePart, type LooseFile } from '../core/compile-loose.js';
import type { NotesModel, Problem } from '../core/model.js';
import { decodeNote } from '../core/markdown-source.js';
import { DataError } from '../errors.js';
import { dataDir as defaultDataDir } from './paths.js';
import { fingerprintOf, listNoteFiles, readEntries, readEntry, resolveNotesDir, type DirStamp, type FolderEntry } from './notes-source.js';
import type { FolderSource } from '../core/search.js';
import { Progress } from '../ui/progress.js';

export interface CompiledFolder {
  model: NotesModel;
  /** Everything worth a warning: unreadable files and problems in the notes. */
  warnings: Problem[];
  root: string;
  problems: Problem[];
  fingerprint: string;
  /** For a folder of plain notes: files compiled now, and files taken from the cache. */
  files?: { compiled: number; cached: number };
  /** For a folder of plain notes: what its search index is made and checked with. */
  folder?: FolderInfo;
}

/** A folder of plain notes as its search index sees it (see src/io/search-index.ts). */
export interface FolderInfo {
  root: string;
  fingerprint: string;
  /** Every note file, with size and mtime, and every folder listed. */
  entries: FolderEntry[];
  dirs: DirStamp[];
  /** The cache's text file, when it could be written. */
  texts?: string;
  source: FolderSource;
  warnings: Problem[];
}

export function compileFolder(dir: string, dataDir = defaultDataDir()): CompiledFolder {
  const root = resolveNotesDir(dir);
  const listWarnings: Problem[] = [];
  const dirs: DirStamp[] = [];
  const entries = listNoteFiles(root, listWarnings, dirs);
  const fingerprint = fingerprintOf(entries);
  if (isBookLayout(entries.map((e) => e.path))) {
    // The book layout: every file at once, as the listing above found them.
    const { model, problems } = compileBook(readEntries(entries, listWarnings));
    const all = [...listWarnings, ...problems];
    return { model, warnings: all, root, problems: all, fingerprint };
  }
  const problems: Problem[] = [];
  const markdown = entries.filter((e) => /\.(md|markdown)$/i.test(e.path));
  if (markdown.length === 0) {
    throw new DataError({ en: `no notes found in ${dir}: put .md files in it, or run \`fllm init ${dir}\` for an example`, zh: `${dir} 里没有笔记：放入 .md 文件，或运行 \`fllm init ${dir}\` 生成示例` });
  }
  const counts = { compiled: 0, cached: 0 };
  const { files, spans, texts } = compileLooseCached(root, markdown, dataDir, listWarnings, problems, counts);
  const glossary = entries.filter((e) => isGlossaryPath(e.path)).flatMap((e) => {
    const bytes = readEntry(e, listWarnings);
    if (!bytes) return [];
    const text = decodeNote(bytes);
    if (text === null) listWarnings.push({ file: e.path, line: 0, message: 'not valid UTF-8 text; skipped', zh: '不是有效的 UTF-8 文本，已跳过' });
    return text === null ? [] : [{ path: e.path, text }];
  });
  const model = assembleLoose(files, glossary, problems);
  const all = [...listWarnings, ...problems];
  const byPath = new Map(files.map((f) => [f.path, f.part]));
  const stamps = new Map(entries.map((e) => [e.path, `${e.size}:${e.mtimeMs}`]));
  const source: FolderSource = {
    stampOf: (path) => stamps.get(path) ?? '',
    textOf: (path, k) => {
      const part = byPath.get(path);
      return (k === 0 ? part?.intro : part?.sections[k - 1]?.body) ?? '';
    },
    spanOf: (path, k) => spans?.get(path)?.[k],
  };
  const folder: FolderInfo = { root, fingerprint, entries, dirs, ...(texts ? { texts } : {}), source, warnings: all };
  return { model, warnings: all, root, problems: all, fingerprint, files: counts, folder };
}

/**
 * The cache of a folder: `notes-<key>.json` holds every file's compiled part without its text,
 * and names a text file holding the texts, which the parts point into by byte offset. Start-up
 * reads the small one; a section's text is read, alone, when a command needs it.
 */
interface CachedPart {
  size: number;
  mtimeMs: number;
  /** The part with every body replaced by [offset, length] into the text file. */
  part: Omit<FilePart, 'intro' | 'sections'> & { intro: Span; sections: (Omit<FilePart['sections'][number], 'body'> & { body: Span })[] } | null;
  problem?: Problem;
}
type Span = [number, number];

interface PartCache {
  version: number;
  root: string;
  /** The text file, beside the index; a new name each time, so a reader never mixes two. */
  texts?: string;
  files: Record<string, CachedPart>;
}

const CACHE_VERSION = 3;

function cachePath(dataDir: string, root: string, kind: string): string {
  return join(dataDir, 'cache', `${kind}-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.json`);
}

function readCache(path: string, root: string): PartCache {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as PartCache;
    if (data.version === CACHE_VERSION && data.root === root && data.files && typeof data.files === 'object') return data;
  } catch {
    // No cache yet, or a damaged one: compile everything again.
  }
  return { version: CACHE_VERSION, root, files: {} };
}

/** Read one text of the cache by byte range; a missing or short file reads as empty text. */
function textReader(path: string): (span: Span) => string {
  let fd: number | undefined;
  return ([offset, length]) => {
    try {
      fd ??= openSync(path, 'r');
      const buffer = Buffer.alloc(length);
      const n = readSync(fd, buffer, 0, length, offset);
      return buffer.toString('utf8', 0, n);
    } catch {
      return '';
    }
  };
}

/** A part whose texts come from the cache's text file when first read. */
function lazyPart(cached: NonNullable<CachedPart['part']>, read: (span: Span) => string): FilePart {
  const part = { ...cached, sections: cached.sections.map((s) => ({ ...s })) } as unknown as FilePart;
  const define = (target: object, key: string, span: Span) =>
    Object.defineProperty(target, key, { enumerable: true, configurable: true, get: () => read(span) });
  define(part, 'intro', cached.intro);
  cached.sections.forEach((s, i) => define(part.sections[i]!, 'body', s.body));
  return part;
}

/** Compile each Markdown file, reusing the cached part of every file whose size and mtime are unchanged. */
function compileLooseCached(root: string, entries: FolderEntry[], dataDir: string, warnings: Problem[], problems: Problem[], counts: { compiled: number; cached: number }): { files: LooseFile[]; spans: Map<string, Span[]> | null; texts?: string } {
  const path = cachePath(dataDir, root, 'notes');
  const cache = readCache(path, root);
  const read = textReader(join(path, '..', cache.texts ?? 'none'));
  const stale = entries.filter((e) => {
    const hit = cache.files[e.path];
    return !hit || hit.size !== e.size || hit.mtimeMs !== e.mtimeMs;
  });
  const progress = stale.length >= 200 ? new Progress(stale.length, 'indexing notes') : null;
  const out: LooseFile[] = [];
  const parts = new Map<string, { size: number; mtimeMs: number; part: FilePart | null; problem?: Problem }>();
  for (const e of entries) {
    const hit = cache.files[e.path];
    if (hit && hit.size === e.size && hit.mtimeMs === e.mtimeMs) {
      counts.cached++;
      parts.set(e.path, { size: e.size, mtimeMs: e.mtimeMs, part: hit.part ? lazyPart(hit.part, read) : null, ...(hit.problem ? { problem: hit.problem } : {}) });
      continue;
    }
    const bytes = readEntry(e, warnings);
    if (!bytes) continue;
    const r = readLooseFile({ path: e.path, bytes });
    parts.set(e.path, { size: e.size, mtimeMs: e.mtimeMs, part: r.part, ...(r.problem ? { problem: r.problem } : {}) });
    progress?.tick();
    counts.compiled++;
  }
  progress?.done();
  for (const [p, entry] of parts) {
    if (entry.problem) problems.push(entry.problem);
    if (entry.part) out.push({ path: p, part: entry.part });
  }
  let written: { texts: string; files: Record<string, CachedPart> } | null = null;
  if (stale.length > 0 || Object.keys(cache.files).length !== parts.size) written = writeCache(path, cache.texts, root, parts);
  else if (cache.texts) written = { texts: cache.texts, files: cache.files };
  if (!written) return { files: out, spans: null };
  // Where each text is in the text file: [the note's own text, then each section's].
  const spans = new Map<string, Span[]>();
  for (const [p, { part }] of Object.entries(written.files)) if (part) spans.set(p, [part.intro, ...part.sections.map((s) => s.body)]);
  return { files: out, spans, texts: join(path, '..', written.texts) };
}

/** Write the cache: a new text file, then the index that points into it, then drop the old texts. */
function writeCache(path: string, oldTexts: string | undefined, root: string, parts: Map<string, { size: number; mtimeMs: number; part: FilePart | null; problem?: Problem }>): { texts: string; files: Record<string, CachedPart> } | null {
  const chunks: Buffer[] = [];
  let offset = 0;
  const span = (text: string): Span => {
    const bytes = Buffer.from(text, 'utf8');
    chunks.push(bytes);
    const s: Span = [offset, bytes.length];
    offset += bytes.length;
    return s;
  };
  const files: Record<string, CachedPart> = {};
  for (const [p, { size, mtimeMs, part, problem }] of parts) {
    files[p] = {
      size, mtimeMs,
      part: part ? { ...part, intro: span(part.intro), sections: part.sections.map((s) => ({ ...s, body: span(s.body) })) } : null,
      ...(problem ? { problem } : {}),
    };
  }
  const texts = `${basename(path, '.json')}-${process.pid}-${Date.now().toString(36)}.txt`;
  if (!writeFileQuietly(join(path, '..', texts), Buffer.concat(chunks))) return null;
  if (!writeFileQuietly(path, JSON.stringify({ version: CACHE_VERSION, root, texts, files } satisfies PartCache))) return null;
  // A search that opened the old texts a moment ago still reads them: an open file outlives its name.
  if (oldTexts && oldTexts !== texts) {
    try {
      rmSync(join(path, '..', oldTexts), { force: true });
    } catch {
      // a stale text file only takes room
    }
  }
  return { texts, files };
}

function writeFileQuietly(path: string, data: string | Buffer): boolean {
  // The cache only saves time: failing to write it must not stop anyone from reading.
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    return true;
  } catch {
    return false; // read-only data dir: work without a cache
  }
}

