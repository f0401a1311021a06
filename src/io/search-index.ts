// Finding the search index for the notes in use. The bundled notes have theirs prebuilt in
// dist/search-index.json. A folder of one's own gets one built on first use and cached in the
// data dir (cache/search-*.idx), keyed by the folder's path and rebuilt when a note file changes
// (paths, sizes and modification times). Building loads pinyin-pro, lazily; loading does not.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import type { NotesModel, Problem } from '../core/model.js';
import { LayeredIndex, SearchIndexFile, fnv1a, folderHits, type HitSource, type IndexReader } from '../core/search.js';
import type { FolderInfo } from './folder-notes.js';
import type { DirStamp } from './notes-source.js';
import { segmentReader } from './segments.js';
import { removeStaleCacheFiles } from './cache-files.js';
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

/** The first `count` lines of a file (without their newlines) and where the rest starts, or null. */
function readLines(path: string, count: number): { lines: Uint8Array[]; rest: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const lines: Uint8Array[] = [];
    let buffer = Buffer.alloc(0);
    let position = 0;
    let lineStart = 0;
    const chunk = Buffer.allocUnsafe(256 * 1024);
    while (lines.length < count) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) return null;
      buffer = Buffer.concat([buffer, chunk.subarray(0, n)]);
      position += n;
      for (let nl = buffer.indexOf(10, lineStart); nl !== -1 && lines.length < count; nl = buffer.indexOf(10, lineStart)) {
        lines.push(buffer.subarray(lineStart, nl));
        lineStart = nl + 1;
      }
    }
    return { lines, rest: lineStart };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads parts of an index file on demand, so a query reads only the parts it needs. The file
 * stays open: an index replaced meanwhile is still read whole, from the version first opened.
 */
function fileReader(path: string, base: number) {
  let fd: number | undefined;
  return (start: number, end: number): Uint8Array => {
    fd ??= openSync(path, 'r');
    const out = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < out.length) {
      const n = readSync(fd, out, done, out.length - done, base + start + done);
      if (n === 0) throw new Error(`${path} is shorter than its header says`);
      done += n;
    }
    return out;
  };
}

