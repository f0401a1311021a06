// The search index as a file that a query reads a little of. Reviving a whole MiniSearch index
// costs more than everything else a query does (a folder of 10,000 notes makes an index of
// tens of megabytes), so the file is cut up: one header line (document statistics, dictionary,
// where each part is), then the parts:
//
//   k/<shard>   the terms whose first character falls in the shard, each with the byte range
//               of its postings;
//   (postings)  one JSON object per term: field → document → term frequency;
//   (records)   one JSON value per document: what a hit shows of it (see src/core/search.ts);
//   d/<block>   the documents, BLOCK at a time: id, field lengths, and where its record is;
//               a query ranks every document its terms occur in, but reads only the records
//               of the hits it shows;
//   #records    the range of all the records, to read them at once when the index is rebuilt;
//   #pinyin/…, #exact/…   the two lookup maps of src/core/search.ts, split the same way.
//
// A query reads the term lists of its shards, picks the terms that can match (exactly, by
// prefix, by edit distance, as the MiniSearch options allow), reads their postings and the
// documents in them, and hands MiniSearch just that: BM25 statistics come from the header, so
// the scores are those of the whole index.
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { FIELDS, indexOptions, indexTerms, shardOf, type Dictionary, type SearchDoc } from './search-terms.js';
import { fnv1a } from './hash.js';

/** Bump when the tokenizer, the documents or this format change: older cached indexes are then rebuilt. */
export const SEARCH_INDEX_VERSION = 7;
const BLOCK = 512;
/** One decoder for every part read: making one per read costs more than small reads do. */
const utf8 = new TextDecoder();

/** The index as built, before it is written in parts. */
export interface SearchIndexData {
  version: number;
  /** The glossary dictionary the index was built with (Chinese names of three characters or more). */
  dict: string[];
  /** Pinyin term → the Chinese text it was made from, to highlight a pinyin match. */
  pinyin: Record<string, string[]>;
  /** nameKey of every glossary name and section title → [document id, score factor] pairs. */
  exact: Record<string, [string, number][]>;
  index: IndexBuilder;
  /** For a layer: the statistics of the whole index, and the main's documents it discards. */
  layer?: { whole: Totals; discarded: [number, string][] };
}

/**
 * The inverted index being built or updated: what MiniSearch would hold after `add` and
 * `discard`, term for term and count for count (a test checks that), in a quarter of the
 * memory, since a folder of 10,000 notes has millions of postings. MiniSearch ranks at query time.
 */
export class IndexBuilder {
  /** term → per field id, the packed postings (see TF_SPAN). */
  private readonly postings = new Map<string, number[][]>();
  private readonly ids = new Map<number, string>();
  private readonly shortIds = new Map<string, number>();
  private readonly lengths = new Map<number, number[]>();
  private readonly records = new Map<number, unknown>();
  private discarded = false;

  constructor(private readonly dict: Dictionary, private nextId = 0) {}

  add(doc: SearchDoc): void {
    if (this.shortIds.has(doc.id)) throw new Error(`duplicate document id ${doc.id}`);
    const short = this.nextId++;
    this.ids.set(short, doc.id);
    this.shortIds.set(doc.id, short);
    if (doc.r !== undefined) this.records.set(short, doc.r);
    const lengths: number[] = [];
    FIELDS.forEach((field, fieldId) => {
      const counts = new Map<string, number>();
      for (const term of indexTerms(doc[field], this.dict)) counts.set(term, (counts.get(term) ?? 0) + 1);
      lengths[fieldId] = counts.size; // MiniSearch's field length: distinct terms
      for (const [term, tf] of counts) {
        let fields = this.postings.get(term);
        if (!fields) this.postings.set(term, (fields = []));
        (fields[fieldId] ??= []).push(short * TF_SPAN + Math.min(tf, TF_SPAN - 1));
      }
    });
    this.lengths.set(short, lengths);
  }

