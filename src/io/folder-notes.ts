// Compiling a notes folder: the book layout, or any folder of Markdown notes with a per-file
// cache in the data dir. Loaded only when a folder is used (it brings the YAML parser).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
import { isSizedFileList, openSizedFiles, segmentReader, type Span } from './segments.js';
import { removeStaleCacheFiles } from './cache-files.js';

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
  /** The cache's text segments ([file name in the cache folder, size]), and where each section's text is in them, when the cache could be written. */
  segments?: [string, number][];
  spanOf?: (path: string, k: number) => Span | undefined;
  source: FolderSource;
  warnings: Problem[];
  volatile: boolean;
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
  const { files, spans, segments } = compileLooseCached(root, markdown, dataDir, listWarnings, problems, counts);
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
  };
  const folder: FolderInfo = {
    root, fingerprint, entries, dirs, source, warnings: all,
    // Some problems (unreadable files, broken links) can go away without any file's size or
    // time changing: a search then checks the folder the long way.
    volatile: all.some((w) => w.transient),
    ...(segments && spans ? { segments, spanOf: (path: string, k: number) => spans.get(path)?.[k] } : {}),
  };
  return { model, warnings: all, root, problems: all, fingerprint, files: counts, folder };
}

/**
 * The cache of a folder: `notes-<key>.json` holds every file's compiled part without its text,
 * and names the text files ("segments") holding the texts, which the parts point into by
 * segment and byte range. Start-up reads the small file; a section's text is read, alone, when
 * a command needs it. When notes change, their new texts go to a new segment: the texts of
 * unchanged notes are neither read nor written again. Segments are never changed once written
 * (a reader holding an older list still reads the right bytes), and are merged into one when
 * most of their bytes belong to old versions of notes, or when there are many.
 */
interface CachedPart {
  size: number;
  mtimeMs: number;
  /** The part with every body replaced by where its text is. */
  part: Omit<FilePart, 'intro' | 'sections'> & { intro: Span; sections: (Omit<FilePart['sections'][number], 'body'> & { body: Span })[] } | null;
  problem?: Problem;
}

interface PartCache {
  version: number;
  root: string;
  /** The segments, beside the index: file names, and their sizes in bytes. */
  segments?: [string, number][];
  files: Record<string, CachedPart>;
}

const CACHE_VERSION = 4;
const MAX_SEGMENTS = 16;

function cachePath(dataDir: string, root: string, kind: string): string {
  return join(dataDir, 'cache', `${kind}-${createHash('sha1').update(root).digest('hex').slice(0, 16)}.json`);
}

/**
 * The cache and its segments, opened; an empty cache when there is none, or it is damaged, or
 * one of its segments is missing or cut short (another process merged them away, or a disk
 * filled): then everything is compiled again, never shown from a text that is not there.
 */
function readCache(path: string, root: string): { cache: PartCache; segmentFds: number[] } {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as PartCache;
    if (data.version === CACHE_VERSION && data.root === root && data.files && typeof data.files === 'object' && isSizedFileList(data.segments ?? [])) {
      const segmentFds = openSizedFiles(join(path, '..'), data.segments ?? []);
      if (segmentFds) return { cache: data, segmentFds };
    }
  } catch {
    // No cache yet, or a damaged one: compile everything again.
  }
  return { cache: { version: CACHE_VERSION, root, files: {} }, segmentFds: [] };
}

/** A part whose texts come from the cache's segments when first read. */
function lazyPart(cached: NonNullable<CachedPart['part']>, read: (span: Span) => string): FilePart {
  // Getters written into each object literal: defining them afterwards (defineProperty) turns
  // every one of a big folder's tens of thousands of objects into a slow dictionary.
  const { intro, sections, ...rest } = cached;
  return {
    ...rest,
    get intro() {
      return read(intro);
    },
    sections: sections.map(({ body, ...fields }) => ({
      ...fields,
      get body() {
        return read(body);
      },
    })),
  };
}

interface CompiledEntry {
  size: number;
  mtimeMs: number;
  part: FilePart | null;
  problem?: Problem;
  /** Where the texts already are, for a part taken from the cache. */
  cached?: CachedPart['part'];
}

