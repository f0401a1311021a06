// Finding the search index for the notes in use. The bundled notes have theirs prebuilt in
// dist/search-index.json. A folder of one's own gets one built on first use and cached in the
// data dir (cache/search-*.idx), keyed by the folder's path and rebuilt when a note file changes
// (paths, sizes and modification times). Building loads pinyin-pro, lazily; loading does not.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NotesModel, Problem } from '../core/model.js';
import { LayeredIndex, SearchIndexFile, fnv1a, folderHits, type HitSource, type IndexReader } from '../core/search.js';
import type { FolderInfo } from './folder-notes.js';
import type { DirStamp } from './notes-source.js';
import { isCacheFileName, isSizedFileList, openSizedFiles, segmentReader } from './segments.js';
import { removeStaleCacheFiles } from './cache-files.js';
import { folderUnchanged } from './stamps.js';
import { Progress } from '../ui/progress.js';
import { notesFingerprint } from './notes.js';
import { bundledNotesDir, compiledNotesDir, packageRoot } from './paths.js';

export function bundledSearchIndexPath(): string {
  return join(packageRoot(), 'dist', 'search-index.json');
}

/** Where derived data lives; the compiled-notes cache of src/io/notes.ts is there too. */
export function searchCacheDir(dataDir: string): string {
  return join(dataDir, 'cache');
}

/** The cache file of a notes source: named by a 64-bit hash of its path (two FNV-1a of it). */
export function searchCachePath(dataDir: string, sourceId: string): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const key = hex(fnv1a(sourceId)) + hex(fnv1a(`${sourceId}\0fllm`));
  return join(searchCacheDir(dataDir), `search-${key}.idx`);
}

/**
 * An index file opened for reading: its first `count` lines (without their newlines), and a
 * reader of the rest by byte range. The file stays open for the reader, so an index replaced by
 * another process meanwhile is still read whole, from the version first opened.
 */
function openIndexAt(path: string, count: number): { lines: Uint8Array[]; read: (start: number, end: number) => Uint8Array; bodySize: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  const lines: Uint8Array[] = [];
  let rest = 0;
  try {
    let buffer = Buffer.alloc(0);
    let position = 0;
    const chunk = Buffer.allocUnsafe(64 * 1024);
    while (lines.length < count) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) throw new Error('no header');
      buffer = Buffer.concat([buffer, chunk.subarray(0, n)]);
      position += n;
      for (let nl = buffer.indexOf(10, rest); nl !== -1 && lines.length < count; nl = buffer.indexOf(10, rest)) {
        lines.push(buffer.subarray(rest, nl));
        rest = nl + 1;
      }
    }
  } catch {
    closeSync(fd);
    return null;
  }
  let bodySize: number;
  try {
    bodySize = fstatSync(fd).size - rest;
  } catch {
    closeSync(fd);
    return null;
  }
  const read = (start: number, end: number): Uint8Array => {
    const out = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < out.length) {
      const n = readSync(fd, out, done, out.length - done, rest + start + done);
      if (n === 0) throw new Error(`${path} is shorter than its header says`);
      done += n;
    }
    return out;
  };
  return { lines, read, bodySize };
}

/** The bundled index: its header line, then the parts. */
function openIndexFile(path: string): SearchIndexFile | null {
  const opened = openIndexAt(path, 1);
  return opened && SearchIndexFile.fromParts(opened.lines[0]!, opened.read, opened.bodySize);
}

/** The bundled notes' prebuilt index; null when dist/ has none (a source checkout not yet built). */
export function openBundledSearchIndex(): SearchIndexFile | null {
  // Hits are shown from the compiled notes' texts: without them, the notes are compiled instead.
  if (!existsSync(join(compiledNotesDir(), 'structure.json'))) return null;
  return openIndexFile(bundledSearchIndexPath());
}

/** What an index was built from: the folder's fingerprint, or the compiled notes' size and time. */
function sourceFingerprint(sourceId: string, known: string | undefined): string {
  if (sourceId !== 'bundled') return known ?? notesFingerprint(sourceId).fingerprint;
  try {
    const st = statSync(join(compiledNotesDir(), 'structure.json'));
    return `structure.json:${st.size}:${st.mtimeMs}`;
  } catch {
    return known && known !== 'bundled' ? known : notesFingerprint(bundledNotesDir()).fingerprint;
  }
}

