// Full-text search over the sections and the glossary, in both languages at once. Pure: the
// index is built here from the model (pinyin is passed in by the build side, so no pinyin
// library is loaded to answer a query), and queried here; the tokenizer is in search-terms.ts,
// the file format in search-file.ts, files on disk in src/io.
import type { SearchResult } from 'minisearch';
import { conceptNames, nameKey } from './glossary.js';
import { latexToUnicode, replaceMathSpans } from './math.js';
import { type Bilingual, type Concept, type Lang, type NotesModel, allSections } from './model.js';
import { IndexBuilder, SEARCH_INDEX_VERSION, SearchIndexFile, encodeSearchIndexChunks, fnv1a, storedRecord, type IndexReader, type SearchIndexData } from './search-file.js';
import { MAX_QUERY_CHARS, cjkRuns, glossaryDictionary, hasCjk, isCjkLetter, queryTerms, stem, tokenize, type Dictionary, type SearchDoc } from './search-terms.js';
import { sanitizeQuery } from './sanitize.js';

export * from './search-terms.js';
export { IndexBuilder, LayeredIndex, SEARCH_INDEX_VERSION, SearchIndexFile, fnv1a, storedRecord, type IndexReader, encodeSearchIndex, encodeSearchIndexChunks, type SearchIndexData } from './search-file.js';
import { codePointWidth, joinSoftBreaks } from './text.js';

// ---------------------------------------------------------------- plain text

