// Full-text search over the sections and the glossary, in both languages at once. Pure: the
// index is built here from the model (pinyin is passed in by the build side, so no pinyin
// library is loaded to answer a query), and loaded and queried here; files live in src/io.
//
// Terms: English words (lower-case, NFKC, a light plural stemmer, hyphenated compounds also
// joined: pre-training → pre, training, pretraining); Chinese as overlapping bigrams plus every
// glossary name found inside the text (Intl.Segmenter cuts 预训练 and 思维链 apart, bigrams and
// the glossary as a dictionary do not); pinyin of glossary names and Chinese headings, full and by
// initials, in a field of its own. Fields are weighted (names > pinyin, title > body), BM25.
import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import { conceptNames, nameKey } from './glossary.js';
import { latexToUnicode, replaceMathSpans } from './math.js';
import { type Concept, type Lang, type NotesModel, type Section, allSections } from './model.js';
import { sanitizeQuery } from './sanitize.js';
import { codePointWidth, joinSoftBreaks } from './text.js';

/** Bump when the tokenizer or the documents change: older cached indexes are then rebuilt. */
export const SEARCH_INDEX_VERSION = 3;
export const MAX_QUERY_CHARS = 200;
const MAX_QUERY_TERMS = 48;
const MAX_DICT_WORD = 16;

// ---------------------------------------------------------------- tokenizer

export type TokenKind = 'word' | 'joined' | 'cjk' | 'dict';

export interface Token {
  term: string;
  /** UTF-16 offsets in the text that was tokenized. */
  start: number;
  end: number;
  kind: TokenKind;
}

const CJK_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const HYPHENS = new Set(['-', '\u2010', '\u2011']);
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'is', 'are', 'was', 'were', 'be', 'been', 'by', 'as',
  'at', 'it', 'its', 'this', 'that', 'these', 'those', 'with', 'from', 'into', 'than', 'then', 'so', 'such', 'which',
  'can', 'do', 'does', 'we', 'our', 'you', 'your', 'they', 'their', 'how', 'what', 'why', 'when', 's', 't',
]);

export function isCjkLetter(ch: string): boolean {
  return CJK_LETTER.test(ch);
}

export function hasCjk(text: string): boolean {
  return CJK_LETTER.test(text);
}

/** Light English stemming, the same on both sides of the index: models → model, strategies → strategy. */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Glossary names used to find Chinese words inside running text (three characters or more). */
export type Dictionary = ReadonlySet<string>;

export function glossaryDictionary(model: NotesModel): Set<string> {
  const dict = new Set<string>();
  for (const c of model.concepts) {
    for (const name of [c.zh, ...c.aliases]) {
      for (const run of cjkRuns(name.normalize('NFKC'))) if ([...run.text].length >= 3 && [...run.text].length <= MAX_DICT_WORD) dict.add(run.text);
    }
  }
  return dict;
}

function cjkRuns(text: string): { text: string; start: number }[] {
  const runs: { text: string; start: number }[] = [];
  for (const m of text.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu)) runs.push({ text: m[0], start: m.index! });
  return runs;
}

type Emit = (term: string, start: number, end: number, kind: TokenKind) => void;

/**
 * The tokenizer proper: one pass over the text, calling `emit` for every term with its
 * position. Each character is normalised on its own (NFKC, lower case) so that positions stay
 * those of the original text. Written to allocate little: it runs over every note at index time.
 */