/** A cached index: a line saying what it was built from, the header line, then the parts. */
function openCached(path: string, sourceId: string, fingerprint: string): SearchIndexFile | null {
  const opened = openIndexAt(path, 2);
  if (!opened) return null;
  try {
    const meta = JSON.parse(Buffer.from(opened.lines[0]!).toString('utf8')) as { source?: unknown; fingerprint?: unknown };
    if (meta.source !== sourceId || meta.fingerprint !== fingerprint) return null;
  } catch {
    return null;
  }
  return SearchIndexFile.fromParts(opened.lines[1]!, opened.read, opened.bodySize);
}

export interface OpenIndexOptions {
  model: NotesModel;
  /** "bundled" or the notes folder's real path (LoadedNotes.sourceId). */
  sourceId: string;
  /** LoadedNotes.fingerprint: paths, sizes and mtimes of the folder's files, when known. */
  fingerprint?: string;
  dataDir: string;
  warn: (message: string) => void;
}

export async function openSearchIndex({ model, sourceId, fingerprint: known, dataDir, warn }: OpenIndexOptions): Promise<SearchIndexFile> {
  if (sourceId === 'bundled') {
    const file = openBundledSearchIndex();
    if (file) return file;
  }
  const fingerprint = sourceFingerprint(sourceId, known);
  const path = searchCachePath(dataDir, sourceId);
  const cached = openCached(path, sourceId, fingerprint);
  if (cached) return cached;

  const { encodedSearchIndexChunks } = await import('./search-build.js');
  const chunks = encodedSearchIndexChunks(model);
  cacheIndex(path, [JSON.stringify({ source: sourceId, fingerprint })], chunks, dataDir, warn);
  const file = SearchIndexFile.fromChunks(chunks);
  if (!file) throw new Error('the search index just built cannot be read');
  return file;
}

// ---------------------------------------------------------------- a folder of one's own
//
// A folder's index is a few files in the cache folder. `search-<key>.meta` says what the index
// was made from (every folder listed with its mtime and ctime, every note file with its size,
// mtime and chapter number, the text segments of the compiled-notes cache, the warnings the
// notes gave) and names the others: the main index; when notes changed since it was written, a
// layer over it holding just their documents (see LayeredIndex); and where each section's text
// is in the segments (`.spans`, three 32-bit numbers a section, in chapter order). A search
// checks the folder against the meta with one stat per file and, if nothing changed, answers
// from these files alone: the notes are not compiled. Otherwise the notes are compiled (from
// the per-file cache) and only the documents of changed notes are indexed again, into a new
// layer. Files are written under new names and the meta last, so a reader sees one whole
// version or the other; and it opens every file it needs at once, so a version replaced
// meanwhile is still read whole.

const FOLDER_META_VERSION = 6;
const SPAN_BYTES = 12;

/** Columns rather than rows: on disk they are binary (see encodeFolderMeta), read without parsing. */
export interface FileTable {
  paths: string;
  /** Where each path ends in `paths` (in string indices): no scanning for the NULs. */
  ends: Uint32Array;
  sizes: Float64Array;
  mtimes: Float64Array;
  chapters: Uint32Array;
}

export interface FolderMeta {
  kind: 'folder';
  version: number;
  source: string;
  fingerprint: string;
  /** The cache's text segments ([name in the cache folder, size]); none when the cache could not be written. */
  segments: [string, number][];
  warnings: Problem[];
  /** Some warnings can go away without any file changing (a file made readable): no fast path. */
  volatile: boolean;
  dirs: DirStamp[];
  /** Every note file: paths (joined by NUL, which no file name holds), sizes, mtimes, chapter numbers (0: none). */
  files: FileTable;
  /** The index files, by name in the cache folder. */
  main: string;
  layer: string | null;
  /** The spans file ([name, size]), and where each chapter's sections start in it. */
  spans: [string, number] | null;
  sectionStarts: number[];
}

function folderMeta(folder: FolderInfo, model: NotesModel, files: { main: string; layer: string | null; spans: [string, number] | null }): FolderMeta {
  const chapterOf = new Map(model.chapters.map((c) => [c.sections[0]?.source.en.file ?? '', c.number]));
  let end = -1;
  const ends = Uint32Array.from(folder.entries, (e) => (end += e.path.length + 1));
  const sectionStarts: number[] = [];
  let at = 0;
  for (const c of model.chapters) {
    sectionStarts.push(at);
    at += c.sections.length;
  }
  return {
    kind: 'folder',
    version: FOLDER_META_VERSION,
    source: folder.root,
    fingerprint: folder.fingerprint,
    segments: folder.segments ?? [],
    warnings: folder.warnings,
    volatile: folder.volatile,
    dirs: folder.dirs,
    files: {
      paths: folder.entries.map((e) => e.path).join('\0'),
      ends,
      sizes: Float64Array.from(folder.entries, (e) => e.size),
      mtimes: Float64Array.from(folder.entries, (e) => e.mtimeMs),
      chapters: Uint32Array.from(folder.entries, (e) => chapterOf.get(e.path) ?? 0),
    },
    ...files,
    sectionStarts,
  };
}

