// Unit tests of src/core/search.ts (and the glossary look-ups of src/core/glossary.ts): the
// tokenizer, query normalisation, ranking, snippets, and the sharded index file.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Concept, NotesModel, Section } from '../src/core/model.js';
import {
  MAX_QUERY_CHARS, NotesSearch, SearchIndexFile, buildSearchDocuments, buildSearchIndex, encodeSearchIndex, encodeSearchIndexChunks, glossaryDictionary, indexOptions, indexTerms, makeSnippet,
  markdownToPlain, matchRanges, normalizeQuery, queryTerms, stem, storedRecord, tokenize, type SearchDoc,
} from '../src/core/search.js';
import MiniSearch from 'minisearch';
import { conceptMentions, findConcepts, nearestConcepts, questionCount } from '../src/core/glossary.js';
import { displayWidth } from '../src/core/text.js';
import { pinyinSyllables } from '../src/io/search-build.js';

// ---------------------------------------------------------------- a small model

function section(ref: string, en: [string, string], zh: [string, string]): Section {
  const depth = (ref.split('.').length - 1) as 0 | 1 | 2;
  return {
    ref, chapter: Number(ref.split('.')[0]), depth,
    title: { en: en[0], zh: zh[0] }, body: { en: en[1], zh: zh[1] },
    source: { en: { file: 'en/01-x.md', line: 1 }, zh: { file: 'zh/01-x.md', line: 1 } },
  };
}

function concept(id: string, en: string, zh: string, aliases: string[], ref: string): Concept {
  return { id, en, zh, aliases, ref, related: [], definition: { en: `Definition of ${en}.`, zh: `${zh}的定义。` }, source: { file: 'glossary.yaml', line: 1 } };
}

const sections: Section[] = [
  section('1', ['Alignment', 'How models are aligned.'], ['对齐', '本章讨论模型的对齐方法。']),
  section('1.1', ['What alignment means', 'Alignment steers a model towards what people intend.'], ['对齐的含义', '对齐让模型的行为符合人的意图。']),
  section('1.2', ['Human preference alignment: RLHF', 'Reinforcement learning from human feedback (RLHF) trains a reward model on comparisons, then optimises the policy.'], ['人类偏好对齐：RLHF', '基于人类反馈的强化学习（RLHF）先训练奖励模型，再优化策略。']),
  section('1.3', ['Direct preference optimization', 'DPO skips RLHF: unlike RLHF, which needs a reward model, DPO does not. RLHF, RLHF, RLHF and again RLHF.'], ['直接偏好优化', 'DPO 跳过了 RLHF 中的奖励模型。']),
  section('1.4', ['Chain of thought', 'Chain-of-thought (CoT) prompting asks for intermediate reasoning steps; pre-training data and models matter.'], ['思维链', '思维链（CoT）提示让模型先写出推理步骤，再给出答案。预训练数据很重要。']),
  section('1.5', ['Decoding', 'Beam search keeps the best $K$ hypotheses: $\\frac{1}{K}\\sum_i s_i$. Transformer decoders generate token by token.'], ['解码', '束搜索保留最好的 K 个假设。']),
];

const model: NotesModel = {
  languages: ['en', 'zh'],
  chapters: [{ number: 1, slug: 'alignment', title: { en: 'Alignment', zh: '对齐' }, summary: { en: 'Aligning models.', zh: '对齐模型。' }, sections }],
  concepts: [
    concept('alignment', 'alignment', '对齐', ['AI alignment'], '1.1'),
    concept('rlhf', 'reinforcement learning from human feedback', '基于人类反馈的强化学习', ['RLHF', '人类反馈强化学习'], '1.2'),
    concept('dpo', 'direct preference optimization', '直接偏好优化', ['DPO'], '1.3'),
    concept('chain-of-thought', 'chain of thought', '链式推理', ['CoT', '思维链'], '1.4'),
    concept('beam-search', 'beam search', '束搜索', [], '1.5'),
    concept('transformer', 'Transformer', 'Transformer', [], '1.5'),
  ],
  questions: [
    { id: 'q1', chapter: 1, ref: '1.2', concepts: ['rlhf'], type: 'truefalse', difficulty: 1, question: { en: 'q', zh: 'q' }, explanation: { en: 'e', zh: 'e' }, answer: true, source: { file: 'q.yaml', line: 1 } },
    { id: 'q2', chapter: 1, ref: '1.2', concepts: ['rlhf', 'dpo'], type: 'truefalse', difficulty: 1, question: { en: 'q', zh: 'q' }, explanation: { en: 'e', zh: 'e' }, answer: true, source: { file: 'q.yaml', line: 1 } },
  ],
};