  /** Forget a document; its postings are dropped when the index is encoded. */
  discard(id: string): void {
    const short = this.shortIds.get(id);
    if (short === undefined) return;
    this.ids.delete(short);
    this.shortIds.delete(id);
    this.lengths.delete(short);
    this.records.delete(short);
    this.discarded = true;
  }

  documentIds(): string[] {
    return [...this.shortIds.keys()];
  }

  /** The record a document was added with (SearchDoc.r), to read or change before encoding. */
  record(id: string): unknown {
    const short = this.shortIds.get(id);
    return short === undefined ? undefined : this.records.get(short);
  }

  /** Add postings read back from a file (see SearchIndexFile.loadAll). */
  restoreTerm(term: string, postings: Postings): void {
    const fields: number[][] = [];
    for (const [fieldId, docs] of Object.entries(postings)) {
      const list: number[] = [];
      for (const [doc, tf] of Object.entries(docs)) list.push(Number(doc) * TF_SPAN + Math.min(tf, TF_SPAN - 1));
      fields[Number(fieldId)] = list;
    }
    this.postings.set(term, fields);
  }

  restoreDocument(short: number, id: string, lengths: number[], record: unknown): void {
    this.ids.set(short, id);
    this.shortIds.set(id, short);
    this.lengths.set(short, lengths);
    if (record !== undefined) this.records.set(short, record);
  }

  /** How many documents, and the sum of each field's lengths over them. */
  totals(): Totals {
    const sums = FIELDS.map(() => 0);
    for (const lengths of this.lengths.values()) lengths.forEach((n, i) => (sums[i]! += n ?? 0));
    return { count: this.ids.size, sums };
  }

  get next(): number {
    return this.nextId;
  }

  /**
   * Each term with its postings as MiniSearch serialises them, without the documents that
   * were discarded; with `consume`, each term leaves the builder as it is handed out.
   */
  *terms(consume: boolean): Generator<[string, string]> {
    for (const [term, fields] of this.postings) {
      if (consume) this.postings.delete(term);
      let json = '';
      fields.forEach((list, fieldId) => {
        let docs = '';
        for (const posting of list) {
          const doc = Math.floor(posting / TF_SPAN);
          if (this.discarded && !this.ids.has(doc)) continue;
          docs += `${docs ? ',' : ''}"${doc}":${posting % TF_SPAN}`;
        }
        if (docs) json += `${json ? ',' : ''}"${fieldId}":{${docs}}`;
      });
      if (json) yield [term, `{${json}}`];
    }
  }

  *documents(): Generator<[number, string, number[], unknown]> {
    for (const [short, id] of this.ids) yield [short, id, this.lengths.get(short) ?? [], this.records.get(short)];
  }
}

type Postings = Record<string, Record<string, number>>;

/** A number of documents and the sums of their field lengths, field by field. */
export interface Totals {
  count: number;
  sums: number[];
}
type MapName = '#pinyin' | '#exact';
const MAP_SLICE = 256;

export { fnv1a };

function bucketOf(key: string, count: number): number {
  return count === 1 ? 0 : fnv1a(key) % count;
}

/** A posting packed in one number, document × TF_SPAN + term frequency: half the memory of two. */
const TF_SPAN = 0x100000;
type TermEntry = [term: string, start: number, end: number];
/** Every document of a file: short ids, ids, and the hash of what each was made from ('' if none). */
export interface DocumentTable {
  shorts: number[];
  ids: string[];
  hashes: string[];
}

interface DocBlock {
  ids: Record<string, string>;
  len: Record<string, number[]>;
  /** Where each document's record is. */
  rec: Record<string, [number, number]>;
}

interface IndexHeader {
  version: number;
  dict: string[];
  /** MiniSearch's statistics: everything it serialises but the terms and the documents (of the whole index, for a layer). */
  base: Pick<AsPlainObject, 'documentCount' | 'nextId' | 'fieldIds' | 'averageFieldLength' | 'serializationVersion'>;
  /** The documents of this file alone. */
  totals: Totals;
  /** For a layer over a main index: the main's documents it replaces or removes, [short id, id]. */
  discarded?: [number, string][];
  block: number;
  /** How many slices each of the two maps is cut into. */
  buckets: Record<string, number>;
  /** Part → [start, end) byte offsets after the header line. */
  parts: Record<string, [number, number]>;
}