/** Where each section's text is, in chapter order, as the bytes of a `.spans` file. */
function spansOf(folder: FolderInfo, model: NotesModel): Uint8Array | null {
  if (!folder.spanOf) return null;
  const count = model.chapters.reduce((n, c) => n + c.sections.length, 0);
  const out = new Uint32Array(count * 3);
  let i = 0;
  for (const c of model.chapters) {
    c.sections.forEach((s, k) => {
      const span = folder.spanOf!(s.source.en.file, k);
      if (span) out.set(span, i * 3);
      i++;
    });
  }
  return new Uint8Array(out.buffer);
}

function folderMetaPath(dataDir: string, root: string): string {
  return searchCachePath(dataDir, root).replace(/\.idx$/, '.meta');
}

const isNumberList = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');

// A meta file is its JSON on one line, without the file table but with its row count and
// the byte length of its paths, padded with spaces so the table starts at a multiple of 8
// bytes; then the table: sizes and mtimes (float64), chapters and path ends (uint32), and the
// paths (UTF-8).
// For 10,000 notes the table was most of a 560 KB JSON file, and parsing it a tenth of a
// cached search.
const ROW_BYTES = 8 + 8 + 4 + 4;

function encodeFolderMeta(meta: FolderMeta): { line: string; table: Uint8Array } {
  const { files, ...rest } = meta;
  const paths = Buffer.from(files.paths);
  const json = JSON.stringify({ ...rest, rows: files.sizes.length, pathBytes: paths.length });
  const pad = (8 - ((Buffer.byteLength(json) + 1) % 8)) % 8;
  const n = files.sizes.length;
  const table = new Uint8Array(n * ROW_BYTES + paths.length);
  table.set(new Uint8Array(files.sizes.buffer, files.sizes.byteOffset, n * 8), 0);
  table.set(new Uint8Array(files.mtimes.buffer, files.mtimes.byteOffset, n * 8), n * 8);
  table.set(new Uint8Array(files.chapters.buffer, files.chapters.byteOffset, n * 4), n * 16);
  table.set(new Uint8Array(files.ends.buffer, files.ends.byteOffset, n * 4), n * 20);
  table.set(paths, n * ROW_BYTES);
  return { line: json + ' '.repeat(pad), table };
}

function decodeFolderMeta(bytes: Buffer): FolderMeta | null {
  const nl = bytes.indexOf(10);
  if (nl < 0 || (nl + 1) % 8 !== 0) return null;
  const head = JSON.parse(bytes.toString('utf8', 0, nl)) as Omit<FolderMeta, 'files'> & { rows: unknown; pathBytes: unknown };
  const { rows: n, pathBytes, ...rest } = head ?? {};
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(pathBytes) || (n as number) < 0) return null;
  const rows = n as number;
  if (bytes.length !== nl + 1 + rows * ROW_BYTES + (pathBytes as number)) return null;
  // Views need the table aligned in memory too; a buffer from the pool may not be.
  const start = bytes.byteOffset + nl + 1;
  const table = start % 8 === 0 ? bytes.buffer : bytes.buffer.slice(start, start + rows * ROW_BYTES);
  const at = start % 8 === 0 ? start : 0;
  const chapters = new Uint32Array(table, at + rows * 16, rows);
  for (const n of chapters) if (n > rows) return null; // a chapter a note at most
  return {
    ...(rest as Omit<FolderMeta, 'files'>),
    files: {
      sizes: new Float64Array(table, at, rows),
      mtimes: new Float64Array(table, at + rows * 8, rows),
      chapters,
      ends: new Uint32Array(table, at + rows * 20, rows),
      paths: bytes.toString('utf8', nl + 1 + rows * ROW_BYTES),
    },
  };
}