function scan(text: string, dict: Dictionary, emit: Emit): void {
  let word = ''; // the current word, normalised
  let wordStart = -1;
  let wordEnd = -1;
  let parts: string[] = []; // words of the current hyphenated compound
  let compoundStart = -1;
  let compoundEnd = -1;
  let pendingHyphen = false;
  let cjk: string[] = []; // normalised characters of the current Chinese run
  let cjkAt: number[] = []; // their start offsets, then the run's end offset

  const endCompound = () => {
    if (parts.length > 1) {
      const joined = stem(parts.join(''));
      if (joined.length <= 40) emit(joined, compoundStart, compoundEnd, 'joined');
    }
    parts = [];
  };
  const flushWord = (hyphenFollows: boolean) => {
    if (word) {
      if (!STOP_WORDS.has(word) && word.length <= 40) emit(stem(word), wordStart, wordEnd, 'word');
      if (parts.length && pendingHyphen) {
        parts.push(word);
        compoundEnd = wordEnd;
      } else {
        endCompound();
        parts = [word];
        compoundStart = wordStart;
        compoundEnd = wordEnd;
      }
      word = '';
    }
    if (!hyphenFollows) endCompound();
    pendingHyphen = false;
  };
  const flushCjk = (end: number) => {
    const n = cjk.length;
    if (!n) return;
    cjkAt.push(end);
    if (n === 1) emit(cjk[0]!, cjkAt[0]!, cjkAt[1]!, 'cjk');
    for (let i = 0; i + 1 < n; i++) emit(cjk[i]! + cjk[i + 1]!, cjkAt[i]!, cjkAt[i + 2]!, 'cjk');
    if (dict.size && n >= 3) {
      for (let i = 0; i + 3 <= n; i++) {
        let s = cjk[i]! + cjk[i + 1]!;
        for (let j = i + 2; j < n && j - i < MAX_DICT_WORD; j++) {
          s += cjk[j]!;
          if (dict.has(s)) emit(s, cjkAt[i]!, cjkAt[j + 1]!, 'dict');
        }
      }
    }
    cjk = [];
    cjkAt = [];
  };

  const length = text.length;
  for (let offset = 0; offset < length; ) {
    const start = offset;
    const code = text.charCodeAt(offset);
    if (code < 0x80) {
      // ASCII fast path: most of the text.
      offset++;
      const isLetter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
      if (isLetter) {
        if (cjk.length) flushCjk(start);
        if (!word) wordStart = start;
        word += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[start]!;
        wordEnd = offset;
      } else if (code === 45 && word) {
        flushWord(true);
        pendingHyphen = true;
      } else {
        flushWord(false);
        if (cjk.length) flushCjk(start);
      }
      continue;
    }
    const cp = text.codePointAt(offset)!;
    offset += cp > 0xffff ? 2 : 1;
    const ch = cp > 0xffff ? String.fromCodePoint(cp) : text[start]!;
    const n = ch.normalize('NFKC').toLowerCase();
    if (n !== '' && CJK_LETTER.test(n)) {
      flushWord(false);
      cjk.push(n);
      cjkAt.push(start);
    } else if (n !== '' && WORD_CHAR.test(n[0]!)) {
      if (cjk.length) flushCjk(start);
      if (!word) wordStart = start;
      word += n;
      wordEnd = offset;
    } else if (HYPHENS.has(ch) && word) {
      flushWord(true);
      pendingHyphen = true;
    } else {
      flushWord(false);
      if (cjk.length) flushCjk(start);
    }
  }
  flushWord(false);
  flushCjk(length);
}

/** Split text into search terms with their positions (UTF-16 offsets in `text`). */
export function tokenize(text: string, dict: Dictionary = new Set()): Token[] {
  const tokens: Token[] = [];
  scan(text, dict, (term, start, end, kind) => tokens.push({ term, start, end, kind }));
  return tokens;
}

/** Just the terms, for the index. */
export function indexTerms(text: string, dict: Dictionary = new Set()): string[] {
  const terms: string[] = [];
  scan(text, dict, (term) => terms.push(term));
  return terms;
}

function isAsciiTerm(term: string): boolean {
  return /^[a-z0-9]+$/.test(term);
}

/** Terms of a query: its tokens, plus `dui qi` → `duiqi` for short runs of Latin words. */
export function queryTerms(query: string, dict: Dictionary): string[] {
  const tokens = tokenize(query, dict);
  const terms = tokens.map((t) => t.term);
  const words = query.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length >= 2 && words.length <= 4 && words.every((w) => /^[a-z]{1,8}$/.test(w))) terms.push(words.join(''));
  return [...new Set(terms)].slice(0, MAX_QUERY_TERMS);
}

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

// ---------------------------------------------------------------- documents

export interface SearchDoc {
  /** `s:<ref>` for a section, `t:<concept id>` for a glossary term. */
  id: string;
  names: string;
  title: string;
  pinyin: string;
  body: string;
}

/** The syllables of the Chinese characters in a text, without tones: 对齐 → [dui, qi]. */
export type PinyinSyllables = (text: string) => string[];

/** The index as built, before it is written in shards (see encodeSearchIndex). */
export interface SearchIndexData {
  version: number;
  /** The glossary dictionary the index was built with (Chinese names of three characters or more). */
  dict: string[];
  /** Pinyin term → the Chinese text it was made from, to highlight a pinyin match. */
  pinyin: Record<string, string[]>;
  /** nameKey of every glossary name and section title → [document id, score factor] pairs. */
  exact: Record<string, [string, number][]>;
  index: AsPlainObject;
}