/**
 * The index file as a list of byte chunks: the header line, then the parts (written back to
 * back, they are the file). With `consume`, the terms are taken out of `data` as they are
 * encoded: a big folder's index takes hundreds of MB in memory before it is written. Postings
 * of documents that were discarded are dropped here, which is all the vacuuming an index needs.
 */
export function encodeSearchIndexChunks(data: SearchIndexData, { consume = false } = {}): Uint8Array[] {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const parts: Record<string, [number, number]> = {};
  let at = 0;
  const push = (json: string): [number, number] => {
    const bytes = encoder.encode(json);
    chunks.push(bytes);
    const range: [number, number] = [at, at + bytes.length];
    at += bytes.length;
    return range;
  };
  const builder = data.index;
  const totals = builder.totals();
  const whole = data.layer?.whole ?? totals;
  const base = {
    documentCount: whole.count,
    nextId: builder.next,
    fieldIds: Object.fromEntries(FIELDS.map((f, i) => [f, i])),
    averageFieldLength: whole.sums.map((sum) => (whole.count ? sum / whole.count : 0)),
    serializationVersion: 2,
  };

  const shards = new Map<string, TermEntry[]>();
  for (const [term, postings] of builder.terms(consume)) {
    const key = shardOf(term);
    const list = shards.get(key) ?? [];
    list.push([term, ...push(postings)]);
    shards.set(key, list);
  }
  for (const key of [...shards.keys()].sort()) parts[`k/${key}`] = push(JSON.stringify(shards.get(key)));

  const blocks = new Map<number, DocBlock>();
  const table: DocumentTable = { shorts: [], ids: [], hashes: [] };
  const recordsStart = at;
  for (const [short, id, lengths, record] of builder.documents()) {
    table.shorts.push(short);
    table.ids.push(id);
    table.hashes.push((record as { h?: string } | undefined)?.h ?? '');
    const n = Math.floor(short / BLOCK);
    let b = blocks.get(n);
    if (!b) blocks.set(n, (b = { ids: {}, len: {}, rec: {} }));
    b.ids[short] = id;
    b.len[short] = lengths;
    if (record !== undefined) b.rec[short] = push(JSON.stringify(record));
  }
  parts['#records'] = [recordsStart, at];
  for (const n of [...blocks.keys()].sort((a, b) => a - b)) parts[`d/${n}`] = push(JSON.stringify(blocks.get(n)));
  parts['#ids'] = push(JSON.stringify(table));

  // The two maps are looked up by whole key: split by a hash of it, so a query parses a slice
  // of a few hundred entries (every note's title is in #exact).
  const buckets: Record<string, number> = {};
  const split = <T>(map: Record<string, T>, name: MapName) => {
    const entries = Object.entries(map);
    const count = (buckets[name] = Math.max(1, Math.ceil(entries.length / MAP_SLICE)));
    const groups = new Map<number, Record<string, T>>();
    for (const [k, v] of entries) {
      const n = bucketOf(k, count);
      const group = groups.get(n) ?? {};
      group[k] = v;
      groups.set(n, group);
    }
    for (const n of [...groups.keys()].sort((a, b) => a - b)) parts[`${name}/${n}`] = push(JSON.stringify(groups.get(n)));
  };
  split(data.pinyin, '#pinyin');
  split(data.exact, '#exact');

  const header: IndexHeader = { version: data.version, dict: data.dict, base, totals, ...(data.layer ? { discarded: data.layer.discarded } : {}), block: BLOCK, buckets, parts };
  return [encoder.encode(`${JSON.stringify(header)}\n`), ...chunks];
}

/** The index file's bytes: one header line, then the parts, back to back. */
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
    const header = JSON.parse(utf8.decode(line)) as IndexHeader;
    if (header?.version !== SEARCH_INDEX_VERSION || !Array.isArray(header.dict) || !header.base || !header.totals || !header.parts || !header.buckets || !(header.block > 0)) return null;
    return header;
  } catch {
    return null;
  }
}

