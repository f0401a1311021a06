// Whether a file still has the size and times recorded for it. A cached search of a big folder
// checks every note this way before it trusts the index, so this is its cost per note.
//
// fs.statSync makes a Stats object per call; for 10,000 notes that costs about as much as the
// system calls themselves, in allocation and garbage collection. On Node 20 the fs binding's
// stat returns the same numbers in one reused Float64Array. That binding is internal, so it is
// used only where it was checked (Node 20), only if this process's first call agrees with
// fs.statSync field by field, and never where asking for it would print a deprecation warning.
// Anywhere else, or if anything about it is off, fs.statSync answers.
import { accessSync, constants, statSync } from 'node:fs';
import { sep, toNamespacedPath } from 'node:path';
import type { DirStamp } from './notes-source.js';

/** The numbers of a stat compared here. */
export interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

type BindingStat = (path: string, bigint: boolean, request: undefined, context: object) => Float64Array | undefined;

// Offsets in the binding's array (src/node_file.h, FsStatsOffset): size, then seconds and
// nanoseconds of each time.
const SIZE = 8;
const MTIME_SEC = 12;
const MTIME_NSEC = 13;
const CTIME_SEC = 14;
const CTIME_NSEC = 15;

/** fs.statSync's numbers; null for a path that cannot be read (not there, not a folder, no access). */
function publicStamp(path: string): Stamp | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/** The same conversion as Node's own (msFromTimeSpec), so the numbers compare exactly. */
const ms = (sec: number, nsec: number) => sec * 1e3 + nsec / 1e6;

function bindingStat(): BindingStat | null {
  if (Number(process.versions.node.split('.')[0]) !== 20) return null;
  // --pending-deprecation (or --pending_deprecation) turns process.binding into a warning on stderr.
  const options = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (/pending[-_]deprecation/.test(options) || process.env.NODE_PENDING_DEPRECATION === '1') return null;
  try {
    const binding = (process as unknown as { binding?: (name: string) => { stat?: unknown } }).binding?.('fs');
    return typeof binding?.stat === 'function' ? (binding.stat as BindingStat).bind(binding) : null;
  } catch {
    return null;
  }
}

/**
 * A function that stamps one path (null if it cannot be read): the binding's when it agrees with
 * fs.statSync on `probe`, an existing path; else fs.statSync's. `allowFast` false forces the
 * public one (tests compare the two).
 */
export function stamper(probe: string, allowFast = true): (path: string) => Stamp | null {
  const stat = allowFast ? bindingStat() : null;
  if (!stat) return publicStamp;
  // Reused for every answer, so a check of 10,000 files makes no objects; callers read it at once.
  const out: Stamp = { size: 0, mtimeMs: 0, ctimeMs: 0 };
  /** The binding's answer, or null when it gave none (an error, or an array not as expected). */
  const fromBinding = (path: string): Stamp | null => {
    let a: Float64Array | undefined;
    try {
      // A context object as the last argument: Node 20 versions differ in whether it is a
      // context to fill with an error or a flag not to throw; either way an error means no answer.
      a = stat(toNamespacedPath(path), false, undefined, {});
    } catch {
      return null;
    }
    if (!(a instanceof Float64Array) || a.length < CTIME_NSEC + 1) return null;
    out.size = a[SIZE]!;
    out.mtimeMs = ms(a[MTIME_SEC]!, a[MTIME_NSEC]!);
    out.ctimeMs = ms(a[CTIME_SEC]!, a[CTIME_NSEC]!);
    return out;
  };
  const expected = publicStamp(probe);
  const got = expected && fromBinding(probe);
  const agrees = !!got && got.size === expected.size && got.mtimeMs === expected.mtimeMs && got.ctimeMs === expected.ctimeMs;
  // Without an answer (not there, unreadable), the public call says which.
  const fast = (path: string): Stamp | null => fromBinding(path) ?? publicStamp(path);
  return agrees ? fast : publicStamp;
}

/**
 * Whether every folder and every note file still has the stamp recorded for it. `files` are
 * paths relative to `root`, joined by NUL (which no file name holds), where each ends, sizes and mtimes.
 */
export function folderUnchanged(root: string, dirs: DirStamp[], files: { paths: string; ends: ArrayLike<number>; sizes: ArrayLike<number>; mtimes: ArrayLike<number> }): boolean {
  const stampOf = stamper(root);
  // Relative to the folder, like find(1): the system resolves two or three names a file instead
  // of the whole path, and no path is built (~4 ms of 20 for 10,000 files). Only if we can come
  // back to the working directory (not one since deleted, nor one we may not enter); else
  // whole paths.
  let previous: string | null = null;
  try {
    previous = process.cwd();
    accessSync(previous, constants.X_OK);
    process.chdir(root);
  } catch {
    previous = null;
  }
  const prefix = previous === null ? (root.endsWith(sep) ? root : root + sep) : '';
  try {
    for (const [dir, mtimeMs, ctimeMs] of dirs) {
      const st = stampOf(dir ? prefix + dir : prefix || '.');
      if (!st || st.mtimeMs !== mtimeMs || st.ctimeMs !== ctimeMs) return false;
    }
    // Through the joined paths one at a time: a list of 10,000 strings kept alive across
    // 10,000 stat calls costs more in garbage collection than the slicing.
    const { paths, ends, sizes, mtimes } = files;
    if (ends.length !== sizes.length || (ends.length ? ends[ends.length - 1] !== paths.length : paths !== '')) return false;
    let at = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i]!;
      if (end < at) return false;
      const st = stampOf(prefix + paths.slice(at, end));
      if (!st || st.size !== sizes[i] || st.mtimeMs !== mtimes[i]) return false;
      at = end + 1;
    }
    return true;
  } finally {
    try {
      if (previous !== null) process.chdir(previous);
    } catch {
      // gone meanwhile: nothing after this reads a relative path
    }
  }
}