const FIELDS = ['names', 'title', 'pinyin', 'body'] as const;
const BOOST: Record<(typeof FIELDS)[number], number> = { names: 6, title: 3, pinyin: 4, body: 1 };

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
 * The documents to index, made one at a time (a folder of one's own can hold tens of megabytes
 * of notes), and the pinyin map, complete once the documents have been consumed.
 */
export function buildSearchDocuments(model: NotesModel, syllables?: PinyinSyllables): { docs: Iterable<SearchDoc>; pinyin: () => Record<string, string[]> } {
  const dict = glossaryDictionary(model);
  const pinyinMap = new Map<string, Set<string>>();
  const formsCache = new Map<string, string[]>();
  const pinyinOf = (text: string): string[] => {
    if (!syllables) return [];
    const out: string[] = [];
    const add = (chinese: string) => {
      let forms = formsCache.get(chinese);
      if (!forms) {
        forms = pinyinForms(syllables(chinese));
        formsCache.set(chinese, forms);
        for (const form of forms) {
          const set = pinyinMap.get(form) ?? new Set<string>();
          set.add(chinese);
          pinyinMap.set(form, set);
        }
      }
      out.push(...forms);
    };
    for (const run of cjkRuns(text.normalize('NFKC'))) {
      add(run.text);
      if (run.text.length > 3) for (const t of tokenize(run.text, dict)) if (t.kind === 'dict' && t.term !== run.text) add(t.term);
    }
    return out;
  };
  /** Both languages, once when they are the same text (a folder of notes in one language). */
  const both = (en: string, zh: string) => (en === zh ? [en] : [en, zh]);

  const explains = new Map<string, Concept[]>();
  for (const c of model.concepts) explains.set(c.ref, [...(explains.get(c.ref) ?? []), c]);

  function* docs(): Generator<SearchDoc> {
    for (const chapter of model.chapters) {
      for (const s of chapter.sections) {
        const concepts = explains.get(s.ref) ?? [];
        const intro = s.depth === 0 ? both(chapter.summary.en, chapter.summary.zh) : [];
        yield {
          id: `s:${s.ref}`,
          names: concepts.flatMap(conceptNames).join('\n'),
          title: both(s.title.en, s.title.zh).join('\n'),
          pinyin: [...pinyinOf(s.title.zh), ...concepts.flatMap((c) => [c.zh, ...c.aliases]).flatMap(pinyinOf)].join(' '),
          body: [...intro, ...both(s.body.en, s.body.zh).map(markdownToPlain)].join('\n'),
        };
      }
    }
    for (const c of model.concepts) {
      yield {
        id: `t:${c.id}`,
        names: conceptNames(c).join('\n'),
        title: '',
        pinyin: [c.zh, ...c.aliases].flatMap(pinyinOf).join(' '),
        body: both(c.definition.en, c.definition.zh).join('\n'),
      };
    }
  }
  const pinyin = () => {
    const out: Record<string, string[]> = {};
    for (const [k, v] of [...pinyinMap].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = [...v];
    return out;
  };
  return { docs: docs(), pinyin };
}

function indexOptions(dict: Dictionary): Options<SearchDoc> {
  return {
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text) => indexTerms(text, dict),
    processTerm: (term) => term,
    searchOptions: {
      boost: { ...BOOST },
      tokenize: (text) => queryTerms(text, dict),
      processTerm: (term) => term,
      combineWith: 'OR',
      prefix: (term) => (isAsciiTerm(term) ? term.length >= 3 : [...term].length === 1 && hasCjk(term)),
      fuzzy: (term) => (isAsciiTerm(term) && !/\d/.test(term) ? (term.length >= 8 ? 2 : term.length >= 4 ? 1 : false) : false),
      weights: { fuzzy: 0.3, prefix: 0.4 },
    },
  };
}

/** Build the index (at build time for the bundled notes, on first use for a folder). */
export function buildSearchIndex(model: NotesModel, syllables?: PinyinSyllables): SearchIndexData {
  const { docs, pinyin } = buildSearchDocuments(model, syllables);
  const dict = glossaryDictionary(model);
  const mini = new MiniSearch<SearchDoc>(indexOptions(dict));
  for (const doc of docs) mini.add(doc); // one at a time: the text of each is dropped after
  return { version: SEARCH_INDEX_VERSION, dict: [...dict].sort(), pinyin: pinyin(), exact: exactNames(model, syllables), index: mini.toJSON() };
}

