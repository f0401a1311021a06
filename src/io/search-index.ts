// Finding the search index for the notes in use. The bundled notes have theirs prebuilt in
// dist/search-index.json. A folder of one's own gets one built on first use and cached in the
// data dir (cache/search-*.idx), keyed by the folder's path and rebuilt when a note file changes
// (paths, sizes and modification times). Building loads pinyin-pro, lazily; loading does not.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { NotesModel } from '../core/model.js';
import { SearchIndexFile } from '../core/search.js';
import { notesFingerprint } from './notes.js';
import { bundledNotesDir, compiledNotesDir, packageRoot } from './paths.js';

export function bundledSearchIndexPath(): string {
  return join(packageRoot(), 'dist', 'search-index.json');
}

/** Where derived data lives; the compiled-notes cache of src/io/notes.ts is there too. */
export function searchCacheDir(dataDir: string): string {
  return join(dataDir, 'cache');
}

export function searchCachePath(dataDir: string, sourceId: string): string {
  const key = createHash('sha256').update(sourceId).digest('hex').slice(0, 16);
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

/** Reads parts of an index file on demand, so a query reads only the shards it needs. */
function fileReader(path: string, base: number) {
  return (start: number, end: number): Uint8Array => {
    const fd = openSync(path, 'r');
    try {
      const out = Buffer.allocUnsafe(end - start);
      let done = 0;
      while (done < out.length) {
        const n = readSync(fd, out, done, out.length - done, base + start + done);
        if (n === 0) throw new Error(`${path} is shorter than its header says`);
        done += n;
      }
      return out;
    } finally {
      closeSync(fd);
    }
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
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(searchCacheDir(dataDir), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, `${JSON.stringify({ source: sourceId, fingerprint })}\n`);
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
    warn(`cannot cache the search index in ${searchCacheDir(dataDir)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it will be rebuilt next time`);
  }
  const file = SearchIndexFile.fromChunks(chunks);
  if (!file) throw new Error('the search index just built cannot be read');
  return file;
}