/** Compile each Markdown file, reusing the cached part of every file whose size and mtime are unchanged. */
function compileLooseCached(root: string, entries: FolderEntry[], dataDir: string, warnings: Problem[], problems: Problem[], counts: { compiled: number; cached: number }): { files: LooseFile[]; spans: Map<string, Span[]> | null; segments?: [string, number][] } {
  const path = cachePath(dataDir, root, 'notes');
  const { cache, segmentFds } = readCache(path, root);
  const read = segmentReader(segmentFds);
  const stale = entries.filter((e) => {
    const hit = cache.files[e.path];
    return !hit || hit.size !== e.size || hit.mtimeMs !== e.mtimeMs;
  });
  const progress = stale.length >= 200 ? new Progress(stale.length, 'indexing notes') : null;
  const out: LooseFile[] = [];
  const parts = new Map<string, CompiledEntry>();
  for (const e of entries) {
    const hit = cache.files[e.path];
    if (hit && hit.size === e.size && hit.mtimeMs === e.mtimeMs) {
      counts.cached++;
      parts.set(e.path, { size: e.size, mtimeMs: e.mtimeMs, part: hit.part ? lazyPart(hit.part, read) : null, cached: hit.part, ...(hit.problem ? { problem: hit.problem } : {}) });
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
  let written: Pick<PartCache, 'segments' | 'files'> | null = null;
  if (stale.length > 0 || Object.keys(cache.files).length !== parts.size) written = writeCache(path, cache, parts);
  else if (cache.segments) written = cache;
  if (!written?.segments) return { files: out, spans: null };
  // Where each text is: [the note's own text, then each section's].
  const spans = new Map<string, Span[]>();
  for (const [p, { part }] of Object.entries(written.files)) if (part) spans.set(p, [part.intro, ...part.sections.map((s) => s.body)]);
  return { files: out, spans, segments: written.segments };
}

/**
 * Write the cache: the texts of new parts to a new segment (or, to merge the segments, every
 * text to one), then the index that points into them, then drop the segments no longer named.
 */
function writeCache(path: string, old: PartCache, parts: Map<string, CompiledEntry>): Pick<PartCache, 'segments' | 'files'> | null {
  const dir = join(path, '..');
  const oldSegments = old.segments ?? [];
  let live = 0;
  for (const { cached } of parts.values()) if (cached) for (const [, , n] of [cached.intro, ...cached.sections.map((s) => s.body)]) live += n;
  const total = oldSegments.reduce((n, [, size]) => n + size, 0);
  const merge = oldSegments.length >= MAX_SEGMENTS || live < total / 2;
  const segments: [string, number][] = merge ? [] : [...oldSegments];
  const segment = segments.length;
  const chunks: Buffer[] = [];
  let offset = 0;
  const span = (text: string): Span => {
    const bytes = Buffer.from(text, 'utf8');
    chunks.push(bytes);
    const s: Span = [segment, offset, bytes.length];
    offset += bytes.length;
    return s;
  };
  const files: Record<string, CachedPart> = {};
  for (const [p, { size, mtimeMs, part, problem, cached }] of parts) {
    const kept = cached && !merge ? cached : null;
    files[p] = {
      size, mtimeMs,
      part: kept ?? (part ? { ...part, intro: span(part.intro), sections: part.sections.map((s) => ({ ...s, body: span(s.body) })) } : null),
      ...(problem ? { problem } : {}),
    };
  }
  if (offset > 0 || segments.length === 0) {
    const name = `${basename(path, '.json')}-${process.pid}-${Date.now().toString(36)}-${segment}.txt`;
    if (!writeFileQuietly(join(dir, name), Buffer.concat(chunks))) return null;
    segments.push([name, offset]);
  }
  if (!writeFileQuietly(path, JSON.stringify({ version: CACHE_VERSION, root: old.root, segments, files } satisfies PartCache))) return null;
  removeStaleCacheFiles(dir, oldSegments.map(([name]) => name), `${basename(path, '.json')}-`, new Set(segments.map(([name]) => name)));
  return { segments, files };
}

function writeFileQuietly(path: string, data: string | Buffer): boolean {
  // The cache only saves time: failing to write it must not stop anyone from reading.
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true }); // a full disk leaves half a file
    } catch {
      // a read-only data dir: nothing was written
    }
    return false; // work without a cache
  }
}

