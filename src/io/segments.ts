// The text segments of a folder's cache (see src/io/folder-notes.ts): read by span, shared by
// the notes compiler and the search's fast path (which must not load the compiler).
import { openSync, readSync } from 'node:fs';
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

/** Open the segments in `dir`, all at once: null for one that cannot be opened. */
export function openSegmentFiles(dir: string, names: string[]): (number | null)[] {
  return names.map((name) => {
    try {
      return openSync(join(dir, name), 'r');
    } catch {
      return null;
    }
  });
}
