// The text segments of a folder's cache (see src/io/folder-notes.ts): read by span, shared by
// the notes compiler and the search's fast path (which must not load the compiler).
import { openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** [segment number, byte offset, byte length]. */
export type Span = [number, number, number];

/** Reads texts by span from the segments in `dir`; a missing or short segment reads as empty text. */
export function segmentReader(dir: string, segments: string[]): (span: Span) => string {
  const fds = new Map<number, number | null>();
  return ([segment, offset, length]) => {
    let fd = fds.get(segment);
    if (fd === undefined) {
      try {
        fd = segments[segment] ? openSync(join(dir, segments[segment]), 'r') : null;
      } catch {
        fd = null;
      }
      fds.set(segment, fd);
    }
    if (fd === null) return '';
    try {
      const buffer = Buffer.alloc(length);
      const n = readSync(fd, buffer, 0, length, offset);
      return buffer.toString('utf8', 0, n);
    } catch {
      return '';
    }
  };
}