function readFolderMeta(path: string, root: string): FolderMeta | null {
  try {
    const meta = decodeFolderMeta(readFileSync(path));
    if (meta?.kind !== 'folder' || meta.version !== FOLDER_META_VERSION || meta.source !== root) return null;
    // Names are checked to be plain names in the cache folder: a meta names files to delete.
    if (!isCacheFileName(meta.main) || !(meta.layer === null || isCacheFileName(meta.layer))) return null;
    if (!(meta.spans === null || isSizedFileList([meta.spans])) || !isSizedFileList(meta.segments) || !isNumberList(meta.sectionStarts)) return null;
    if (!Array.isArray(meta.warnings) || !meta.warnings.every((w) => w && typeof w.file === 'string' && typeof w.message === 'string')) return null;
    if (!Array.isArray(meta.dirs) || !meta.dirs.every((d) => Array.isArray(d) && typeof d[0] === 'string')) return null;
    return meta;
  } catch {
    return null; // none yet, or damaged: build again
  }
}

/** One index file of a folder (a header line, then the parts), or null. */
function openFolderIndexFile(cacheDir: string, name: string | null): SearchIndexFile | null {
  if (!name) return null;
  const opened = openIndexAt(join(cacheDir, name), 1);
  return opened && SearchIndexFile.fromParts(opened.lines[0]!, opened.read, opened.bodySize);
}

/** The main index and its layer as the meta names them; null unless every file named is there. */
function openIndexFiles(cacheDir: string, meta: FolderMeta): { main: SearchIndexFile; layer: SearchIndexFile | null; reader: IndexReader } | null {
  const main = openFolderIndexFile(cacheDir, meta.main);
  const layer = openFolderIndexFile(cacheDir, meta.layer);
  if (!main || (meta.layer && !layer)) return null;
  return { main, layer, reader: layer ? new LayeredIndex(main, layer) : main };
}

/** A folder's index, checked against the folder, ready to answer. */
export interface FolderIndex {
  file: IndexReader;
  hits: HitSource;
  meta: FolderMeta;
}

/**
 * Hits shown from the index's records, with each section's text read through the spans file
 * and the segments, all opened now. Null if one of them is missing. `textOf`, when given,
 * reads the texts instead (the compiled notes, when the cache could not be written).
 */
function folderHitsOf(meta: FolderMeta, cacheDir: string, textOf?: FolderInfo['source']['textOf']): HitSource | null {
  // A file's row is found in the joined paths themselves: a map of 10,000 paths would cost
  // more to make than the few hits of a query cost to look up this way.
  const wrapped = `\0${meta.files.paths}\0`;
  const { ends } = meta.files;
  const chapterOf = (path: string) => {
    // The path ends where a row ends: the first row whose end is at or after it.
    const at = wrapped.indexOf(`\0${path}\0`) + path.length;
    if (at < path.length) return undefined;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    if (ends[lo] !== at) return undefined;
    return meta.files.chapters[lo] || undefined;
  };
  if (textOf) return folderHits(chapterOf, (r) => textOf(r.p, r.k));
  const segmentFds = openSizedFiles(cacheDir, meta.segments);
  const spansFd = meta.spans && openSizedFiles(cacheDir, [meta.spans]);
  if (!segmentFds || !spansFd) return null;
  const segments = segmentReader(segmentFds);
  const spans = spansFd[0]!;
  const spanBytes = Buffer.alloc(SPAN_BYTES);
  return folderHits(chapterOf, (r) => {
    const chapter = chapterOf(r.p);
    const start = chapter === undefined ? undefined : meta.sectionStarts[chapter - 1];
    if (start === undefined) return '';
    try {
      if (readSync(spans, spanBytes, 0, SPAN_BYTES, (start + r.k) * SPAN_BYTES) !== SPAN_BYTES) return '';
    } catch {
      return '';
    }
    return segments([spanBytes.readUInt32LE(0), spanBytes.readUInt32LE(4), spanBytes.readUInt32LE(8)]);
  });
}

/**
 * The cached index of a folder if nothing in the folder changed since it was made, else null.
 * Costs a stat per note file and per folder, and reads the meta and the index headers.
 */
export function openFreshFolderIndex(root: string, dataDir: string): FolderIndex | null {
  const meta = readFolderMeta(folderMetaPath(dataDir, root), root);
  if (!meta || meta.volatile) return null;
  if (!folderUnchanged(root, meta.dirs, meta.files)) return null;
  const cacheDir = searchCacheDir(dataDir);
  const files = openIndexFiles(cacheDir, meta);
  const hits = files && folderHitsOf(meta, cacheDir);
  return files && hits ? { file: files.reader, meta, hits } : null;
}

function writeIndexFile(path: string, lines: string[], chunks: Uint8Array[]): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      for (const line of lines) writeSync(fd, `${line}\n`);
      for (const chunk of chunks) for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
    throw e;
  }
}