/** The bundled index: its header line, then the parts. */
function openIndexFile(path: string): SearchIndexFile | null {
  const head = readLines(path, 1);
  return head && SearchIndexFile.fromParts(head.lines[0]!, fileReader(path, head.rest));
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
  const head = readLines(path, 2);
  if (!head) return null;
  try {
    const meta = JSON.parse(Buffer.from(head.lines[0]!).toString('utf8')) as { source?: unknown; fingerprint?: unknown };
    if (meta.source !== sourceId || meta.fingerprint !== fingerprint) return null;
  } catch {
    return null;
  }
  return SearchIndexFile.fromParts(head.lines[1]!, fileReader(path, head.rest));
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
    const file = openIndexFile(bundledSearchIndexPath());
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
// A folder's index is three files in the cache folder: `search-<key>.meta` says what the index
// was made from (every folder listed with its mtime and ctime, every note file with its size,
// mtime and chapter number, the text segments, the warnings the notes gave) and names the two
// others: the main index and, when notes changed since it was written, a layer over it holding
// just their documents (see LayeredIndex). A search checks the folder against the meta with one
// stat per file and, if nothing changed, answers from the index alone: the notes are not
// compiled. Otherwise the notes are compiled (from the per-file cache) and only the documents
// of changed notes are indexed again, into a new layer. Files are written under new names and
// the meta last, so a reader sees one whole version or the other.

const FOLDER_META_VERSION = 3;

export interface FolderMeta {
  kind: 'folder';
  version: number;
  source: string;
  fingerprint: string;
  /** The cache's text segments (names in the cache folder); none when the cache could not be written. */
  segments: string[];
  warnings: Problem[];
  dirs: DirStamp[];
  /** Every note file: paths (joined by NUL, which no file name holds), sizes, mtimes, chapter numbers (0: none). Columns parse faster than rows. */
  files: { paths: string; sizes: number[]; mtimes: number[]; chapters: number[] };
  /** The index files, by name in the cache folder. */
  main: string;
  layer: string | null;
}

function folderMeta(folder: FolderInfo, model: NotesModel, main: string, layer: string | null): FolderMeta {
  const chapterOf = new Map(model.chapters.map((c) => [c.sections[0]?.source.en.file ?? '', c.number]));
  return {
    kind: 'folder',
    version: FOLDER_META_VERSION,
    source: folder.root,
    fingerprint: folder.fingerprint,
    segments: folder.segments ?? [],
    warnings: folder.warnings,
    dirs: folder.dirs,
    files: {
      paths: folder.entries.map((e) => e.path).join('\0'),
      sizes: folder.entries.map((e) => e.size),
      mtimes: folder.entries.map((e) => e.mtimeMs),
      chapters: folder.entries.map((e) => chapterOf.get(e.path) ?? 0),
    },
    main,
    layer,
  };
}

function metaPaths(meta: FolderMeta): string[] {
  return meta.files.paths ? meta.files.paths.split('\0') : [];
}

function folderMetaPath(dataDir: string, root: string): string {
  return searchCachePath(dataDir, root).replace(/\.idx$/, '.meta');
}

function readFolderMeta(path: string, root: string): FolderMeta | null {
  try {
    const meta = JSON.parse(readFileSync(path, 'utf8')) as FolderMeta;
    if (meta?.kind !== 'folder' || meta.version !== FOLDER_META_VERSION || meta.source !== root || !Array.isArray(meta.dirs) || !Array.isArray(meta.segments) || typeof meta.main !== 'string') return null;
    const { paths, sizes, mtimes, chapters } = meta.files ?? {};
    if (typeof paths !== 'string' || !Array.isArray(sizes) || !Array.isArray(mtimes) || !Array.isArray(chapters)) return null;
    return meta;
  } catch {
    return null; // none yet, or damaged: build again
  }
}

/** One index file of a folder (a header line, then the parts), or null. */
function openFolderIndexFile(cacheDir: string, name: string | null): SearchIndexFile | null {
  if (!name) return null;
  const path = join(cacheDir, name);
  const head = readLines(path, 1);
  return head && SearchIndexFile.fromParts(head.lines[0]!, fileReader(path, head.rest));
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

function folderHitsOf(meta: FolderMeta, cacheDir: string, textOf?: FolderInfo['source']['textOf']): HitSource {
  let chapters: Map<string, number> | undefined; // made on the first hit
  const chapterOf = (path: string) => {
    if (!chapters) {
      chapters = new Map();
      metaPaths(meta).forEach((p, i) => meta.files.chapters[i] && chapters!.set(p, meta.files.chapters[i]!));
    }
    return chapters.get(path);
  };
  const readSpan = segmentReader(cacheDir, meta.segments);
  return folderHits(chapterOf, (r) => (textOf ? textOf(r.p, r.k) : r.s ? readSpan(r.s) : ''));
}

/**
 * The cached index of a folder if nothing in the folder changed since it was made, else null.
 * Costs a stat per note file and per folder, and reads the meta and the index headers.
 */
export function openFreshFolderIndex(root: string, dataDir: string): FolderIndex | null {
  const meta = readFolderMeta(folderMetaPath(dataDir, root), root);
  if (!meta) return null;
  const prefix = root.endsWith(sep) ? root : root + sep;
  for (const [dir, mtimeMs, ctimeMs] of meta.dirs) {
    const st = statSync(dir ? prefix + dir : root, { throwIfNoEntry: false });
    if (!st || st.mtimeMs !== mtimeMs || st.ctimeMs !== ctimeMs) return null;
  }
  // Through the joined paths one at a time: a list of 10,000 strings kept alive across 10,000
  // stat calls costs more in garbage collection than the slicing.
  const { paths, sizes, mtimes } = meta.files;
  let at = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (at > paths.length) return null;
    let end = paths.indexOf('\0', at);
    if (end < 0) end = paths.length;
    const st = statSync(prefix + paths.slice(at, end), { throwIfNoEntry: false });
    if (!st || st.size !== sizes[i] || st.mtimeMs !== mtimes[i]) return null;
    at = end + 1;
  }
  if (sizes.length ? at !== paths.length + 1 : paths !== '') return null; // as many paths as sizes, or not our file
  const cacheDir = searchCacheDir(dataDir);
  for (const name of meta.segments) if (!existsSync(join(cacheDir, name))) return null;
  const files = openIndexFiles(cacheDir, meta);
  return files && { file: files.reader, meta, hits: folderHitsOf(meta, cacheDir) };
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
  const oldMeta = readFolderMeta(metaPath, folder.root);
  const old = oldMeta && openIndexFiles(cacheDir, oldMeta);
  const textOf = folder.segments ? undefined : folder.source.textOf;
  if (old && oldMeta.fingerprint === folder.fingerprint && oldMeta.segments.join('\0') === (folder.segments ?? []).join('\0')) {
    // The same notes: at most a folder's time or a warning changed. Note that in the meta.
    const meta = folderMeta(folder, model, oldMeta.main, oldMeta.layer);
    if (JSON.stringify(oldMeta) !== JSON.stringify(meta)) cacheIndex(metaPath, [JSON.stringify(meta)], [], dataDir, () => {});
    return { file: old.reader, meta, hits: folderHitsOf(meta, cacheDir, textOf) };
  }
  const { folderIndexChunks } = await import('./search-build.js');
  const progress = new Progress(1, 'indexing for search');
  const { kind, chunks, counts } = folderIndexChunks(model, folder.source, old && { main: old.main, layer: old.layer }, (done, total) => total >= 200 && progress.update(done, total));
  progress.done();
  const base = basename(metaPath, '.meta');
  const name = `${base}-${process.pid}-${Date.now().toString(36)}.${kind === 'full' ? 'idx' : 'layer'}`;
  const main = kind === 'full' ? name : oldMeta!.main;
  const layer = kind === 'full' ? null : name;
  const meta = folderMeta(folder, model, main, layer);
  const written = cacheIndex(join(cacheDir, name), [], chunks, dataDir, warn) && cacheIndex(metaPath, [JSON.stringify(meta)], [], dataDir, warn);
  if (written) removeStaleCacheFiles(cacheDir, [oldMeta?.main, oldMeta?.layer].filter((n): n is string => Boolean(n)), `${base}-`, new Set([main, ...(layer ? [layer] : [])]));
  const file = SearchIndexFile.fromChunks(chunks);
  if (!file) throw new Error('the search index just built cannot be read');
  const reader = kind === 'full' ? file : new LayeredIndex(old!.main, file);
  return { file: reader, meta, hits: folderHitsOf(meta, cacheDir, textOf), counts };
}
