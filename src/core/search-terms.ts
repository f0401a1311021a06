// Search terms: the tokenizer shared by the index and the query, and the MiniSearch options
// (fields, boosts, prefix and fuzzy rules) every index of fllm is built and queried with.
//
// Terms: English words (lower-case, NFKC, a light plural stemmer, hyphenated compounds also
// joined: pre-training → pre, training, pretraining); Chinese as overlapping bigrams plus every
// glossary name found inside the text (Intl.Segmenter cuts 预训练 and 思维链 apart, bigrams and
// the glossary as a dictionary do not); pinyin of glossary names and Chinese headings, full and by
// initials, in a field of its own. Fields are weighted (names > pinyin, title > body), BM25.
import type { Options } from 'minisearch';
import type { NotesModel } from './model.js';

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

/**
 * No character from U+1100 (Hangul Jamo, the first of the CJK scripts) up. Checked first
 * because a Unicode-property regex costs milliseconds to compile, and most queries are Latin.
 */
function belowCjk(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x1100) return false;
  return true;
}

export function isCjkLetter(ch: string): boolean {
  return !belowCjk(ch) && CJK_LETTER.test(ch);
}

export function hasCjk(text: string): boolean {
  return !belowCjk(text) && CJK_LETTER.test(text);
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


export function cjkRuns(text: string): { text: string; start: number }[] {
  const runs: { text: string; start: number }[] = [];
  if (belowCjk(text)) return runs;
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


export function isAsciiTerm(term: string): boolean {
  return /^[a-z0-9]+$/.test(term);
}

/** Terms of a query: its tokens, plus `dui qi` → `duiqi` for short runs of Latin words. */
export function queryTerms(query: string, dict: Dictionary): string[] {
  const tokens = tokenize(query, dict);
  const terms = tokens.map((t) => t.term);
  const folded = query.normalize('NFKC').toLowerCase();
  const words = (/^[\x00-\x7f]*$/.test(folded) ? folded.split(/[^a-z0-9]+/) : folded.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  if (words.length >= 2 && words.length <= 4 && words.every((w) => /^[a-z]{1,8}$/.test(w))) terms.push(words.join(''));
  return [...new Set(terms)].slice(0, MAX_QUERY_TERMS);
}

// ---------------------------------------------------------------- documents and options

export interface SearchDoc {
  /** `s:<ref>` (bundled notes) or `s:<file>#<n>` (a folder) for a section, `t:<concept id>` for a glossary term. */
  id: string;
  names: string;
  title: string;
  pinyin: string;
  body: string;
  /** What a folder's index keeps of the document to show it without the notes (see DocRecord). */
  r?: unknown;
}

/** The fields of a document, in the order of their ids in the index. */
export const FIELDS = ['names', 'title', 'pinyin', 'body'] as const;
const BOOST: Record<(typeof FIELDS)[number], number> = { names: 6, title: 3, pinyin: 4, body: 1 };

export function indexOptions(dict: Dictionary): Options<SearchDoc> {
  return {
    fields: [...FIELDS],
    storeFields: ['r'],
    autoVacuum: false, // an index is changed only to be written out, after an explicit vacuum
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


// Shards: terms grouped by their first character. Exact, prefix and fuzzy matching keep the
// first character, so a query needs the shards of its own terms only.
const CJK_SHARDS = 97;

export function shardOf(term: string): string {
  const c = term.codePointAt(0) ?? 0;
  if (c >= 0x30 && c <= 0x39) return '0';
  if (c < 0x80) return term[0]!;
  return `u${c % CJK_SHARDS}`;
}