function engine(withPinyin = true): NotesSearch {
  const data = buildSearchIndex(model, withPinyin ? pinyinSyllables : undefined);
  const file = SearchIndexFile.open(encodeSearchIndex(data));
  if (!file) throw new Error('index did not open');
  return new NotesSearch(model, file);
}

const search = engine();
const refs = (q: string, limit = 3) => search.search(q, { limit, lang: 'en', width: 60 }).map((h) => h.ref);

// ---------------------------------------------------------------- tokenizer

describe('tokenize', () => {
  const terms = (text: string, dict?: Set<string>) => tokenize(text, dict).map((t) => t.term);

  it('splits Chinese into overlapping bigrams', () => {
    expect(terms('预训练模型')).toEqual(['预训', '训练', '练模', '模型']);
    expect(terms('词')).toEqual(['词']);
  });
  it('keeps glossary words whole (the dictionary), in addition to the bigrams', () => {
    const dict = glossaryDictionary(model);
    expect(dict.has('基于人类反馈的强化学习')).toBe(true);
    expect(dict.has('对齐')).toBe(false); // two characters: already a bigram
    const tokens = tokenize('我们用基于人类反馈的强化学习训练', dict);
    const whole = tokens.find((t) => t.kind === 'dict');
    expect(whole).toMatchObject({ term: '基于人类反馈的强化学习', start: 3, end: 14 });
    expect(terms('思维链提示', dict)).toContain('思维链');
  });
  it('lower-cases, stems plurals, drops stop words and joins hyphenated compounds', () => {
    expect(terms('The Models of pre-training')).toEqual(['model', 'pre', 'training', 'pretraining']);
    expect(terms('strategies')).toEqual(['strategy']);
    expect(terms('GPT-3')).toEqual(['gpt', '3', 'gpt3']);
  });
  it('normalises width (NFKC) but reports offsets in the original text', () => {
    const t = tokenize('看 ＲＬＨＦ').find((x) => x.kind === 'word');
    expect(t).toMatchObject({ term: 'rlhf', start: 2, end: 6 });
  });
  it('separates scripts and punctuation, and keeps offsets right after astral characters', () => {
    const text = '😀RLHF，对齐。';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.term)).toEqual(['rlhf', '对齐']);
    for (const t of tokens) expect(text.slice(t.start, t.end).normalize('NFKC').toLowerCase()).toBe(t.term);
  });
  it('property: the index sees exactly the terms the query side sees, at the right places', () => {
    const dict = glossaryDictionary(model);
    const piece = fc.constantFrom('a', 'Z', '9', ' ', '-', '‐', '对', '齐', '思维链', '基于人类反馈的强化学习', 'ｒｌｈｆ', 'é', '😀', '，', 'models', 'the', '\n', 'ﬁ', '²');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((a) => a.join('')), (text) => {
      const tokens = tokenize(text, dict);
      expect(indexTerms(text, dict)).toEqual(tokens.map((t) => t.term));
      for (const t of tokens) {
        expect(t.start).toBeGreaterThanOrEqual(0);
        expect(t.end).toBeLessThanOrEqual(text.length);
        expect(t.end).toBeGreaterThan(t.start);
      }
    }), { numRuns: 500 });
  });
  it('stem is idempotent enough to agree on both sides of the index', () => {
    for (const w of ['models', 'model', 'laws', 'class', 'analysis', 'strategies']) expect(stem(stem(w))).toBe(stem(w));
  });
  it('adds the joined form of short Latin queries: pinyin typed with spaces', () => {
    expect(queryTerms('dui qi', new Set())).toContain('duiqi');
    expect(queryTerms('fine tuning', new Set())).toContain('finetuning');
  });
});