/** Write an index to the cache; failing to is worth a warning, not an error (it only saves time). */
function cacheIndex(path: string, lines: string[], chunks: Uint8Array[], dataDir: string, warn: (message: string) => void): boolean {
  try {
    writeIndexFile(path, lines, chunks);
    return true;
  } catch (e) {
    warn(`cannot cache the search index in ${searchCacheDir(dataDir)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it will be rebuilt next time`);
    return false;
  }
}

export interface OpenFolderIndexOptions {
  model: NotesModel;
  folder: FolderInfo;
  dataDir: string;
  warn: (message: string) => void;
}

/** A folder's index, brought up to date with the compiled notes: only changed notes are indexed again. */
export async function openFolderIndex({ model, folder, dataDir, warn }: OpenFolderIndexOptions): Promise<FolderIndex & { counts?: { added: number; removed: number; kept: number } }> {
  const metaPath = folderMetaPath(dataDir, folder.root);
  const cacheDir = searchCacheDir(dataDir);
  const base = basename(metaPath, '.meta');
  const newName = (ext: string) => `${base}-${process.pid}-${Date.now().toString(36)}.${ext}`;
  const oldMeta = readFolderMeta(metaPath, folder.root);
  const old = oldMeta && openIndexFiles(cacheDir, oldMeta);
  // Texts from the compiled notes when the cache could not be written; else from its segments.
  const textOf = folder.spanOf ? undefined : folder.source.textOf;

  let reader: IndexReader;
  let main: string;
  let layer: string | null;
  let counts: { added: number; removed: number; kept: number } | undefined;
  let written = true;
  const sameNotes = Boolean(old && oldMeta.fingerprint === folder.fingerprint);
  if (old && sameNotes) {
    // The same notes: the index stands; at most a folder's time, a warning or the cache changed.
    ({ main, layer } = oldMeta!);
    reader = old.reader;
  } else {
    const { folderIndexChunks } = await import('./search-build.js');
    const progress = new Progress(1, 'indexing for search');
    const update = folderIndexChunks(model, folder.source, old && { main: old.main, layer: old.layer }, (done, total) => total >= 200 && progress.update(done, total));
    progress.done();
    counts = update.counts;
    const name = newName(update.kind === 'full' ? 'idx' : 'layer');
    main = update.kind === 'full' ? name : oldMeta!.main;
    layer = update.kind === 'full' ? null : name;
    written = cacheIndex(join(cacheDir, name), [], update.chunks, dataDir, warn);
    const file = SearchIndexFile.fromChunks(update.chunks);
    if (!file) throw new Error('the search index just built cannot be read');
    reader = update.kind === 'full' ? file : new LayeredIndex(old!.main, file);
  }
  // Where each text is changes whenever the cache's segments do, even for unchanged notes.
  const segments = folder.segments ?? [];
  const oldSpans = oldMeta?.spans ?? null;
  const whole = (file: [string, number]) => statSync(join(cacheDir, file[0]), { throwIfNoEntry: false })?.size === file[1];
  let spans = sameNotes && oldSpans && JSON.stringify(oldMeta!.segments) === JSON.stringify(segments) && whole(oldSpans) ? oldSpans : null;
  const spanBytes = spans || !written ? null : spansOf(folder, model);
  if (spanBytes) {
    spans = [newName('spans'), spanBytes.length];
    if (!cacheIndex(join(cacheDir, spans[0]), [], [spanBytes], dataDir, warn)) [spans, written] = [null, false];
  }
  const meta = folderMeta(folder, model, { main, layer, spans });
  const oldFiles = [oldMeta?.main, oldMeta?.layer, oldMeta?.spans?.[0]].filter((n): n is string => Boolean(n));
  const newFiles = new Set([main, layer, spans?.[0]].filter((n): n is string => Boolean(n)));
  const encoded = encodeFolderMeta(meta);
  const previous = oldMeta && encodeFolderMeta(oldMeta);
  const unchanged = previous && previous.line === encoded.line && Buffer.compare(previous.table, encoded.table) === 0;
  if (written && !unchanged && cacheIndex(metaPath, [encoded.line], [encoded.table], dataDir, warn)) {
    removeStaleCacheFiles(cacheDir, oldFiles, `${base}-`, newFiles);
  }
  const hits = folderHitsOf(meta, cacheDir, textOf) ?? folderHitsOf(meta, cacheDir, folder.source.textOf)!;
  return { file: reader, meta, hits, ...(counts ? { counts } : {}) };
}
