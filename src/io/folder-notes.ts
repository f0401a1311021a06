// Compiling a notes folder: the book layout, or any folder of Markdown notes with a per-file
// cache in the data dir. Loaded only when a folder is used (it brings the YAML parser).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { compileBook, isBookLayout } from '../core/compile.js';
import { assembleLoose, isGlossaryPath, readLooseFile, type FilePart, type LooseFile } from '../core/compile-loose.js';
import { formatProblem, type NotesModel, type Problem } from '../core/model.js';
import { decodeNote } from '../core/markdown-source.js';
import { DataError } from '../errors.js';
import { dataDir as defaultDataDir } from './paths.js';
import { fingerprintOf, listNoteFiles, readEntry, readNotesFolder, resolveNotesDir, type FolderEntry } from './notes-source.js';
import { Progress } from '../ui/progress.js';

export interface CompiledFolder {
  model: NotesModel;
  warnings: string[];
  root: string;
  problems: string[];
  fingerprint: string;
  /** For a folder of plain notes: files compiled now, and files taken from the cache. */
  files?: { compiled: number; cached: number };
}

export function compileFolder(dir: string, dataDir = defaultDataDir()): CompiledFolder {
  const root = resolveNotesDir(dir);
  const listWarnings: string[] = [];
  const entries = listNoteFiles(root, listWarnings);
  const fingerprint = fingerprintOf(entries);
  if (isBookLayout(entries.map((e) => e.path))) {
    const folder = readNotesFolder(root);
    const { model, problems } = compileBook(folder.files);
    const formatted = [...folder.warnings, ...problems.map(formatProblem)];
    return { model, warnings: formatted, root, problems: formatted, fingerprint };
  }
  const problems: Problem[] = [];
  const markdown = entries.filter((e) => /\.(md|markdown)$/i.test(e.path));
  if (markdown.length === 0) {
    throw new DataError(`no notes found in ${dir}: put .md files in it, or run \`fllm init ${dir}\` for an example`);
  }
  const counts = { compiled: 0, cached: 0 };
  const files = compileLooseCached(root, markdown, dataDir, listWarnings, problems, counts);
  const glossary = entries.filter((e) => isGlossaryPath(e.path)).flatMap((e) => {
    const bytes = readEntry(e, listWarnings);
    if (!bytes) return [];
    const text = decodeNote(bytes);
    if (text === null) listWarnings.push(`${e.path}: not valid UTF-8 text; skipped`);
    return text === null ? [] : [{ path: e.path, text }];
  });
  const model = assembleLoose(files, glossary, problems);
  const formatted = [...listWarnings, ...problems.map(formatProblem)];
  return { model, warnings: formatted, root, problems: formatted, fingerprint, files: counts };
}

interface PartCache {
  version: 1;
  root: string;
  files: Record<string, { size: number; mtimeMs: number; part: FilePart | null; problem?: Problem }>;
}

const CACHE_VERSION = 1;

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

/** Compile each Markdown file, reusing the cached part of every file whose size and mtime are unchanged. */
function compileLooseCached(root: string, entries: FolderEntry[], dataDir: string, warnings: string[], problems: Problem[], counts: { compiled: number; cached: number }): LooseFile[] {
  const path = cachePath(dataDir, root, 'notes');
  const cache = readCache(path, root);
  const fresh: PartCache = { version: CACHE_VERSION, root, files: {} };
  const stale = entries.filter((e) => {
    const hit = cache.files[e.path];
    return !hit || hit.size !== e.size || hit.mtimeMs !== e.mtimeMs;
  });
  const progress = stale.length >= 200 ? new Progress(stale.length, 'indexing notes') : null;
  const out: LooseFile[] = [];
  for (const e of entries) {
    let hit = cache.files[e.path];
    if (!hit || hit.size !== e.size || hit.mtimeMs !== e.mtimeMs) {
      const bytes = readEntry(e, warnings);
      if (!bytes) continue;
      const r = readLooseFile({ path: e.path, bytes });
      hit = { size: e.size, mtimeMs: e.mtimeMs, part: r.part, ...(r.problem ? { problem: r.problem } : {}) };
      progress?.tick();
      counts.compiled++;
    } else counts.cached++;
    fresh.files[e.path] = hit;
    if (hit.problem) problems.push(hit.problem);
    if (hit.part) out.push({ path: e.path, part: hit.part });
  }
  progress?.done();
  if (stale.length > 0 || Object.keys(cache.files).length !== Object.keys(fresh.files).length) writeCacheQuietly(path, fresh);
  return out;
}

function writeCacheQuietly(path: string, data: unknown): void {
  // The cache only saves time: failing to write it must not stop anyone from reading.
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, path);
  } catch {
    // read-only data dir: work without a cache
  }
}