/** Levenshtein distance of a and b is at most max (MiniSearch's fuzzy matching, on UTF-16 units). */
export function withinDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return false;
    prev = cur;
  }
  return prev[b.length]! <= max;
}

/**
 * An index file opened for reading: the header parsed, each part read and parsed when asked
 * for (from memory, or from the file).
 */
export class SearchIndexFile implements IndexReader {
  private readonly cache = new Map<string, unknown>();
  private constructor(private readonly read: ReadRange, readonly header: IndexHeader) {}

  /** Null when the bytes are not an index of this version (then rebuild it). */
  static open(bytes: Uint8Array): SearchIndexFile | null {
    const nl = bytes.indexOf(10);
    if (nl < 0) return null;
    const header = parseHeader(bytes.subarray(0, nl));
    return header && new SearchIndexFile((start, end) => bytes.subarray(nl + 1 + start, nl + 1 + end), header);
  }

  /**
   * From the header line and a reader of the rest; given the size of the rest, null unless it
   * is exactly what the header describes (a file cut short or grown is not this index).
   */
  static fromParts(headerLine: Uint8Array, read: ReadRange, bodySize?: number): SearchIndexFile | null {
    const header = parseHeader(headerLine);
    if (!header) return null;
    if (bodySize !== undefined && Math.max(0, ...Object.values(header.parts).map(([, end]) => end)) !== bodySize) return null;
    return new SearchIndexFile(read, header);
  }