/** Markdown and LaTeX to one line of readable text (for snippets and for the index). */
export function markdownToPlain(markdown: string): string {
  // Line by line, with patterns that cannot backtrack badly: notes of one's own can be huge.
  const lines: string[] = [];
  for (const raw of markdown.split('\n')) {
    const line = raw.replace(/^ {0,3}(?:#{1,6}\s+|>\s?)/, '').replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/, '');
    if (/^ {0,3}(?:```|~~~)/.test(raw)) continue; // code fences (the code itself stays)
    if (/^[\s|:-]*$/.test(line) && line.includes('---')) continue; // table rule
    lines.push(line);
  }
  let text = replaceMathSpans(lines.join('\n'), (latex) => latexToUnicode(latex));
  text = text
    .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]+)\]\([^)\n]*\)/g, '$1')
    .replace(/<\/?[a-z][^>\n]*>/gi, '')
    .replace(/`+/g, '')
    .replace(/\*\*|__|\*/g, '')
    .replace(/\|/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n');
  return joinSoftBreaks(text).replace(/\s+/g, ' ').trim();
}

/** The syllables of the Chinese characters in a text, without tones: 对齐 → [dui, qi]. */
export type PinyinSyllables = (text: string) => string[];

/** Pinyin spellings of a Chinese text: full (ü also typed v or u) and by initials. */
function pinyinSpellings(syllables: string[]): { full: string[]; initials: string[] } {
  const clean = syllables.map((s) => s.normalize('NFKC').toLowerCase().replace(/[^a-zü]/g, '')).filter(Boolean);
  if (!clean.length) return { full: [], initials: [] };
  const full = clean.join('');
  const fulls = new Set([full]);
  if (full.includes('ü')) {
    fulls.add(full.replace(/ü/g, 'v'));
    fulls.add(full.replace(/ü/g, 'u'));
  }
  const ok = (f: string) => f.length >= 2 && f.length <= 40;
  return { full: [...fulls].filter(ok), initials: [clean.map((s) => s[0]!).join('')].filter(ok) };
}

function pinyinForms(syllables: string[]): string[] {
  const { full, initials } = pinyinSpellings(syllables);
  return [...new Set([...full, ...initials])];
}

/**
 * Pinyin of the Chinese in a text (each run, and the glossary names inside long runs), and the
 * map back from each pinyin term to the Chinese it was made from, complete once every document
 * has been made. `known` carries the map of an index being updated.
 */
function pinyinCollector(dict: Dictionary, syllables: PinyinSyllables | undefined, known: Record<string, string[]> = {}) {
  const pinyinMap = new Map<string, Set<string>>(Object.entries(known).map(([k, v]) => [k, new Set(v)]));
  const formsCache = new Map<string, string[]>();
  const add = (chinese: string, out: string[]) => {
    let forms = formsCache.get(chinese);
    if (!forms) {
      forms = pinyinForms(syllables!(chinese));
      formsCache.set(chinese, forms);
      for (const form of forms) {
        const set = pinyinMap.get(form) ?? new Set<string>();
        set.add(chinese);
        pinyinMap.set(form, set);
      }
    }
    out.push(...forms);
  };
  return {
    pinyinOf(text: string): string[] {
      if (!syllables) return [];
      const out: string[] = [];
      for (const run of cjkRuns(text.normalize('NFKC'))) {
        add(run.text, out);
        if (run.text.length > 3) for (const t of tokenize(run.text, dict)) if (t.kind === 'dict' && t.term !== run.text) add(t.term, out);
      }
      return out;
    },
    map(): Record<string, string[]> {
      const out: Record<string, string[]> = {};
      for (const [k, v] of [...pinyinMap].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = [...v];
      return out;
    },
  };
}

/** A concept's id and names, as an index record keeps them. */
const conceptRow = (c: Concept): string[] => [c.id, c.en, c.zh, ...c.aliases];

/** Both languages, once when they are the same text (a folder of notes in one language). */
const both = (en: string, zh: string) => (en === zh ? [en] : [en, zh]);

function explainsByRef(model: NotesModel): Map<string, Concept[]> {
  const explains = new Map<string, Concept[]>();
  for (const c of model.concepts) explains.set(c.ref, [...(explains.get(c.ref) ?? []), c]);
  return explains;
}

type PinyinOf = (text: string) => string[];

function sectionDoc(id: string, title: Bilingual, concepts: Concept[], pinyinOf: PinyinOf, body: string[]): SearchDoc {
  return {
    id,
    names: concepts.flatMap(conceptNames).join('\n'),
    title: both(title.en, title.zh).join('\n'),
    pinyin: [...pinyinOf(title.zh), ...concepts.flatMap((c) => [c.zh, ...c.aliases]).flatMap(pinyinOf)].join(' '),
    body: body.join('\n'),
  };
}

function termDoc(id: string, c: Concept, pinyinOf: PinyinOf): SearchDoc {
  return {
    id,
    names: conceptNames(c).join('\n'),
    title: '',
    pinyin: [c.zh, ...c.aliases].flatMap(pinyinOf).join(' '),
    body: both(c.definition.en, c.definition.zh).join('\n'),
  };
}

/**
 * What the index of the bundled notes keeps of a document, so that a hit is shown from it and
 * the section's text alone (neither the notes' structure nor the glossary is read): the
 * concepts it is about; where it is read (title and chapter of its section, and a chapter's
 * summary on its first section); and for a term its definition and the ref of its section.
 */
export interface ModelRecord {
  c?: string[][];
  t?: Bilingual;
  n?: number;
  m?: Bilingual;
  d?: Bilingual;
  s?: string;
}

/**
 * The documents of the bundled notes (or a folder in the book layout), made one at a time,
 * and the pinyin map, complete once the documents have been consumed.
 */
export function buildSearchDocuments(model: NotesModel, syllables?: PinyinSyllables): { docs: Iterable<SearchDoc>; pinyin: () => Record<string, string[]> } {
  const collector = pinyinCollector(glossaryDictionary(model), syllables);
  const explains = explainsByRef(model);
  const sections = new Map(allSections(model).map((s) => [s.ref, s]));
  function* docs(): Generator<SearchDoc> {
    for (const chapter of model.chapters) {
      for (const s of chapter.sections) {
        const intro = s.depth === 0 ? both(chapter.summary.en, chapter.summary.zh) : [];
        const concepts = explains.get(s.ref) ?? [];
        const doc = sectionDoc(`s:${s.ref}`, s.title, concepts, collector.pinyinOf, [...intro, ...both(s.body.en, s.body.zh).map(markdownToPlain)]);
        const record: ModelRecord = { t: s.title, n: s.chapter, ...(s.depth === 0 ? { m: chapter.summary } : {}), ...(concepts.length ? { c: concepts.map(conceptRow) } : {}) };
        yield { ...doc, r: record };
      }
    }
    for (const c of model.concepts) {
      const s = sections.get(c.ref);
      const record: ModelRecord = { c: [conceptRow(c)], d: c.definition, s: c.ref, ...(s ? { t: s.title, n: s.chapter } : {}) };
      yield { ...termDoc(`t:${c.id}`, c, collector.pinyinOf), r: record };
    }
  }
  return { docs: docs(), pinyin: collector.map };
}

/** Build the index (at build time for the bundled notes; for a folder in the book layout on first use). */
export function buildSearchIndex(model: NotesModel, syllables?: PinyinSyllables): SearchIndexData {
  const { docs, pinyin } = buildSearchDocuments(model, syllables);
  const dict = glossaryDictionary(model);
  const index = new IndexBuilder(dict);
  for (const doc of docs) index.add(doc); // one at a time: the text of each is dropped after
  return { version: SEARCH_INDEX_VERSION, dict: [...dict].sort(), pinyin: pinyin(), exact: exactNames(model, syllables), index };
}

/** buildSearchIndex then encodeSearchIndexChunks, letting each stage's memory go as soon as it can. */
export function buildEncodedSearchIndex(model: NotesModel, syllables?: PinyinSyllables): Uint8Array[] {
  return encodeSearchIndexChunks(buildSearchIndex(model, syllables), { consume: true });
}

// ---------------------------------------------------------------- a folder's index, kept up to date
//
// In a folder of one's own, chapter numbers are positions (the 12th note in natural order is
// chapter 12), so they change whenever a note is added or removed. A folder's documents are
// therefore named by file and place (`s:notes/attention.md#2`), and each keeps a record of what
// it shows, with its ref minus the chapter number; the number is looked up at query time. When
// notes change, only the documents whose source changed are indexed again.

/** What a folder's index keeps of each document, to show a hit without compiling the notes. */
export interface DocRecord {
  /** The note file, and the section's place in it (0: the note itself, its text before the first heading). */
  p: string;
  k: number;
  /** The ref without the chapter number: '' for the note itself, '.2', '.2.1'. */
  x: string;
  /** The section's title. */
  t: string;
  /** The note's summary (frontmatter), kept with the note itself. */
  m?: string;
  /** The concepts the hit is about: [id, en, zh, ...aliases]. */
  c?: string[][];
  /** A term's definition. */
  d?: string;
  /** A hash of everything the document was made from: unchanged, it is not indexed again. */
  h: string;
}

/** What the folder side knows that the model does not. */
export interface FolderSource {
  /** "size:mtime" of a note file: a changed stamp means its sections are indexed again. */
  stampOf(path: string): string;
  /** The k-th section's text as written (links not rewritten: those hold chapter numbers). */
  textOf(path: string, k: number): string;
}

/** Enough to notice that a document's source changed. */
const hashOf = (text: string): string => fnv1a(text).toString(16);


interface PendingDoc {
  id: string;
  hash: string;
  make(): SearchDoc;
  exact(): [string, number][];
}

/** Where each section of a folder's model comes from: its file and place, by ref. */
function folderPlaces(model: NotesModel): Map<string, { path: string; k: number; x: string; title: string }> {
  const places = new Map<string, { path: string; k: number; x: string; title: string }>();
  for (const chapter of model.chapters) {
    chapter.sections.forEach((s, k) => {
      places.set(s.ref, { path: s.source.en.file, k, x: s.ref.slice(String(chapter.number).length), title: s.title.en });
    });
  }
  return places;
}

function folderDocuments(model: NotesModel, source: FolderSource, pinyinOf: PinyinOf, exactOf: ExactOf): PendingDoc[] {
  const explains = explainsByRef(model);
  const places = folderPlaces(model);
  const pending: PendingDoc[] = [];
  for (const chapter of model.chapters) {
    chapter.sections.forEach((s, k) => {
      const place = places.get(s.ref)!;
      const concepts = explains.get(s.ref) ?? [];
      const summary = k === 0 ? chapter.summary.en : '';
      const c = concepts.map(conceptRow);
      const id = `s:${place.path}#${k}`;
      const hash = hashOf(JSON.stringify([source.stampOf(place.path), place.x, s.title.en, summary, c]));
      pending.push({
        id, hash,
        make: () => {
          const record: DocRecord = { p: place.path, k, x: place.x, t: s.title.en, h: hash, ...(summary ? { m: summary } : {}), ...(c.length ? { c } : {}) };
          const text = markdownToPlain(source.textOf(place.path, k));
          return { ...sectionDoc(id, s.title, concepts, pinyinOf, summary ? [summary, text] : [text]), r: record };
        },
        exact: () => exactOf(s.title, concepts),
      });
    });
  }
  for (const concept of model.concepts) {
    const place = places.get(concept.ref);
    if (!place) continue;
    const id = `t:${concept.id}`;
    const row = conceptRow(concept);
    const hash = hashOf(JSON.stringify([place.path, place.k, place.x, place.title, row, concept.definition.en]));
    pending.push({
      id, hash,
      make: () => ({ ...termDoc(id, concept, pinyinOf), r: { p: place.path, k: place.k, x: place.x, t: place.title, c: [row], d: concept.definition.en, h: hash } satisfies DocRecord }),
      exact: () => exactOf(null, [concept]),
    });
  }
  return pending;
}

export interface FolderIndexUpdate {
  /** A whole new index, or a layer over the main index the update started from (see LayeredIndex). */
  kind: 'full' | 'layer';
  data: SearchIndexData;
  /** Documents indexed now, dropped, and kept from the old index. */
  counts: { added: number; removed: number; kept: number };
}

/** A layer may grow to this share of the main index's documents; then the two are merged. */
const LAYER_SHARE = 0.2;

/**
 * A folder's index, brought up to date with its notes. Only documents whose source changed
 * are indexed again: they go to a layer over the main index (`old`), which also names the
 * main's documents they replace. With no old index, a different glossary dictionary (it changes
 * how every text is cut into terms), or a layer grown past LAYER_SHARE, a whole index is made.
 */
export function updateFolderIndex(
  model: NotesModel,
  source: FolderSource,
  old: { main: SearchIndexFile; layer: SearchIndexFile | null } | null,
  syllables?: PinyinSyllables,
  onProgress?: (done: number, total: number) => void,
): FolderIndexUpdate {
  const dict = glossaryDictionary(model);
  const dictList = [...dict].sort();
  const sameDict = (header: { dict: string[] }) => header.dict.length === dictList.length && header.dict.every((w, i) => w === dictList[i]);
  const collector = pinyinCollector(dict, syllables);
  const exact = exactCollector(syllables);
  const pending = folderDocuments(model, source, collector.pinyinOf, exact.entriesOf);
  const counts = { added: 0, removed: 0, kept: 0 };
  const wanted = new Map(pending.map((d) => [d.id, d]));
  const stays = (id: string, hash: string) => wanted.get(id)?.hash === hash;
  const addAll = (index: IndexBuilder, docs: PendingDoc[]) => {
    for (const doc of docs) {
      index.add(doc.make());
      exact.add(doc.id, doc.exact());
      onProgress?.(++counts.added, docs.length);
    }
  };

  if (old && sameDict(old.main.header) && (!old.layer || sameDict(old.layer.header))) {
    const main = old.main.documentTable();
    const discarded = new Map<number, string>(old.layer?.header.discarded ?? []);
    const layer = old.layer ? old.layer.loadAll(dict) : new IndexBuilder(dict, old.main.header.base.nextId);
    const live = new Set<string>();
    main.ids.forEach((id, i) => {
      const short = main.shorts[i]!;
      if (discarded.has(short)) return;
      if (stays(id, main.hashes[i]!)) live.add(id);
      else {
        discarded.set(short, id);
        counts.removed++;
      }
    });
    const layerTable = old.layer?.documentTable() ?? { shorts: [], ids: [], hashes: [] };
    const keptInLayer = new Set<string>();
    layerTable.ids.forEach((id, i) => {
      if (stays(id, layerTable.hashes[i]!)) keptInLayer.add(id);
      else {
        layer.discard(id);
        counts.removed++;
      }
    });
    const fresh = pending.filter((d) => !live.has(d.id) && !keptInLayer.has(d.id));
    counts.kept = live.size + keptInLayer.size;
    if (discarded.size + keptInLayer.size + fresh.length <= LAYER_SHARE * main.ids.length) {
      // The layer's maps: what it had for the documents it keeps, and those of the new ones.
      const oldExact = old.layer?.wholeMap<[string, number][]>('#exact') ?? {};
      for (const [key, list] of Object.entries(oldExact)) for (const [id, factor] of list) if (keptInLayer.has(id)) exact.addOne(key, id, factor);
      addAll(layer, fresh);
      const pinyin = { ...(old.layer?.wholeMap<string[]>('#pinyin') ?? {}) };
      for (const [k, v] of Object.entries(collector.map())) pinyin[k] = [...new Set([...(pinyin[k] ?? []), ...v])];
      // Statistics of the whole: the main's, less the documents discarded, plus the layer's.
      const whole = { ...old.main.header.totals, sums: [...old.main.header.totals.sums] };
      const gone = old.main.documents(discarded.keys()).fieldLength;
      for (const lengths of Object.values(gone)) lengths.forEach((n, f) => (whole.sums[f]! -= n ?? 0));
      whole.count -= Object.keys(gone).length;
      const own = layer.totals();
      whole.count += own.count;
      own.sums.forEach((n, f) => (whole.sums[f]! += n));
      const data: SearchIndexData = { version: SEARCH_INDEX_VERSION, dict: dictList, pinyin, exact: exact.map(), index: layer, layer: { whole, discarded: [...discarded] } };
      return { kind: 'layer', data, counts };
    }
    // Merge: the main, less what left it, plus everything else indexed now (the layer's too).
    counts.kept -= keptInLayer.size;
    const index = old.main.loadAll(dict);
    for (const id of discarded.values()) index.discard(id);
    const inMain = new Set(index.documentIds());
    const oldExact = old.main.wholeMap<[string, number][]>('#exact');
    for (const [key, list] of Object.entries(oldExact)) for (const [id, factor] of list) if (inMain.has(id)) exact.addOne(key, id, factor);
    const pinyin = old.main.wholeMap<string[]>('#pinyin');
    addAll(index, pending.filter((d) => !inMain.has(d.id)));
    for (const [k, v] of Object.entries(collector.map())) pinyin[k] = [...new Set([...(pinyin[k] ?? []), ...v])];
    return { kind: 'full', data: { version: SEARCH_INDEX_VERSION, dict: dictList, pinyin, exact: exact.map(), index }, counts };
  }

  const index = new IndexBuilder(dict);
  addAll(index, pending);
  return { kind: 'full', data: { version: SEARCH_INDEX_VERSION, dict: dictList, pinyin: collector.map(), exact: exact.map(), index }, counts };
}

/** The exact-name entries of one document: [name key, score factor]. */
type ExactOf = (title: Bilingual | null, concepts: Concept[]) => [string, number][];

/**
 * Documents spelled exactly like a query get a bonus: a concept one of whose names is the query
 * and the section that explains it (×2), a section whose title is the query (×1.5), the pinyin
 * of a concept's Chinese name (×2; by initials ×1.5). Computed at build time, document by
 * document, so that a query does not fold a thousand names.
 */
function exactCollector(syllables?: PinyinSyllables) {
  const exact = new Map<string, Map<string, number>>();
  const pinyinCache = new Map<string, [string, number][]>();
  const addOne = (key: string, id: string, factor: number) => {
    if (!key) return;
    const ids = exact.get(key) ?? new Map<string, number>();
    ids.set(id, Math.max(ids.get(id) ?? 0, factor));
    exact.set(key, ids);
  };
  const pinyinOfName = (zhName: string): [string, number][] => {
    let forms = pinyinCache.get(zhName);
    if (!forms) {
      const zh = cjkRuns(zhName.normalize('NFKC')).map((r) => r.text).join('');
      const { full, initials } = syllables && zh ? pinyinSpellings(syllables(zh)) : { full: [], initials: [] };
      pinyinCache.set(zhName, (forms = [...full.map((f): [string, number] => [f, 2]), ...initials.map((f): [string, number] => [f, 1.5])]));
    }
    return forms;
  };
  const entriesOf: ExactOf = (title, concepts) => {
    const out: [string, number][] = [];
    if (title) for (const t of both(title.en, title.zh)) out.push([nameKey(t), 1.5]);
    for (const c of concepts) {
      for (const name of conceptNames(c)) out.push([nameKey(name), 2]);
      out.push(...pinyinOfName(c.zh));
    }
    return out;
  };
  return {
    entriesOf,
    addOne,
    add: (id: string, entries: [string, number][]) => {
      for (const [key, factor] of entries) addOne(key, id, factor);
    },
    map: (): Record<string, [string, number][]> => {
      const out: Record<string, [string, number][]> = {};
      for (const [key, ids] of exact) out[key] = [...ids];
      return out;
    },
  };
}

/** The exact-name map of the bundled notes (or a folder in the book layout): see exactCollector. */
export function exactNames(model: NotesModel, syllables?: PinyinSyllables): Record<string, [string, number][]> {
  const exact = exactCollector(syllables);
  const explains = explainsByRef(model);
  for (const s of allSections(model)) exact.add(`s:${s.ref}`, exact.entriesOf(s.title, explains.get(s.ref) ?? []));
  for (const c of model.concepts) exact.add(`t:${c.id}`, exact.entriesOf(null, [c]));
  return exact.map();
}


// ---------------------------------------------------------------- query

/** What a query becomes before searching: printable, one line, at most MAX_QUERY_CHARS. */
export function normalizeQuery(raw: string): string {
  return sanitizeQuery(raw, MAX_QUERY_CHARS).replace(/\s+/g, ' ').trim();
}

export interface Snippet {
  text: string;
  /** Highlighted ranges in `text` (UTF-16 offsets, sorted, not overlapping). */
  marks: [number, number][];
}

export interface SearchHit {
  kind: 'section' | 'term';
  ref: string;
  chapter: number;
  /** The section's title in the requested language. */
  title: string;
  /** The glossary name (or the word) that matched. */
  term: string | null;
  conceptId: string | null;
  snippet: Snippet;
  snippetLang: Lang;
  score: number;
}

export interface SearchRequest {
  limit: number;
  chapter?: number;
  lang: Lang;
  /** Display columns for the snippet. */
  width: number;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

const WORD_CHAR_LATIN = /[a-z0-9\u00c0-\u024f]/;
const HYPHEN_CHARS = '-\u2010\u2011';

function occurrences(haystack: string, needle: string, found: (at: number) => void): void {
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) found(i);
}

/**
 * Where in `text` the matched terms stand: words (compared after stemming), hyphenated
 * compounds, glossary names, runs of matched bigrams at least `minCjkRun` characters long, and
 * the Chinese behind a pinyin match. Finds each term with indexOf rather than tokenizing the
 * text: this runs on the body of every hit at query time.
 */
export function matchRanges(text: string, matched: ReadonlySet<string>, opts: { minCjkRun: number; literals?: string[] }): [number, number][] {
  const ranges: [number, number][] = [];
  const bigrams: [number, number][] = [];
  const lower = text.toLowerCase();
  const source = lower.length === text.length ? lower : text;
  const isWordChar = (i: number) => i >= 0 && i < source.length && WORD_CHAR_LATIN.test(source[i]!);
  const isHyphen = (i: number) => i >= 0 && i < source.length && HYPHEN_CHARS.includes(source[i]!);
  const literals = [...(opts.literals ?? [])];
  for (const term of matched) {
    if (hasCjk(term)) {
      if (term.length >= 3) literals.push(term); // a glossary name, found whole
      else occurrences(text, term, (i) => bigrams.push([i, i + term.length]));
      continue;
    }
    // A word starting here whose stem is the term, or a hyphenated compound that joins to it.
    const tryAt = (i: number) => {
      if (isWordChar(i - 1)) return;
      let end = i;
      while (isWordChar(end)) end++;
      let compoundEnd = end;
      while (isHyphen(compoundEnd) && isWordChar(compoundEnd + 1)) {
        compoundEnd++;
        while (isWordChar(compoundEnd)) compoundEnd++;
      }
      const compound = source.slice(i, compoundEnd);
      if (compoundEnd > end && stem(compound.replace(/[-\u2010\u2011]/g, '')) === term) ranges.push([i, compoundEnd]);
      else if (stem(source.slice(i, end)) === term) ranges.push([i, end]);
    };
    const before = ranges.length;
    // By the first letters: the stem of `strategies` is `strategy`, not a substring of it.
    occurrences(source, term.slice(0, Math.min(term.length, 4)), tryAt);
    // A compound's joined form (pretraining) is spelled with a hyphen in the text (pre-training).
    if (ranges.length === before && term.length > 4) {
      const pattern = new RegExp([...term].join(`[${HYPHEN_CHARS}]?`), 'gu');
      for (const m of source.matchAll(pattern)) tryAt(m.index!);
    }
  }
  for (const r of mergeRanges(bigrams)) if (r[1] - r[0] >= opts.minCjkRun) ranges.push(r);
  for (const lit of literals) if (lit) occurrences(text, lit, (i) => ranges.push([i, i + lit.length]));
  return mergeRanges(ranges);
}

/**
 * A window of `text` at most `width` display columns wide around the best match, with `…`
 * where it was cut. Cuts between code points, so CJK and emoji are never split.
 */
export function makeSnippet(text: string, ranges: [number, number][], width: number): Snippet {
  const w = Math.max(8, Math.floor(width));
  const cpAt = (i: number) => text.codePointAt(i)!;
  const lenAt = (i: number) => (cpAt(i) > 0xffff ? 2 : 1);
  /** Offset of the code point that ends at `i`. */
  const back = (i: number) => (i >= 2 && /[\udc00-\udfff]/.test(text[i - 1]!) && /[\ud800-\udbff]/.test(text[i - 2]!) ? i - 2 : i - 1);
  const isWordChar = (i: number) => i >= 0 && i < text.length && /\S/.test(text[i]!) && !isCjkLetter(String.fromCodePoint(cpAt(i)));

  let start = 0;
  if (ranges.length) {
    const best = ranges.reduce((a, b) => (b[1] - b[0] > a[1] - a[0] ? b : a));
    const anchor = best[0];
    let matchWidth = 0;
    for (let i = anchor; i < best[1] && matchWidth < w; i += lenAt(i)) matchWidth += codePointWidth(cpAt(i));
    // Some context before the match: a quarter of the line, less if the match is long.
    let lead = Math.max(0, Math.min(Math.floor(w / 4), w - 2 - matchWidth));
    start = anchor;
    while (start > 0) {
      const prev = back(start);
      const cw = codePointWidth(cpAt(prev));
      if (lead - cw < 0) break;
      lead -= cw;
      start = prev;
    }
    // Do not start in the middle of a word.
    if (start > 0 && isWordChar(start - 1)) {
      let k = start;
      while (k < anchor && isWordChar(k)) k++;
      if (k < anchor) start = k;
    }
    while (start > 0 && start < anchor && text[start] === ' ') start++;
  }
  const prefix = start > 0 ? '…' : '';
  const budget = w - prefix.length;
  let end = start;
  let used = 0;
  while (end < text.length) {
    const cw = codePointWidth(cpAt(end));
    if (used + cw > budget) break;
    used += cw;
    end += lenAt(end);
  }
  const cut = end < text.length;
  if (cut) {
    // Room for the closing `…`.
    while (end > start && used + 1 > budget) {
      const prev = back(end);
      used -= codePointWidth(cpAt(prev));
      end = prev;
    }
    while (end > start && /\s/.test(text[end - 1]!)) end--;
  }
  const out = prefix + text.slice(start, end) + (cut ? '…' : '');
  const shift = prefix.length - start;
  const marks: [number, number][] = [];
  for (const [a, b] of ranges) {
    const s0 = Math.max(a, start);
    const e0 = Math.min(b, end);
    if (e0 > s0) marks.push([s0 + shift, e0 + shift]);
  }
  return { text: out, marks };
}

/** The names of a concept a hit is about. */
interface ConceptNames {
  id: string;
  en: string;
  zh: string;
  aliases: string[];
}

/** What a search result shows: where to read, under which title, about which concepts. */
export interface HitTarget {
  kind: 'section' | 'term';
  ref: string;
  chapter: number;
  title: Bilingual;
  /** Concepts this hit is about: the term itself, or the concepts a section explains. */
  explains: ConceptNames[];
  /** The hit's text in one language, as Markdown: the definition, or the section body. */
  markdown(lang: Lang): string;
}

/** Turns a document of the index into what a hit shows. */
export interface HitSource {
  /** Null for a document that no longer exists (an index older than the notes). */
  target(id: string, record: unknown): HitTarget | null;
}

/** The texts of the sections a HitSource shows, by ref. */
export interface SectionTexts {
  /** Whether the notes still have this section (an index can be older than the notes). */
  has(ref: string): boolean;
  body(ref: string): Bilingual;
}

/**
 * Hits of the bundled notes (or a folder in the book layout): documents named by ref, shown
 * from the records the index keeps (see ModelRecord) and the sections' texts.
 */
export function recordHits(texts: SectionTexts): HitSource {
  return {
    target(id, record) {
      const r = (record ?? {}) as ModelRecord;
      const term = id.startsWith('t:');
      const ref = term ? r.s : id.slice(2);
      if (!ref || !r.t || r.n === undefined || !texts.has(ref)) return null;
      const { d, m } = r;
      return {
        kind: term ? 'term' : 'section', ref, chapter: r.n, title: r.t,
        explains: conceptsOf(r.c),
        markdown: (lang) => (term ? d?.[lang] ?? '' : m ? `${m[lang]}\n\n${texts.body(ref)[lang]}` : texts.body(ref)[lang]),
      };
    },
  };
}

/** recordHits with the texts of a notes model. */
export function modelHits(model: NotesModel): HitSource {
  const sections = new Map(allSections(model).map((s) => [s.ref, s]));
  return recordHits({ has: (ref) => sections.has(ref), body: (ref) => sections.get(ref)!.body });
}

const conceptsOf = (rows: string[][] | undefined): ConceptNames[] => (rows ?? []).map(([id, en, zh, ...aliases]) => ({ id: id!, en: en!, zh: zh!, aliases }));

/**
 * Hits of a folder's index, shown from the records it keeps (see DocRecord), without the notes:
 * `chapterOf` numbers the notes as they are now, `textOf` reads a section's text.
 */
export function folderHits(chapterOf: (path: string) => number | undefined, textOf: (record: DocRecord) => string): HitSource {
  return {
    target(id, record) {
      const r = record as DocRecord | undefined;
      const chapter = r && chapterOf(r.p);
      if (!r || chapter === undefined) return null;
      const concepts = conceptsOf(r.c);
      const term = id.startsWith('t:');
      const markdown = () => (term ? r.d ?? '' : r.m ? `${r.m}\n\n${textOf(r)}` : textOf(r));
      return { kind: term ? 'term' : 'section', ref: `${chapter}${r.x}`, chapter, title: { en: r.t, zh: r.t }, explains: concepts, markdown };
    },
  };
}

/** Which of a concept's names the query hit: the one holding the most matched terms. */
function bestName(c: ConceptNames, matched: ReadonlySet<string>, queryKey: string, lang: Lang): { name: string; hits: number } {
  let best = { name: c[lang], hits: 0 };
  for (const name of [c[lang], lang === 'en' ? c.zh : c.en, ...c.aliases]) {
    const key = nameKey(name);
    if (key === queryKey) return { name, hits: 1000 };
    let hits = 0;
    for (const term of matched) if (key.includes(term)) hits++;
    if (hits > best.hits) best = { name, hits };
  }
  return best;
}

/**
 * The snippet for a hit in one language, from its best paragraph: the one whose Markdown holds
 * the most matches. Only that paragraph (and what follows, to fill the line) is turned into
 * plain text, so a query converts a few formulas rather than every formula of every hit.
 */
export function snippetFor(markdown: string, matched: ReadonlySet<string>, opts: { minCjkRun: number; literals?: string[] }, width: number): { snippet: Snippet; found: boolean } {
  // Weigh the matches by paragraph (blank-line separated) and take the heaviest paragraph.
  const paragraphStart = (at: number) => {
    const i = markdown.lastIndexOf('\n\n', at);
    return i < 0 ? 0 : i + 2;
  };
  const weights = new Map<number, number>();
  for (const [a, b] of matchRanges(markdown, matched, opts)) {
    const start = paragraphStart(a);
    weights.set(start, (weights.get(start) ?? 0) + (b - a) + 4);
  }
  let best = -1;
  for (const [start, w] of weights) if (best < 0 || w > weights.get(best)!) best = start;
  let text = '';
  for (let at = Math.max(0, best); at < markdown.length && text.length < width * 3; ) {
    const end = markdown.indexOf('\n\n', at);
    const plain = markdownToPlain(markdown.slice(at, end < 0 ? markdown.length : end));
    if (plain) text = text ? `${text} ${plain}` : plain;
    if (end < 0) break;
    at = end + 2;
  }
  const ranges = best >= 0 ? matchRanges(text, matched, opts) : [];
  return { snippet: makeSnippet(text, ranges, width), found: ranges.length > 0 };
}

export class NotesSearch {
  private readonly source: HitSource;
  private readonly dict: Set<string>;

  /** Over the notes model (documents named by ref), or over any source of hits (a folder's index). */
  constructor(notes: NotesModel | HitSource, private readonly file: IndexReader) {
    this.source = 'target' in notes ? notes : modelHits(notes);
    this.dict = new Set(file.header.dict);
  }

  search(rawQuery: string, req: SearchRequest): SearchHit[] {
    const query = normalizeQuery(rawQuery);
    const terms = query ? queryTerms(query, this.dict) : [];
    if (!terms.length) return [];
    const queryKey = nameKey(query);
    let results: SearchResult[];
    try {
      results = this.file.miniSearchFor(terms, this.dict).search(query);
    } catch {
      return [];
    }
    const exact = this.file.exact(queryKey);
    // `dui qi` is spelled like `duiqi`.
    if (queryKey.includes(' ') && /^[a-z ]+$/.test(queryKey)) for (const [id, f] of this.file.exact(queryKey.replace(/ /g, ''))) exact.set(id, Math.max(f, exact.get(id) ?? 0));
    const ranked: { r: SearchResult; score: number }[] = results.map((r) => ({ r, score: r.score * (exact.get(String(r.id)) ?? 1) }));
    // Equal scores in the order of the notes (document ids), not of indexing: an updated index ranks as a new one.
    ranked.sort((a, b) => b.score - a.score || (String(a.r.id) < String(b.r.id) ? -1 : String(a.r.id) > String(b.r.id) ? 1 : 0));

    const queryRuns = cjkRuns(query.normalize('NFKC')).map((r) => r.text);
    const queryCjkRun = Math.max(0, ...queryRuns.map((r) => [...r].length));
    const minCjkRun = Math.max(1, Math.min(3, queryCjkRun));
    // A one-character query (词) matches the bigrams that start with it: mark the character only.
    const singles = queryCjkRun === 1 ? queryRuns : [];
    const seen = new Set<string>();
    const hits: SearchHit[] = [];
    for (const { r, score } of ranked) {
      if (hits.length >= req.limit) break;
      // Targets are made in rank order, and only until the page is full: a folder's hit reads its text.
      const t = this.source.target(String(r.id), storedRecord(r as { r?: unknown }));
      if (!t) continue; // an index older than the notes: skip what no longer exists
      if (req.chapter !== undefined && t.chapter !== req.chapter) continue;
      if (seen.has(t.ref)) continue; // one result per place to read: the best-scoring one
      seen.add(t.ref);
      const matched = new Set(singles.length ? r.terms.filter((term) => !hasCjk(term)) : r.terms);
      const viaPinyin = Object.entries(r.match).filter(([, fields]) => fields.includes('pinyin')).map(([term]) => term);
      const literals = [...singles, ...viaPinyin.flatMap((term) => this.file.pinyinSources(term))];
      const opts = { minCjkRun, literals };
      const other: Lang = req.lang === 'en' ? 'zh' : 'en';
      let snippetLang = req.lang;
      let { snippet, found } = snippetFor(t.markdown(req.lang), matched, opts, req.width);
      if (!found) {
        const alt = snippetFor(t.markdown(other), matched, opts, req.width);
        if (alt.found) [snippetLang, snippet] = [other, alt.snippet];
      }
      const named = t.explains
        .map((c) => ({ c, ...bestName(c, new Set(r.terms), queryKey, req.lang) }))
        .filter((x) => x.hits > 0 || t.kind === 'term')
        .sort((a, b) => b.hits - a.hits)[0];
      const firstMark = snippet.marks[0];
      const term = named ? named.name : firstMark ? snippet.text.slice(firstMark[0], firstMark[1]) : null;
      hits.push({
        kind: t.kind,
        ref: t.ref,
        chapter: t.chapter,
        title: t.title[req.lang],
        term,
        conceptId: named?.c.id ?? null,
        snippet,
        snippetLang,
        score: Math.round(score * 1000) / 1000,
      });
    }
    return hits;
  }
}