// ---------------------------------------------------------------- queries

describe('normalizeQuery', () => {
  it('strips control characters and escape sequences', () => {
    expect(normalizeQuery('rl\x1b[31mhf\x1b[0m\x07')).toBe('rlhf');
    expect(normalizeQuery('a\nb\tc\u0000')).toBe('a b c');
    expect(normalizeQuery('\x1b]0;title\x07对齐')).toBe('对齐');
  });
  it('cuts very long queries', () => {
    expect([...normalizeQuery('对'.repeat(10_000))].length).toBe(MAX_QUERY_CHARS);
    expect(normalizeQuery('x'.repeat(10_000)).length).toBe(MAX_QUERY_CHARS);
  });
  it('treats regular-expression characters literally, and never throws', () => {
    for (const q of ['.*[(', '(((', '\\', '$^+?{}|', '[a-z]+', '\u0000', '   ', '💥'.repeat(300)]) {
      expect(() => search.search(q, { limit: 5, lang: 'en', width: 40 })).not.toThrow();
    }
    expect(refs('.*[(')).toEqual([]);
    expect(refs('(RLHF)')).toContain('1.2');
  });
  it('property: any string is a safe query', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (q) => {
      const hits = search.search(q, { limit: 3, lang: 'zh', width: 30 });
      for (const h of hits) expect(displayWidth(h.snippet.text)).toBeLessThanOrEqual(30);
    }), { numRuns: 200 });
  });
});

// ---------------------------------------------------------------- ranking

