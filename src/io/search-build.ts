// Building a search index with pinyin: at build time for the bundled notes, and on first use for
// a folder of one's own. The only module that loads pinyin-pro; nothing on the path of a query
// imports it (src/io/search-index.ts imports this module lazily, only when it must build).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pinyin } from 'pinyin-pro';
import {
  SearchIndexFile, buildEncodedSearchIndex, buildSearchIndex, encodeSearchIndex, encodeSearchIndexChunks, updateFolderIndex,
  type FolderIndexUpdate, type FolderSource,
} from '../core/search.js';
import type { NotesModel } from '../core/model.js';
import { packageRoot } from './paths.js';

export function pinyinSyllables(text: string): string[] {
  if (!text) return [];
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed', v: false }).filter((s) => /^[a-zü]+$/i.test(s));
}

/** The index of a notes model in its file form (see encodeSearchIndex). */
export function encodedSearchIndex(model: NotesModel): Uint8Array {
  return encodeSearchIndex(buildSearchIndex(model, pinyinSyllables));
}

/** The same, as chunks that are written one after the other (for a big folder). */
export function encodedSearchIndexChunks(model: NotesModel): Uint8Array[] {
  return buildEncodedSearchIndex(model, pinyinSyllables);
}

/**
 * A folder's index brought up to date, as the chunks of the file to write: a whole index, or a
 * layer over `old.main` (see updateFolderIndex).
 */
export function folderIndexChunks(model: NotesModel, source: FolderSource, old: { main: SearchIndexFile; layer: SearchIndexFile | null } | null, onProgress?: (done: number, total: number) => void): { kind: FolderIndexUpdate['kind']; chunks: Uint8Array[]; counts: FolderIndexUpdate['counts'] } {
  const { kind, data, counts } = updateFolderIndex(model, source, old, pinyinSyllables, onProgress);
  return { kind, chunks: encodeSearchIndexChunks(data, { consume: true }), counts };
}

export const BUNDLED_INDEX_FILE = 'search-index.json';

/** Build step: dist/search-index.json next to dist/notes.json. */
export function writeBundledSearchIndex(model: NotesModel): void {
  writeFileSync(join(packageRoot(), 'dist', BUNDLED_INDEX_FILE), encodedSearchIndex(model));
}
