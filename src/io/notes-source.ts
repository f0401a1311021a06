// Reading a notes folder from disk: only below the folder, never through links that leave it,
// skipping hidden folders and node_modules. Each file that cannot be read is one warning.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { DataError, UsageError } from '../errors.js';
import type { SourceFile } from '../core/compile.js';
import type { Problem } from '../core/model.js';
import { stamper } from './stamps.js';

export interface FolderEntry {
  path: string;
  absolute: string;
  size: number;
  mtimeMs: number;
}

const NOTE_FILE = /\.(md|markdown|ya?ml)$/i;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function resolveNotesDir(dir: string): string {
  if (!existsSync(dir)) throw new UsageError({ en: `notes folder not found: ${dir} (give an existing folder, e.g. --notes ~/notes)`, zh: `找不到笔记文件夹：${dir}（请给出已有的文件夹，例如 --notes ~/notes）` });
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (cause) {
    throw new DataError({ en: `cannot open notes folder ${dir}: ${(cause as Error).message}`, zh: `无法打开笔记文件夹 ${dir}：${(cause as Error).message}` }, { cause });
  }
  if (!statSync(real).isDirectory()) throw new UsageError({ en: `not a folder: ${dir} (--notes takes a folder of .md files)`, zh: `${dir} 不是文件夹（--notes 需要一个包含 .md 文件的文件夹）` });
  return real;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** A folder that was listed: its path below the root ('' for the root), mtime and ctime. */
export type DirStamp = [path: string, mtimeMs: number, ctimeMs: number];

/**
 * List note files (Markdown and YAML) below root with size and mtime, without reading them.
 * `dirs` receives every folder listed: while none of them changed, no file was added, removed
 * or renamed, and while none of the files changed, the listing is the same.
 */
export function listNoteFiles(root: string, warnings: Problem[], dirs?: DirStamp[]): FolderEntry[] {
  const out: FolderEntry[] = [];
  const visited = new Set<string>([root]);
  // A plain file is stamped without a Stats object (see src/io/stamps.ts): a big folder has
  // tens of thousands. The kind of each entry comes from the listing itself.
  const stampOf = stamper(root);
  const walk = (dir: string, relDir: string) => {
    let entries;
    if (dirs) {
      const st = stampOf(dir); // if unreadable, readdir below says so
      if (st) dirs.push([relDir, st.mtimeMs, st.ctimeMs]);
    }
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      // Transient: it can become readable without any stamp we hold changing (its own may be unknown).
      warnings.push({ file: relDir || '.', line: 0, message: `cannot read folder (${why}); skipped`, zh: `无法读取文件夹（${why}），已跳过`, transient: true });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const abs = join(dir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      if (entry.isFile()) {
        if (!NOTE_FILE.test(name)) continue;
        const st = stampOf(abs);
        if (st) {
          out.push({ path: rel, absolute: abs, size: st.size, mtimeMs: st.mtimeMs });
          continue;
        } // else gone or unreadable since the listing: the slow way below says which
      } else if (entry.isDirectory()) {
        walk(abs, rel);
        continue;
      }
      // A link, a file system that does not say what an entry is, or a file that could not be stamped.
      let stat;
      try {
        const link = lstatSync(abs);
        if (link.isSymbolicLink()) {
          const target = realpathSync(abs);
          if (!isInside(root, target)) {
            warnings.push({ file: rel, line: 0, message: 'link points outside the notes folder; not followed', zh: '链接指向笔记文件夹之外，不会跟随' });
            continue;
          }
          if (visited.has(target)) continue; // a loop, or a second way to the same place
          stat = statSync(target);
          if (stat.isDirectory()) visited.add(target);
        } else stat = link;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code ?? (e as Error).message;
        if (code === 'ELOOP') warnings.push({ file: rel, line: 0, message: 'symbolic link loop; skipped', zh: '符号链接形成循环，已跳过' });
        else if (code === 'ENOENT') warnings.push({ file: rel, line: 0, message: 'broken link; skipped', zh: '链接目标不存在，已跳过', transient: true });
        else warnings.push({ file: rel, line: 0, message: `cannot read (${why}); skipped`, zh: `无法读取（${why}），已跳过`, transient: true });
        continue;
      }
      if (stat.isDirectory()) walk(abs, rel);
      else if (stat.isFile() && NOTE_FILE.test(name)) out.push({ path: rel, absolute: abs, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  };
  walk(root, '');
  return out;
}

export function readEntry(entry: FolderEntry, warnings: Problem[]): Uint8Array | null {
  if (entry.size > MAX_FILE_BYTES) {
    const mb = MAX_FILE_BYTES / 1024 / 1024;
    warnings.push({ file: entry.path, line: 0, message: `larger than ${mb} MB; skipped`, zh: `文件超过 ${mb} MB，已跳过` });
    return null;
  }
  try {
    return readFileSync(entry.absolute);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    warnings.push({ file: entry.path, line: 0, message: `cannot read (${why}); skipped`, zh: `无法读取（${why}），已跳过`, transient: true });
    return null;
  }
}

/** Read the listed files; what cannot be read becomes a warning. */
export function readEntries(entries: FolderEntry[], warnings: Problem[]): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of entries) {
    const bytes = readEntry(entry, warnings);
    if (bytes) files.push({ path: entry.path, bytes });
  }
  return files;
}

/** Paths, sizes and mtimes of the note files, hashed: changes whenever any file changes. */
export function fingerprintOf(entries: FolderEntry[]): string {
  const hash = createHash('sha1');
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`${e.path}\0${e.size}\0${e.mtimeMs}\n`);
  return hash.digest('hex');
}

/** The fingerprint of a folder's note files without reading them. */
export function notesFingerprint(dir: string): { fingerprint: string; root: string } {
  const root = resolveNotesDir(dir);
  return { fingerprint: fingerprintOf(listNoteFiles(root, [])), root };
}