  /** From encodeSearchIndexChunks, without joining the chunks. */
  static fromChunks(chunks: Uint8Array[]): SearchIndexFile | null {
    const [head, ...parts] = chunks;
    if (!head || head.at(-1) !== 10) return null;
    const starts: number[] = [];
    let at = 0;
    for (const part of parts) {
      starts.push(at);
      at += part.length;
    }
    return SearchIndexFile.fromParts(head.subarray(0, head.length - 1), (start, end) => {
      // Parts are read whole; find the one that starts here (binary search: postings are many).
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= start) lo = mid;
        else hi = mid - 1;
      }
      const part = parts[lo];
      if (part && starts[lo] === start && part.length === end - start) return part;
      // A range over several parts (all the records): join them.
      if (!part || starts[lo] !== start) throw new Error('not a part of this index');
      const out = new Uint8Array(end - start);
      for (let i = lo, done = 0; done < out.length; i++) {
        const next = parts[i];
        if (!next || done + next.length > out.length) throw new Error('not a part of this index');
        out.set(next, done);
        done += next.length;
      }
      return out;
    });
  }

  private json(start: number, end: number): unknown {
    try {
      return JSON.parse(utf8.decode(this.read(start, end)));
    } catch {
      return null;
    }
  }

  part(key: string): unknown {
    if (this.cache.has(key)) return this.cache.get(key);
    const range = this.header.parts[key];
    const value = range ? this.json(range[0], range[1]) : null;
    this.cache.set(key, value);
    return value;
  }

  private terms(shard: string): TermEntry[] {
    const list = this.part(`k/${shard}`);
    return Array.isArray(list) ? (list as TermEntry[]) : [];
  }

  private block(n: number): DocBlock | null {
    const b = this.part(`d/${n}`) as DocBlock | null;
    return b && typeof b === 'object' && b.ids ? b : null;
  }

  /** Ids, field lengths and stored fields of these documents, those of them this file holds. */
  documents(shorts: Iterable<number>): SubsetDocuments {
    const out: SubsetDocuments = { documentIds: {}, fieldLength: {}, storedFields: {} };
    for (const short of shorts) {
      const b = this.block(Math.floor(short / this.header.block));
      const id = b?.ids[short];
      if (id === undefined) continue; // not here (discarded, or in another layer)
      out.documentIds[short] = id;
      out.fieldLength[short] = b!.len[short] ?? [];
      const range = b!.rec[short];
      if (Array.isArray(range)) out.storedFields[short] = { r: new StoredRecord(this.read, range[0], range[1]) };
    }
    return out;
  }

  /** The terms of this file that can match these query terms under the options of indexOptions, with their postings. */
  matchingPostings(queryTerms: string[], dict: Dictionary): Map<string, Postings> {
    const search = indexOptions(dict).searchOptions!;
    const prefixOf = search.prefix as (term: string, i: number, terms: string[]) => boolean;
    const fuzzyOf = search.fuzzy as (term: string, i: number, terms: string[]) => number | false;
    const chosen = new Map<string, Postings>();
    queryTerms.forEach((term, i) => {
      const prefix = prefixOf(term, i, queryTerms);
      const distance = fuzzyOf(term, i, queryTerms) || 0;
      for (const [t, start, end] of this.terms(shardOf(term))) {
        if (chosen.has(t)) continue;
        if (t === term || (prefix && t.startsWith(term)) || (distance > 0 && withinDistance(t, term, distance))) {
          const postings = this.json(start, end);
          if (postings && typeof postings === 'object') chosen.set(t, postings as Postings);
        }
      }
    });
    return chosen;
  }

  /**
   * A MiniSearch holding every term that can match these query terms, and every document those
   * terms occur in: it ranks as the whole index would.
   */
  miniSearchFor(queryTerms: string[], dict: Dictionary): MiniSearch<SearchDoc> {
    const chosen = this.matchingPostings(queryTerms, dict);
    return subsetMiniSearch(this.header.base, chosen, this.documents(postingDocs(chosen)), dict);
  }

  /** Every document of this file, with the hash of what it was made from. */
  documentTable(): DocumentTable {
    const table = this.part('#ids') as DocumentTable | null;
    return table && Array.isArray(table.ids) ? table : { shorts: [], ids: [], hashes: [] };
  }

  /** The whole index, to change it and write it again. */
  loadAll(dict: Dictionary): IndexBuilder {
    const builder = new IndexBuilder(dict, this.header.base.nextId);
    const [areaStart, areaEnd] = this.header.parts['#records'] ?? [0, 0];
    const area = areaEnd > areaStart ? this.read(areaStart, areaEnd) : new Uint8Array(0);
        const recordAt = (range: [number, number] | undefined): unknown => {
      if (!Array.isArray(range) || range[0] < areaStart || range[1] > areaEnd) return undefined;
      try {
        return JSON.parse(utf8.decode(area.subarray(range[0] - areaStart, range[1] - areaStart))) as unknown;
      } catch {
        return undefined;
      }
    };
    for (const key of Object.keys(this.header.parts)) {
      if (key.startsWith('k/')) {
        for (const [term, start, end] of this.terms(key.slice(2))) {
          const postings = this.json(start, end);
          if (postings && typeof postings === 'object') builder.restoreTerm(term, postings as Postings);
        }
      } else if (key.startsWith('d/')) {
        const b = this.block(Number(key.slice(2)));
        for (const [short, id] of Object.entries(b?.ids ?? {})) builder.restoreDocument(Number(short), id, b!.len[short] ?? [], recordAt(b!.rec[short]));
      }
      this.cache.delete(key);
    }
    return builder;
  }

  /** Every entry of one of the two maps (#pinyin or #exact), to carry it into a new index. */
  wholeMap<T>(name: MapName): Record<string, T> {
    const out: Record<string, T> = {};
    for (const key of Object.keys(this.header.parts)) {
      if (!key.startsWith(`${name}/`)) continue;
      Object.assign(out, this.part(key) as Record<string, T>);
      this.cache.delete(key);
    }
    return out;
  }

  private lookup<T>(name: MapName, key: string): T | undefined {
    const part = this.part(`${name}/${bucketOf(key, this.header.buckets[name] ?? 1)}`) as Record<string, T> | null;
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

/** A document's record, read from the index when a hit shows it. */
class StoredRecord {
  constructor(private readonly read: ReadRange, private readonly start: number, private readonly end: number) {}

  load(): unknown {
    try {
      return JSON.parse(utf8.decode(this.read(this.start, this.end))) as unknown;
    } catch {
      return undefined; // damaged: the hit is not shown
    }
  }
}

/** The record a document was stored with, from a search result; undefined if none or damaged. */
export function storedRecord(stored: { r?: unknown }): unknown {
  return stored.r instanceof StoredRecord ? stored.r.load() : undefined;
}

interface SubsetDocuments {
  documentIds: Record<string, string>;
  fieldLength: Record<string, number[]>;
  storedFields: Record<string, Record<string, unknown>>;
}

function postingDocs(postings: Map<string, Postings>): Set<number> {
  const shorts = new Set<number>();
  for (const fields of postings.values()) for (const docs of Object.values(fields)) for (const doc of Object.keys(docs)) shorts.add(Number(doc));
  return shorts;
}

function subsetMiniSearch(base: IndexHeader['base'], postings: Map<string, Postings>, docs: SubsetDocuments, dict: Dictionary): MiniSearch<SearchDoc> {
  return MiniSearch.loadJS<SearchDoc>({ ...base, dirtCount: 0, ...docs, index: [...postings] } as unknown as AsPlainObject, indexOptions(dict));
}

/** What a query needs of an index: a main file alone, or a main file with a layer over it. */
export interface IndexReader {
  readonly header: { dict: string[] };
  miniSearchFor(queryTerms: string[], dict: Dictionary): MiniSearch<SearchDoc>;
  exact(queryKey: string): Map<string, number>;
  pinyinSources(term: string): string[];
}

/**
 * A main index with a layer over it: the layer holds the documents added or changed since the
 * main was written and names the main's documents it replaces. A query merges the two as if
 * they were one index (the layer's header has the statistics of the whole), so updating a
 * large folder writes only what changed.
 */
export class LayeredIndex implements IndexReader {
  private readonly discardedShorts: Set<number>;
  private readonly discardedIds: Set<string>;

  constructor(readonly main: SearchIndexFile, readonly layer: SearchIndexFile) {
    const discarded = layer.header.discarded ?? [];
    this.discardedShorts = new Set(discarded.map(([short]) => short));
    this.discardedIds = new Set(discarded.map(([, id]) => id));
  }

  get header(): { dict: string[] } {
    return this.main.header;
  }

  miniSearchFor(queryTerms: string[], dict: Dictionary): MiniSearch<SearchDoc> {
    const merged = new Map<string, Postings>();
    for (const [term, fields] of this.main.matchingPostings(queryTerms, dict)) {
      const kept: Postings = {};
      for (const [field, docs] of Object.entries(fields)) {
        const alive = Object.entries(docs).filter(([doc]) => !this.discardedShorts.has(Number(doc)));
        if (alive.length) kept[field] = Object.fromEntries(alive);
      }
      if (Object.keys(kept).length) merged.set(term, kept);
    }
    for (const [term, fields] of this.layer.matchingPostings(queryTerms, dict)) {
      const into = merged.get(term) ?? {};
      for (const [field, docs] of Object.entries(fields)) into[field] = { ...into[field], ...docs };
      merged.set(term, into);
    }
    const shorts = postingDocs(merged);
    const fromMain = this.main.documents(shorts);
    const fromLayer = this.layer.documents(shorts);
    const docs: SubsetDocuments = {
      documentIds: { ...fromMain.documentIds, ...fromLayer.documentIds },
      fieldLength: { ...fromMain.fieldLength, ...fromLayer.fieldLength },
      storedFields: { ...fromMain.storedFields, ...fromLayer.storedFields },
    };
    return subsetMiniSearch(this.layer.header.base, merged, docs, dict);
  }

  exact(queryKey: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, factor] of this.main.exact(queryKey)) if (!this.discardedIds.has(id)) out.set(id, factor);
    for (const [id, factor] of this.layer.exact(queryKey)) out.set(id, factor);
    return out;
  }

  pinyinSources(term: string): string[] {
    return [...new Set([...this.main.pinyinSources(term), ...this.layer.pinyinSources(term)])];
  }
}