/** buildSearchIndex then encodeSearchIndexChunks, letting each stage's memory go as soon as it can. */
export function buildEncodedSearchIndex(model: NotesModel, syllables?: PinyinSyllables): Uint8Array[] {
  return encodeSearchIndexChunks(buildSearchIndex(model, syllables), { consume: true });
}

/**
 * Documents spelled exactly like a query get a bonus: a concept one of whose names is the query
 * and the section that explains it (×2), a section whose title is the query (×1.5), the pinyin
 * of a concept's Chinese name (×2; by initials ×1.5). Computed at build time so that a query
 * does not fold a thousand names.
 */
export function exactNames(model: NotesModel, syllables?: PinyinSyllables): Record<string, [string, number][]> {
  const exact = new Map<string, Map<string, number>>();
  const add = (name: string, id: string, factor: number) => {
    const key = nameKey(name);
    if (!key) return;
    const ids = exact.get(key) ?? new Map<string, number>();
    ids.set(id, Math.max(ids.get(id) ?? 0, factor));
    exact.set(key, ids);
  };
  for (const c of model.concepts) {
    for (const name of conceptNames(c)) {
      add(name, `t:${c.id}`, 2);
      add(name, `s:${c.ref}`, 2);
    }
    const zh = cjkRuns(c.zh.normalize('NFKC')).map((r) => r.text).join('');
    if (syllables && zh) {
      const { full, initials } = pinyinSpellings(syllables(zh));
      for (const [forms, factor] of [[full, 2], [initials, 1.5]] as const) {
        for (const form of forms) {
          add(form, `t:${c.id}`, factor);
          add(form, `s:${c.ref}`, factor);
        }
      }
    }
  }
  for (const s of allSections(model)) {
    add(s.title.en, `s:${s.ref}`, 1.5);
    add(s.title.zh, `s:${s.ref}`, 1.5);
  }
  const out: Record<string, [string, number][]> = {};
  for (const [key, ids] of exact) out[key] = [...ids];
  return out;
}

// ---------------------------------------------------------------- the index file, in shards
//
// Reviving a whole MiniSearch index (24,000 terms, most of them Chinese bigrams) costs more than
// everything else a query does, so the file is split by the first character of each term: one
// header line (document statistics, dictionary, where each shard is), then the shards. A query
// revives only the shards of its own terms. Exact, prefix and fuzzy matching keep the first
// character, so the scores are those of the whole index (BM25 statistics live in the header).

const CJK_SHARDS = 97;

export function shardOf(term: string): string {
  const c = term.codePointAt(0) ?? 0;
  if (c >= 0x30 && c <= 0x39) return '0';
  if (c < 0x80) return term[0]!;
  return `u${c % CJK_SHARDS}`;
}

interface IndexHeader {
  version: number;
  dict: string[];
  /** Everything MiniSearch serialises except the terms. */
  base: Omit<AsPlainObject, 'index'>;
  /** Part → [start, end) byte offsets after the header line: term shards, and `#pinyin/…`, `#exact/…`. */
  parts: Record<string, [number, number]>;
}

/**
 * The index file as a list of byte chunks: the header line, then each part as JSON (written
 * back to back, they are the file). With `consume`, the terms are taken out of `data` as they
 * are encoded: a big folder's index takes hundreds of MB in memory before it is written.
 */
export function encodeSearchIndexChunks(data: SearchIndexData, { consume = false } = {}): Uint8Array[] {
  const shards = new Map<string, [string, unknown][]>();
  for (const entry of data.index.index) {
    const key = shardOf(entry[0]);
    const list = shards.get(key) ?? [];
    list.push(entry as [string, unknown]);
    shards.set(key, list);
  }
  const base = (({ index: _terms, ...rest }: AsPlainObject) => rest)(data.index); // holds no reference to the terms
  if (consume) data.index.index = [];
  const encoder = new TextEncoder();
  const parts: Record<string, [number, number]> = {};
  const chunks: Uint8Array[] = [];
  let at = 0;
  const add = (key: string, value: unknown) => {
    const bytes = encoder.encode(JSON.stringify(value));
    parts[key] = [at, at + bytes.length];
    chunks.push(bytes);
    at += bytes.length;
  };
  // The two maps are split like the terms, so a query parses only the slice it looks up.
  const split = <T>(map: Record<string, T>, name: string) => {
    const groups = new Map<string, Record<string, T>>();
    for (const [k, v] of Object.entries(map)) {
      const key = `${name}/${shardOf(k)}`;
      const group = groups.get(key) ?? {};
      group[k] = v;
      groups.set(key, group);
    }
    for (const key of [...groups.keys()].sort()) add(key, groups.get(key));
  };
  split(data.pinyin, '#pinyin');
  split(data.exact, '#exact');
  for (const key of [...shards.keys()].sort()) {
    add(key, shards.get(key));
    shards.delete(key);
  }
  const header: IndexHeader = { version: data.version, dict: data.dict, base, parts };
  return [encoder.encode(`${JSON.stringify(header)}\n`), ...chunks];
}

