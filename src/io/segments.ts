// The text segments of a folder's cache (see src/io/folder-notes.ts): read by span, shared by
// the notes compiler and the search's fast path (which must not load the compiler).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** [segment number, byte offset, byte length]. */
export type Span = [number, number, number];

/**
 * Reads texts by span from the segments, given as open file descriptors (opened together, so
 * that a cache rewritten meanwhile is read as one version); a short read gives what was read.
 */
export function segmentReader(fds: (number | null)[]): (span: Span) => string {
  return ([segment, offset, length]) => {
    const fd = fds[segment];
    if (fd === undefined || fd === null) return '';
    try {
      const buffer = Buffer.alloc(length);
      const n = readSync(fd, buffer, 0, length, offset);
      return buffer.toString('utf8', 0, n);
    } catch {
      return '';
    }
  };
}

/** A file name of the cache folder as a cache file may name it: no path, nothing hidden. */
export function isCacheFileName(name: unknown): name is string {
  return typeof name === 'string' && /^[\w-][\w.-]*$/.test(name);
}

/** A list of [file name, size] as the caches record files: checked before any is opened. */
export function isSizedFileList(list: unknown): list is [string, number][] {
  return Array.isArray(list) && list.every((e) => Array.isArray(e) && isCacheFileName(e[0]) && typeof e[1] === 'number');
}

/**
 * Open files of the cache folder, all at once, each checked to have the size recorded for it;
 * null if one is missing or not whole (then what named them is rebuilt).
 */
export function openSizedFiles(dir: string, files: [string, number][]): number[] | null {
  const fds: number[] = [];
  try {
    for (const [name, size] of files) {
      const fd = openSync(join(dir, name), 'r');
      fds.push(fd);
      if (fstatSync(fd).size !== size) throw new Error('not whole');
    }
    return fds;
  } catch {
    for (const fd of fds) closeSync(fd);
    return null;
  }
}