describe('ranking', () => {
  it('puts the section that explains a concept above sections that merely mention it', () => {
    // 1.3 says "RLHF" six times; 1.2 is where the glossary says RLHF is explained.
    expect(refs('RLHF')[0]).toBe('1.2');
    expect(refs('rlhf')[0]).toBe('1.2');
    expect(refs('基于人类反馈的强化学习')[0]).toBe('1.2');
  });
  it('finds abbreviations, aliases and Chinese words inside longer text', () => {
    expect(refs('CoT')[0]).toBe('1.4');
    expect(refs('思维链')[0]).toBe('1.4');
    expect(refs('链式推理')[0]).toBe('1.4');
    expect(refs('预训练')).toContain('1.4'); // only inside 预训练数据很重要
  });
  it('finds pinyin, full and by initials', () => {
    expect(refs('duiqi')).toContain('1.1');
    expect(refs('dq')).toContain('1.1');
    expect(refs('dui qi')).toContain('1.1');
    expect(refs('siweilian')[0]).toBe('1.4');
    expect(refs('shusousuo')[0]).toBe('1.5');
  });
  it('tolerates small typos and takes prefixes', () => {
    expect(refs('allignment')).toContain('1.1');
    expect(refs('transfomer')).toContain('1.5');
    expect(refs('optimiz')).toContain('1.3');
  });
  it('filters by chapter and limits the results, one result per section', () => {
    const hits = search.search('alignment', { limit: 2, lang: 'en', width: 60 });
    expect(hits.length).toBe(2);
    expect(new Set(hits.map((h) => h.ref)).size).toBe(hits.length);
    expect(search.search('alignment', { limit: 5, chapter: 2, lang: 'en', width: 60 })).toEqual([]);
  });
  it('says which term matched and what kind of hit it is', () => {
    const [top] = search.search('RLHF', { limit: 1, lang: 'en', width: 60 });
    expect(top).toMatchObject({ ref: '1.2', term: 'RLHF', title: 'Human preference alignment: RLHF' });
    expect(['section', 'term']).toContain(top!.kind);
    expect(top!.score).toBeGreaterThan(0);
    const [zh] = search.search('对齐', { limit: 1, lang: 'zh', width: 60 });
    expect(zh!.title).toMatch(/对齐/);
  });
  it('a query reading only its own terms scores exactly like the whole index', () => {
    const dict = glossaryDictionary(model);
    // MiniSearch itself, given the same documents...
    const built = new MiniSearch<SearchDoc>(indexOptions(dict));
    for (const doc of buildSearchDocuments(model).docs) built.add(doc);
    // ...ranks like our file, read whole or a query's terms only, and after a round trip through the builder.
    const file = SearchIndexFile.open(encodeSearchIndex(buildSearchIndex(model)))!;
    const again = SearchIndexFile.open(encodeSearchIndex({ ...buildSearchIndex(model), index: file.loadAll(dict) }))!;
    const whole = MiniSearch.loadJS<SearchDoc>(JSON.parse(JSON.stringify(built)), indexOptions(dict));
    for (const q of ['rlhf', 'alignment', '对齐', 'transfomer', 'optimiz', '对', 'aligned models']) {
      const expected = built.search(q).map((r) => [r.id, r.score]);
      expect(expected.length, q).toBeGreaterThan(0);
      expect(whole.search(q).map((r) => [r.id, r.score])).toEqual(expected);
      expect(file.miniSearchFor(queryTerms(q, dict), dict).search(q).map((r) => [r.id, r.score])).toEqual(expected);
      expect(again.miniSearchFor(queryTerms(q, dict), dict).search(q).map((r) => [r.id, r.score])).toEqual(expected);
    }
  });
  it('reads every record back when rebuilding, from the file or from the chunks just built', () => {
    const dict = glossaryDictionary(model);
    const data = buildSearchIndex(model);
    const chunks = encodeSearchIndexChunks(data);
    const bytes = encodeSearchIndex(buildSearchIndex(model));
    const recordsOf = (file: SearchIndexFile) => {
      const { shorts, ids } = file.documentTable();
      const stored = file.documents(shorts).storedFields;
      return Object.fromEntries(shorts.map((short, i) => [ids[i], storedRecord(stored[short] ?? {})]));
    };
    const expected = recordsOf(SearchIndexFile.open(bytes)!);
    expect(Object.values(expected).filter((r) => r !== undefined).length).toBe(Object.keys(expected).length);
    for (const file of [SearchIndexFile.fromChunks(chunks)!, SearchIndexFile.open(bytes)!]) {
      const again = SearchIndexFile.open(encodeSearchIndex({ ...buildSearchIndex(model), index: file.loadAll(dict) }))!;
      expect(recordsOf(again)).toEqual(expected);
    }
  });
  it('reads parts on demand from a file as from memory', () => {
    const bytes = encodeSearchIndex(buildSearchIndex(model, pinyinSyllables));
    const nl = bytes.indexOf(10);
    const reads: [number, number][] = [];
    const file = SearchIndexFile.fromParts(bytes.subarray(0, nl), (a, b) => {
      reads.push([a, b]);
      return bytes.subarray(nl + 1 + a, nl + 1 + b);
    })!;
    const lazy = new NotesSearch(model, file);
    const eager = new NotesSearch(model, SearchIndexFile.open(bytes)!);
    for (const q of ['rlhf', '对齐', 'duiqi']) expect(lazy.search(q, { limit: 5, lang: 'en', width: 50 })).toEqual(eager.search(q, { limit: 5, lang: 'en', width: 50 }));
    const total = bytes.length - nl - 1;
    expect(reads.reduce((sum, [a, b]) => sum + (b - a), 0)).toBeLessThan(total);
  });
  it('refuses an index file of another version or damaged bytes', () => {
    expect(SearchIndexFile.open(Buffer.from('garbage'))).toBeNull();
    expect(SearchIndexFile.open(Buffer.from('{"version":0}\n[]'))).toBeNull();
  });
  it('works without pinyin (a model built without the pinyin library)', () => {
    const plain = engine(false);
    expect(plain.search('rlhf', { limit: 1, lang: 'en', width: 40 })[0]!.ref).toBe('1.2');
    expect(plain.search('duiqi', { limit: 3, lang: 'en', width: 40 })).toEqual([]);
  });
});

// ---------------------------------------------------------------- snippets