/** The index file's bytes: one header line, then the parts as JSON, back to back. */
export function encodeSearchIndex(data: SearchIndexData): Uint8Array {
  const chunks = encodeSearchIndexChunks(data);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Reads bytes [start, end) of the index body (what follows the header line). */
export type ReadRange = (start: number, end: number) => Uint8Array;

function parseHeader(line: Uint8Array): IndexHeader | null {
  try {
    const header = JSON.parse(new TextDecoder().decode(line)) as IndexHeader;
    if (header?.version !== SEARCH_INDEX_VERSION || !Array.isArray(header.dict) || !header.base || !header.parts) return null;
    return header;
  } catch {
    return null;
  }
}

/**
 * An index file opened for reading: the header parsed, each part read and parsed when asked
 * for (from memory, or from the file: a folder's index can be tens of megabytes).
 */
export class SearchIndexFile {
  private readonly cache = new Map<string, unknown>();
  private constructor(private readonly read: ReadRange, readonly header: IndexHeader) {}

  /** Null when the bytes are not an index of this version (then rebuild it). */
  static open(bytes: Uint8Array): SearchIndexFile | null {
    const nl = bytes.indexOf(10);
    if (nl < 0) return null;
    const header = parseHeader(bytes.subarray(0, nl));
    return header && new SearchIndexFile((start, end) => bytes.subarray(nl + 1 + start, nl + 1 + end), header);
  }

  /** From the header line and a reader of the rest. */
  static fromParts(headerLine: Uint8Array, read: ReadRange): SearchIndexFile | null {
    const header = parseHeader(headerLine);
    return header && new SearchIndexFile(read, header);
  }

  /** From encodeSearchIndexChunks, without joining the chunks. */
  static fromChunks(chunks: Uint8Array[]): SearchIndexFile | null {
    const [head, ...parts] = chunks;
    if (!head || head.at(-1) !== 10) return null;
    const byStart = new Map<number, Uint8Array>();
    let at = 0;
    for (const part of parts) {
      byStart.set(at, part);
      at += part.length;
    }
    return SearchIndexFile.fromParts(head.subarray(0, head.length - 1), (start, end) => {
      const part = byStart.get(start);
      if (!part || part.length !== end - start) throw new Error('not a part of this index');
      return part;
    });
  }

  part(key: string): unknown {
    if (this.cache.has(key)) return this.cache.get(key);
    const range = this.header.parts[key];
    let value: unknown = null;
    if (range) {
      try {
        value = JSON.parse(new TextDecoder().decode(this.read(range[0], range[1])));
      } catch {
        value = null;
      }
    }
    this.cache.set(key, value);
    return value;
  }

  /** A MiniSearch holding every document and just the terms in these shards. */
  miniSearch(shards: Iterable<string>, dict: Dictionary): MiniSearch<SearchDoc> {
    const index: [string, unknown][] = [];
    for (const key of new Set(shards)) {
      const part = this.part(key);
      if (Array.isArray(part)) index.push(...(part as [string, unknown][]));
    }
    return MiniSearch.loadJS<SearchDoc>({ ...this.header.base, index } as AsPlainObject, indexOptions(dict));
  }

  private lookup<T>(name: string, key: string): T | undefined {
    const part = this.part(`${name}/${shardOf(key)}`) as Record<string, T> | null;
    return part && typeof part === 'object' && Object.hasOwn(part, key) ? part[key] : undefined;
  }

  /** The Chinese names a pinyin term was made from. */
  pinyinSources(term: string): string[] {
    const list = this.lookup<string[]>('#pinyin', term);
    return Array.isArray(list) ? list : [];
  }

  /** Documents named exactly `queryKey` (a nameKey), with their score factor. */
  exact(queryKey: string): Map<string, number> {
    const list = this.lookup<[string, number][]>('#exact', queryKey);
    return new Map(Array.isArray(list) ? list : []);
  }
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

interface Target {
  kind: 'section' | 'term';
  section: Section;
  concept: Concept | null;
  /** Concepts this hit is about: the term itself, or the concepts a section explains. */
  explains: Concept[];
}

function targetsOf(model: NotesModel): Map<string, Target> {
  const sections = new Map(allSections(model).map((s) => [s.ref, s]));
  const explains = new Map<string, Concept[]>();
  for (const c of model.concepts) explains.set(c.ref, [...(explains.get(c.ref) ?? []), c]);
  const targets = new Map<string, Target>();
  for (const s of sections.values()) targets.set(`s:${s.ref}`, { kind: 'section', section: s, concept: null, explains: explains.get(s.ref) ?? [] });
  for (const c of model.concepts) {
    const s = sections.get(c.ref);
    if (s) targets.set(`t:${c.id}`, { kind: 'term', section: s, concept: c, explains: [c] });
  }
  return targets;
}

/** Which of a concept's names the query hit: the one holding the most matched terms. */
function bestName(c: Concept, matched: ReadonlySet<string>, queryKey: string, lang: Lang): { name: string; hits: number } {
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

/** A hit's text in one language, as Markdown: the definition, or the section body. */
function markdownOf(model: NotesModel, t: Target, lang: Lang): string {
  if (t.kind === 'term') return t.concept!.definition[lang];
  const s = t.section;
  const chapter = s.depth === 0 ? model.chapters.find((c) => c.number === s.chapter) : undefined;
  return chapter ? `${chapter.summary[lang]}\n\n${s.body[lang]}` : s.body[lang];
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
  private readonly targets: Map<string, Target>;
  private readonly dict: Set<string>;

  constructor(private readonly model: NotesModel, private readonly file: SearchIndexFile) {
    this.targets = targetsOf(model);
    this.dict = new Set(file.header.dict);
  }

  search(rawQuery: string, req: SearchRequest): SearchHit[] {
    const query = normalizeQuery(rawQuery);
    const terms = query ? queryTerms(query, this.dict) : [];
    if (!terms.length) return [];
    const queryKey = nameKey(query);
    let results: SearchResult[];
    try {
      results = this.file.miniSearch(terms.map(shardOf), this.dict).search(query);
    } catch {
      return [];
    }
    const exact = this.file.exact(queryKey);
    // `dui qi` is spelled like `duiqi`.
    if (queryKey.includes(' ') && /^[a-z ]+$/.test(queryKey)) for (const [id, f] of this.file.exact(queryKey.replace(/ /g, ''))) exact.set(id, Math.max(f, exact.get(id) ?? 0));
    const ranked: { r: SearchResult; t: Target; score: number }[] = [];
    for (const r of results) {
      const t = this.targets.get(String(r.id));
      if (!t) continue; // an index older than the notes: skip what no longer exists
      if (req.chapter !== undefined && t.section.chapter !== req.chapter) continue;
      ranked.push({ r, t, score: r.score * (exact.get(String(r.id)) ?? 1) });
    }
    ranked.sort((a, b) => b.score - a.score);

    const queryRuns = cjkRuns(query.normalize('NFKC')).map((r) => r.text);
    const queryCjkRun = Math.max(0, ...queryRuns.map((r) => [...r].length));
    const minCjkRun = Math.max(1, Math.min(3, queryCjkRun));
    // A one-character query (词) matches the bigrams that start with it: mark the character only.
    const singles = queryCjkRun === 1 ? queryRuns : [];
    const seen = new Set<string>();
    const hits: SearchHit[] = [];
    for (const { r, t, score } of ranked) {
      if (hits.length >= req.limit) break;
      const ref = t.section.ref;
      if (seen.has(ref)) continue; // one result per place to read: the best-scoring one
      seen.add(ref);
      const matched = new Set(singles.length ? r.terms.filter((term) => !hasCjk(term)) : r.terms);
      const viaPinyin = Object.entries(r.match).filter(([, fields]) => fields.includes('pinyin')).map(([term]) => term);
      const literals = [...singles, ...viaPinyin.flatMap((term) => this.file.pinyinSources(term))];
      const opts = { minCjkRun, literals };
      const other: Lang = req.lang === 'en' ? 'zh' : 'en';
      let snippetLang = req.lang;
      let { snippet, found } = snippetFor(markdownOf(this.model, t, req.lang), matched, opts, req.width);
      if (!found) {
        const alt = snippetFor(markdownOf(this.model, t, other), matched, opts, req.width);
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
        ref,
        chapter: t.section.chapter,
        title: t.section.title[req.lang],
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
