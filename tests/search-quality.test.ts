// Search quality over the bundled notes: recall@3 of tests/search-queries.json (Chinese,
// English, abbreviations, pinyin, typos, prefixes and mixed queries, each with the ref of the
// section that should come up). The index is built here the way the build step builds it.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSection, type NotesModel } from '../src/core/model.js';
import { NotesSearch, SearchIndexFile } from '../src/core/search.js';
import { compileFolder } from '../src/io/folder-notes.js';
import { encodedSearchIndex } from '../src/io/search-build.js';
import { ROOT, tempDir } from './helpers.js';

interface Query {
  q: string;
  ref: string | string[];
  kind: string;
}

const { queries } = JSON.parse(readFileSync(join(ROOT, 'tests', 'search-queries.json'), 'utf8')) as { queries: Query[] };

let model: NotesModel;
let engine: NotesSearch;

beforeAll(() => {
  const compiled = compileFolder(join(ROOT, 'notes'), tempDir());
  model = compiled.model;
  const file = SearchIndexFile.open(encodedSearchIndex(model));
  if (!file) throw new Error('the search index does not open');
  engine = new NotesSearch(model, file);
});

describe('search quality over the bundled notes', () => {
  it('has a query set of at least 80 queries of every kind, with refs that exist', () => {
    expect(queries.length).toBeGreaterThanOrEqual(80);
    const kinds = new Set(queries.map((q) => q.kind));
    for (const kind of ['zh', 'en', 'abbr', 'pinyin', 'typo', 'mixed']) expect(kinds).toContain(kind);
    const missing = queries.flatMap((q) => [q.ref].flat().filter((ref) => !findSection(model, ref)).map((ref) => `${q.q} → ${ref}`));
    expect(missing).toEqual([]);
  });

  it('finds the expected section in the top 3 for at least 90% of the queries (recall@3)', () => {
    let found = 0;
    let firsts = 0;
    const misses: string[] = [];
    const byKind = new Map<string, { n: number; found: number }>();
    for (const { q, ref, kind } of queries) {
      const want = [ref].flat();
      const got = engine.search(q, { limit: 3, lang: 'en', width: 70 }).map((h) => h.ref);
      const hit = got.some((r) => want.includes(r));
      const k = byKind.get(kind) ?? { n: 0, found: 0 };
      k.n++;
      if (hit) {
        found++;
        k.found++;
        if (want.includes(got[0]!)) firsts++;
      } else misses.push(`  [${kind}] ${q}: want ${want.join(' or ')}, got ${got.join(', ') || 'nothing'}`);
      byKind.set(kind, k);
    }
    const recall = found / queries.length;
    const perKind = [...byKind].map(([kind, k]) => `${kind} ${k.found}/${k.n}`).join(', ');
    console.log(`search recall@3 = ${recall.toFixed(3)} (${found}/${queries.length}; first place ${firsts}; ${perKind})${misses.length ? `\n${misses.join('\n')}` : ''}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('ranks the same whatever the UI language', () => {
    for (const q of ['对齐', 'rlhf', 'duiqi', 'KV cache']) {
      const en = engine.search(q, { limit: 5, lang: 'en', width: 60 }).map((h) => h.ref);
      const zh = engine.search(q, { limit: 5, lang: 'zh', width: 60 }).map((h) => h.ref);
      expect(zh).toEqual(en);
    }
  });
});
