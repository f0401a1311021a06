// End-to-end: `fllm search` and `fllm define` with the built bin/fllm, over the bundled notes and
// over a folder of one's own (index built on first use, cached in the data dir, rebuilt on change).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { BIN, FIXTURE_BOOK, ROOT, copyFixtureBook, runFllm, tempDir } from './helpers.js';

interface Hit {
  ref: string;
  title: string;
  kind: string;
  term: string | null;
  snippet: string;
  score: number;
}

const searchJson = (...args: string[]): Hit[] => {
  const r = runFllm(['search', ...args, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Hit[];
};

const conceptCount = (JSON.parse(readFileSync(join(ROOT, 'dist', 'notes', 'concepts.json'), 'utf8')) as unknown[]).length;

describe('fllm search', () => {
  it('prints ref, title, matched term and a highlighted snippet, no escape codes when piped', () => {
    const r = runFllm(['search', 'rlhf']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d+ results for "rlhf"$/);
    expect(lines[1]).toMatch(/^4\.3 +Human preference alignment: RLHF/);
    expect(lines[2]).toMatch(/^ {4}.*\[RLHF\]/);
    expect(r.stdout).not.toContain('\x1b');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('--json: an array of hits with ref, title, kind, snippet and score', () => {
    const hits = searchJson('RLHF');
    expect(hits.length).toBeGreaterThan(3);
    expect(hits[0]!.ref).toBe('4.3');
    for (const h of hits) {
      expect(typeof h.ref).toBe('string');
      expect(typeof h.title).toBe('string');
      expect(['section', 'term']).toContain(h.kind);
      expect(typeof h.snippet).toBe('string');
      expect(typeof h.score).toBe('number');
    }
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('searches both languages whatever the UI language: Chinese, aliases, pinyin, typos', () => {
    const top3 = (...args: string[]) => searchJson(...args, '--limit', '3').map((h) => h.ref);
    expect(top3('对齐')).toContain('4.1');
    expect(top3('对齐', '--lang', 'zh')).toContain('4.1');
    expect(top3('alignment', '--lang', 'zh')).toContain('4.1');
    expect(top3('思维链')).toContain('3.4');
    expect(top3('CoT')).toContain('3.4');
    expect(top3('基于人类反馈的强化学习')).toContain('4.3');
    expect(top3('预训练')).toContain('1.1');
    expect(top3('KV', 'cache')).toContain('2.8.3');
    expect(top3('duiqi')).toContain('4.1');
    expect(top3('dq')).toContain('4.1');
    expect(top3('allignment')).toContain('4.1');
    expect(top3('transfomer')).toContain('2.2');
  });

  it('shows titles in the UI language', () => {
    const r = runFllm(['search', 'rlhf', '--lang', 'zh', '--limit', '1']);
    expect(r.stdout).toContain('“rlhf”的搜索结果：1 条');
    expect(r.stdout).toContain('4.3  人类偏好对齐：RLHF');
  });

  it('--chapter and --limit narrow the results', () => {
    const hits = searchJson('attention', '--chapter', '5', '--limit', '4');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(4);
    for (const h of hits) expect(h.ref.split('.')[0]).toBe('5');
  });

  it('validates its options with exit 2 and one clear message', () => {
    for (const args of [['x', '--limit', '0'], ['x', '--limit', 'ten'], ['x', '--chapter', '1.5'], ['x', '--chapter', '-1']]) {
      const r = runFllm(['search', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/must be a whole number/);
    }
    const missing = runFllm(['search', 'x', '--chapter', '9']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('fllm: there is no chapter 9 (chapters: 1, 2, 3, 4, 5)\n');
    expect(runFllm(['search']).code).toBe(2);
    const empty = runFllm(['search', '  ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('give something to search for');
  });

  it('says when nothing matches and suggests what to try', () => {
    const r = runFllm(['search', 'qzxjvw']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no results for "qzxjvw"');
    expect(r.stdout).toMatch(/nearest terms: |fllm define --list/);
    const near = runFllm(['search', '.*对齐税务']);
    expect(near.code).toBe(0);
    const json = runFllm(['search', 'qzxjvw', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toContain('no results');
  });

  it('takes any query safely: regex characters, 10,000 characters, escape sequences', () => {
    const regex = runFllm(['search', '.*[(']);
    expect(regex.code).toBe(0);
    expect(regex.stdout).toContain('no results for ".*[("');
    expect(regex.stderr).toBe('');

    const long = runFllm(['search', 'attention '.repeat(1000)]);
    expect(long.code).toBe(0);
    expect(long.stderr).toBe('');
    for (const line of long.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const longZh = runFllm(['search', '注意力'.repeat(3400), '--json']);
    expect(longZh.code).toBe(0);
    expect(Array.isArray(JSON.parse(longZh.stdout))).toBe(true);

    const hostile = runFllm(['search', 'rl\x1b[31mhf\x1b]0;owned\x07\x1b[2J\u009b31m']);
    expect(hostile.code).toBe(0);
    expect(hostile.stdout + hostile.stderr).not.toMatch(/[\x1b\x07\u009b]/);
    expect(hostile.stdout).toContain('4.3');
  });

  it('--open without a terminal prints the results and says why', () => {
    const r = runFllm(['search', 'rlhf', '--open', '--limit', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--open needs a terminal');
    expect(r.stdout).toContain('4.3');
  });

  it('has help with examples', () => {
    for (const cmd of ['search', 'define']) {
      const r = runFllm([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });
});

describe('fllm define', () => {
  it('prints the glossary card', () => {
    const r = runFllm(['define', '对齐']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alignment · 对齐');
    expect(r.stdout).toContain('also called: LLM alignment');
    expect(r.stdout).toContain("The post-training methods that make a model's behaviour");
    expect(r.stdout).toContain('预训练之后让模型行为符合使用者和设计者意图');
    expect(r.stdout).toMatch(/explained in +4\.1 /);
    expect(r.stdout).toMatch(/also in +\d/);
    expect(r.stdout).toMatch(/related +instruction alignment \(指令对齐\)/);
    expect(r.stdout).toMatch(/quiz +\d+ quiz questions? \(fllm quiz --concept alignment\)/);
    expect(r.stdout).not.toContain('\x1b');
  });

  it('finds a term by abbreviation, alias or any spelling of its name, and in Chinese', () => {
    expect(runFllm(['define', 'RLHF']).stdout).toContain('reinforcement learning from human feedback');
    expect(runFllm(['define', 'kv', 'cache']).stdout).toContain('KV cache · KV 缓存');
    const zh = runFllm(['define', 'cot', '--lang', 'zh']);
    expect(zh.stdout).toContain('链式推理 · chain of thought');
    expect(zh.stdout).toContain('讲解位置');
  });

  it('--json gives the whole card', () => {
    const r = runFllm(['define', 'rlhf', '--json']);
    expect(r.code).toBe(0);
    const card = JSON.parse(r.stdout);
    expect(card).toMatchObject({ id: 'rlhf', en: 'reinforcement learning from human feedback', zh: '基于人类反馈的强化学习', ref: '4.3' });
    expect(card.aliases).toContain('RLHF');
    expect(card.definition.en.length).toBeGreaterThan(10);
    expect(card.definition.zh.length).toBeGreaterThan(5);
    expect(Array.isArray(card.mentionedIn)).toBe(true);
    expect(card.related[0]).toHaveProperty('zh');
    expect(card.questions).toBeGreaterThan(0);
  });

  it('--list lists every concept, as text and as JSON', () => {
    const text = runFllm(['define', '--list']);
    expect(text.code).toBe(0);
    expect(text.stdout.trimEnd().split('\n').length).toBe(conceptCount + 1);
    expect(text.stdout).toContain(`${conceptCount} terms`);
    const json = JSON.parse(runFllm(['define', '--list', '--json']).stdout);
    expect(json.length).toBe(conceptCount);
    expect(json[0]).toHaveProperty('id');
    expect(json[0]).toHaveProperty('questions');
  });

  it('an unknown term: the nearest terms, exit 2', () => {
    const r = runFllm(['define', 'allignment']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^fllm: no glossary term matches "allignment"; did you mean: alignment \(对齐\)/);
    const pinyin = runFllm(['define', 'duiqi']);
    expect(pinyin.code).toBe(2);
    expect(pinyin.stderr).toContain('alignment (对齐)');
    const none = runFllm(['define', 'qzxjvw']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('fllm define --list');
    expect(runFllm(['define']).code).toBe(2);
    expect(runFllm(['define', 'rlhf', '--list']).code).toBe(2);
  });
});

describe('search over a folder of your own (--notes)', () => {
  it('builds the index on first use, caches it in the data dir and reuses it', () => {
    const home = tempDir();
    const first = runFllm(['--notes', FIXTURE_BOOK, 'search', 'MLM', '--json'], { home });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)[0].ref).toBe('1.1.1');
    const cacheDir = join(home, 'cache');
    const files = readdirSync(cacheDir).filter((f) => f.startsWith('search-') && f.endsWith('.idx'));
    expect(files.length).toBe(1);
    const cache = join(cacheDir, files[0]!);
    const before = statSync(cache).mtimeMs;

    const second = runFllm(['--notes', FIXTURE_BOOK, 'search', '掩码', '--json'], { home });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)[0].ref).toBe('1.1.1');
    expect(statSync(cache).mtimeMs).toBe(before);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('search-') && f.endsWith('.idx'))).toEqual(files);
    const define = runFllm(['--notes', FIXTURE_BOOK, 'define', 'mlm'], { home });
    expect(define.code).toBe(0);
    expect(define.stdout).toContain('masked language modeling · 掩码语言建模');
  });

  it('rebuilds the index when a note changes', () => {
    const home = tempDir();
    const dir = copyFixtureBook();
    expect(JSON.parse(runFllm(['--notes', dir, 'search', 'zebra', '--json'], { home }).stdout)).toEqual([]);
    for (const lang of ['en', 'zh']) {
      const path = join(dir, lang, '01-pretraining.md');
      writeFileSync(path, readFileSync(path, 'utf8') + '\nA zebra crossing, for the test.\n');
    }
    const after = runFllm(['--notes', dir, 'search', 'zebra', '--json'], { home });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)[0].ref).toBe('1.2');
  });

  it('still works when the data dir cannot be written', () => {
    const home = join(tempDir(), 'file');
    writeFileSync(home, 'not a folder');
    const r = runFllm(['--notes', FIXTURE_BOOK, 'search', 'MLM', '--json'], { home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].ref).toBe('1.1.1');
    expect(r.stderr).toContain('cannot cache the search index');
  });
});

describe('search --open in a terminal', () => {
  it('lets the reader choose a result and opens it', async () => {
    const term = pty.spawn(process.execPath, [BIN, 'search', 'rlhf', '--open', '--no-pager', '--limit', '3'], {
      name: 'xterm-256color', cols: 100, rows: 30, cwd: ROOT,
      env: { ...process.env, FLLM_HOME: tempDir(), TERM: 'xterm-256color', LANG: 'C.UTF-8', NO_COLOR: '', FLLM_LANG: 'en' } as Record<string, string>,
    });
    let out = '';
    term.onData((d) => { out += d; });
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 400 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 25));
      if (!out.includes(text)) throw new Error(`timed out waiting for ${text}; screen:\n${out}`);
    };
    await waitFor('Open which section?');
    term.write('\x1b[B'); // the second result
    term.write('\r');
    expect(await exited).toBe(0);
    expect(out).toContain('2.5.2 RLHF in brief');
    expect(out).toMatch(/20\/\d+ in chapter 2/);
  });
});

it('the bundled index is in dist/ next to the compiled notes', () => {
  expect(existsSync(join(ROOT, 'dist', 'search-index.json'))).toBe(true);
});