describe('snippets', () => {
  it('cuts on display columns around the match, CJK-safe, with … where cut', () => {
    const text = '大型语言模型在预训练之后还需要对齐，使模型的行为符合人类的意图与价值观，这一过程通常包括监督微调和基于人类反馈的强化学习。';
    const at = text.indexOf('基于人类反馈');
    const s = makeSnippet(text, [[at, at + 11]], 24);
    expect(displayWidth(s.text)).toBeLessThanOrEqual(24);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.marks.length).toBe(1);
    const [a, b] = s.marks[0]!;
    expect('基于人类反馈的强化学习'.startsWith(s.text.slice(a, b))).toBe(true);
    expect(b - a).toBeGreaterThanOrEqual(6);
  });
  it('starts at the beginning when there is no match, and keeps short text whole', () => {
    expect(makeSnippet('short text', [], 40)).toEqual({ text: 'short text', marks: [] });
    const s = makeSnippet('a'.repeat(100), [], 20);
    expect(s.text).toBe('a'.repeat(19) + '…');
  });
  it('property: never wider than asked, never splits a character, marks inside the text', () => {
    const char = fc.constantFrom('a', ' ', '对', '齐', '😀', 'é', '，', 'x');
    fc.assert(fc.property(fc.array(char, { maxLength: 120 }).map((a) => a.join('')), fc.integer({ min: 8, max: 80 }), fc.nat(), (text, width, seed) => {
      const at = text.length ? seed % text.length : 0;
      const s = makeSnippet(text, text.length ? [[at, Math.min(text.length, at + 1)]] : [], width);
      expect(displayWidth(s.text)).toBeLessThanOrEqual(width);
      expect(s.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      for (const [a, b] of s.marks) {
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(s.text.length);
        expect(b).toBeGreaterThan(a);
      }
    }), { numRuns: 300 });
  });
  it('highlights stems, joined compounds and runs of Chinese bigrams', () => {
    const opts = { minCjkRun: 3 };
    const text = 'Models of pre-training';
    const words = matchRanges(text, new Set(['model', 'pretraining']), opts).map(([a, b]) => text.slice(a, b));
    expect(words).toEqual(['Models', 'pre-training']);
    const zh = '训练模型需要预训练数据';
    const runs = matchRanges(zh, new Set(['预训', '训练']), opts).map(([a, b]) => zh.slice(a, b));
    expect(runs).toEqual(['预训练']); // the lone 训练 at the start is too short to mark
  });
  it('turns Markdown and LaTeX into one line of plain text', () => {
    expect(markdownToPlain('## Title\n\n**Bold** and `code` and [a link](http://x).\n\n$\\alpha + \\beta$')).toBe('Title Bold and code and a link. α + β');
    expect(markdownToPlain('第一行\n第二行')).toBe('第一行第二行');
    expect(markdownToPlain('模型**很**重要')).toBe('模型很重要');
    expect(markdownToPlain('| a | b |\n| --- | :-: |\n| 1 | 2 |')).toBe('a b 1 2');
    expect(markdownToPlain('```text\ncode here\n```')).toBe('code here');
  });
});

// ---------------------------------------------------------------- glossary look-ups

describe('glossary look-ups', () => {
  it('finds a concept by any name, ignoring case, width, spaces and hyphens', () => {
    expect(findConcepts(model, 'RLHF').map((c) => c.id)).toEqual(['rlhf']);
    expect(findConcepts(model, 'Chain-of-Thought').map((c) => c.id)).toEqual(['chain-of-thought']);
    expect(findConcepts(model, '对齐').map((c) => c.id)).toEqual(['alignment']);
    expect(findConcepts(model, 'ａｌｉｇｎｍｅｎｔ').map((c) => c.id)).toEqual(['alignment']);
    expect(findConcepts(model, 'nope')).toEqual([]);
  });
  it('suggests the nearest names for a typo or a fragment', () => {
    expect(nearestConcepts(model, 'allignment')[0]!.concept.id).toBe('alignment');
    expect(nearestConcepts(model, 'preference').map((n) => n.concept.id)).toContain('dpo');
    expect(nearestConcepts(model, 'zzzzzz')).toEqual([]);
  });
  it('counts quiz questions and finds mentions on word boundaries', () => {
    expect(questionCount(model, 'rlhf')).toBe(2);
    expect(questionCount(model, 'alignment')).toBe(0);
    expect(conceptMentions(model, model.concepts[1]!).map((s) => s.ref)).toEqual(['1.3']);
  });
});
