// Bring your own notes: any folder of Markdown, messy or large.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, utimesSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileFilePart, naturalCompare } from '../src/core/compile-loose.js';
import { runFllm, tempDir, writeFiles } from './helpers.js';

describe('plain Markdown files', () => {
  it('take the first # heading as title, and use the shallowest remaining level as sections', () => {
    const part = compileFilePart('x.md', '# Title\n\nintro\n\n### A\n\ntext\n\n#### A1\n\n### B\n');
    expect(part.title).toBe('Title');
    expect(part.intro).toBe('intro');
    expect(part.sections.map((s) => [s.depth, s.title])).toEqual([[1, 'A'], [2, 'A1'], [1, 'B']]);
  });
  it('fall back to the file name without a heading, and read frontmatter when there is some', () => {
    expect(compileFilePart('notes/03-注意力.md', 'just text').title).toBe('注意力');
    expect(compileFilePart('a.md', '---\ntitle: From frontmatter\n---\n# Heading\n').title).toBe('From frontmatter');
  });
  it('turn `Term:: definition` lines into definitions and quiz blocks into questions', () => {
    const part = compileFilePart('a.md', '# T\n\n## S\n\nKV cache:: Stored keys and values.\n\n```quiz\n- id: q1\n  type: truefalse\n  question: Q?\n  answer: true\n  explanation: E.\n```\n');
    expect(part.definitions).toEqual([{ term: 'KV cache', definition: 'Stored keys and values.', line: 5, section: 0 }]);
    expect(part.quizBlocks).toHaveLength(1);
    expect(part.sections[0]!.body).toBe('**KV cache**: Stored keys and values.');
  });
  it('sort naturally', () => {
    expect(['10-b.md', '2-a.md', '1-c.md'].sort(naturalCompare)).toEqual(['1-c.md', '2-a.md', '10-b.md']);
  });
});

/** Rewrite a note and move its mtime ahead, as an editor would (a test runs faster than the clock ticks). */
function edit(path: string, text: string): void {
  writeFileSync(path, text);
  const t = new Date(Date.now() + 10_000);
  utimesSync(path, t, t);
}

describe('fllm --notes DIR', () => {
  it('reads a folder without any preparation: chapters in natural order, Chinese names, links', () => {
    const dir = tempDir('fllm-byo-');
    writeFiles(dir, {
      '10-later.md': '# Later\n\n## Ten\n\nBack to [the start](2-start.md#second).\n',
      '2-start.md': '# Start\n\n## First\n\nHello.\n\n## Second\n\nMore.\n',
      '中文/1-对齐.md': '# 对齐\n\n## 概念\n\n对齐:: 让模型符合人的意图。\n',
    });
    const toc = runFllm(['--notes', dir, 'toc', '--json']);
    expect(toc.code).toBe(0);
    const chapters = JSON.parse(toc.stdout).chapters;
    expect(chapters.map((c: { title: string }) => c.title)).toEqual(['Start', 'Later', '对齐']);
    const read = runFllm(['--notes', dir, 'read', '2.1']);
    expect(read.stdout).toContain('Back to the start (→ fllm read 1.2)');
    expect(runFllm(['--notes', dir, 'read', '对齐']).stdout).toContain('对齐: 让模型符合人的意图。');
  });
  it('FLLM_NOTES selects the folder too', () => {
    const dir = tempDir('fllm-byo-');
    writeFiles(dir, { 'a.md': '# Alpha\n\n## One\n' });
    expect(runFllm(['toc'], { env: { FLLM_NOTES: dir } }).stdout).toContain('Alpha');
  });
  it('survives real-world mess with one warning per problem, and loads the rest', () => {
    const dir = tempDir('fllm-mess-');
    writeFiles(dir, {
      'bom.md': '\uFEFF# With BOM\n\n## Fine\n',
      'crlf.md': '# CRLF\r\n\r\n## Line ends\r\n\r\nText.\r\n',
      'empty.md': '',
      'bad-utf8.md': new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x0a]),
      'binary.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]),
      '.hidden/secret.md': '# Hidden\n',
      'node_modules/pkg/readme.md': '# Dependency\n',
      'sub/ok.md': '# Sub\n\n## Fine too\n',
    });
    mkdirSync(join(dir, 'loop'));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop', 'again'));
    symlinkSync('/etc', join(dir, 'outside'));
    symlinkSync(join(dir, 'missing.md'), join(dir, 'broken.md'));
    const r = runFllm(['--notes', dir, 'toc', '--json']);
    expect(r.code).toBe(0);
    const titles = JSON.parse(r.stdout).chapters.map((c: { title: string }) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['With BOM', 'CRLF', 'empty', 'Sub']));
    expect(titles).not.toContain('Hidden');
    expect(titles).not.toContain('Dependency');
    expect(r.stderr).toContain('bad-utf8.md: not valid UTF-8 text; skipped');
    expect(r.stderr).toContain('binary.md: binary file, not Markdown text; skipped');
    expect(r.stderr).toContain('outside: link points outside the notes folder; not followed');
    expect(r.stderr).toContain('broken.md: broken link; skipped');
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^fllm: (warning: )?/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('reads a 50 MB file', () => {
    const dir = tempDir('fllm-big-');
    const para = 'Attention lets every token look at every other token. '.repeat(20) + '\n\n';
    writeFileSync(join(dir, 'big.md'), '# Big\n\n## Part\n\n' + para.repeat(Math.ceil(50_000_000 / para.length)));
    const r = runFllm(['--notes', dir, 'toc']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Big');
  }, 60_000);
  it('caches the compiled notes and re-reads only changed files', () => {
    const dir = tempDir('fllm-cache-');
    const home = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${i + 1}.md`, `# Note ${i + 1}\n\n## S\n\ntext ${i}\n`])));
    expect(runFllm(['check', dir], { home }).stdout).toContain('(12 files read, 0 unchanged from cache)');
    const cacheFiles = () => readdirSync(join(home, 'cache')).sort();
    const segments = () => cacheFiles().filter((f) => f.endsWith('.txt'));
    expect(cacheFiles().map((f) => f.replace(/-[0-9a-f]{16}/, '-KEY').replace(/-\d+-[0-9a-z]+-\d+\.txt$/, '-N.txt'))).toEqual(['notes-KEY-N.txt', 'notes-KEY.json']);
    const firstName = segments()[0]!;
    const firstSegment = readFileSync(join(home, 'cache', firstName));
    expect(runFllm(['check', dir], { home }).stdout).toContain('(0 files read, 12 unchanged from cache)');
    writeFileSync(join(dir, '3.md'), '# Note three, edited\n\nwith words\n');
    utimesSync(join(dir, '3.md'), new Date(), new Date(Date.now() + 5000));
    expect(runFllm(['check', dir], { home }).stdout).toContain('(1 file read, 11 unchanged from cache)');
    // The edited note's text went to a segment of its own; the first one was left as it was.
    expect(segments()).toHaveLength(2);
    // (By name: names hold the writer's pid, so their order is not the order they were written.)
    expect(segments()).toContain(firstName);
    expect(readFileSync(join(home, 'cache', firstName))).toEqual(firstSegment);
    expect(runFllm(['--notes', dir, 'toc'], { home }).stdout).toContain('Note three, edited');
    expect(runFllm(['--notes', dir, 'read', '7.1'], { home }).stdout).toContain('text 6');
    // When most bytes belong to old versions, the segments are merged into one.
    for (let i = 1; i <= 12; i++) edit(join(dir, `${i}.md`), `# Note ${i}, rewritten\n\n## S\n\nnew text ${i}\n`);
    expect(runFllm(['check', dir], { home }).stdout).toContain('(12 files read, 0 unchanged from cache)');
    expect(segments()).toHaveLength(1);
    expect(runFllm(['--notes', dir, 'read', '7.1'], { home }).stdout).toContain('new text 7');
  });
});

describe('reading a folder of one\'s own', () => {
  it('keeps what was read with the section, not its number, when notes come and go', () => {
    const dir = tempDir('fllm-state-');
    const home = tempDir();
    writeFiles(dir, { '1-a.md': '# A\n\n## One\n\ntext\n\n## Two\n\ntext\n', '2-b.md': '# B\n\n## Three\n\ntext\n' });
    expect(runFllm(['--notes', dir, 'read', '1.2', '--no-pager'], { home }).code).toBe(0);
    const readRefs = () => {
      const toc = JSON.parse(runFllm(['--notes', dir, 'toc', '--json'], { home }).stdout) as { position: string; chapters: { sections: { ref: string; title: string; read: boolean }[] }[] };
      return { position: toc.position, read: toc.chapters.flatMap((c) => c.sections.filter((x) => x.read).map((x) => `${x.ref} ${x.title}`)) };
    };
    expect(readRefs()).toEqual({ position: '1.2', read: ['1.2 Two'] });
    // A note that sorts first: "Two" is now 2.2, and stays read; reading resumes there.
    writeFiles(dir, { '0-first.md': '# First\n\n## Zero\n\ntext\n' });
    expect(readRefs()).toEqual({ position: '2.2', read: ['2.2 Two'] });
    expect(runFllm(['--notes', dir, 'read', '--no-pager'], { home }).stdout).toContain('Two');
    // Its note removed for a while, the mark is kept, and is back with the note.
    const saved = readFileSync(join(dir, '1-a.md'));
    rmSync(join(dir, '1-a.md'));
    expect(runFllm(['--notes', dir, 'read', '2.1', '--no-pager'], { home }).code).toBe(0);
    writeFileSync(join(dir, '1-a.md'), saved);
    expect(readRefs().read).toEqual(['2.2 Two', '3.1 Three']);
  });
  it('takes marks saved by ref (before places were used) for the sections that exist, and keeps them', () => {
    const dir = tempDir('fllm-state-');
    const home = tempDir();
    writeFiles(dir, { '1-a.md': '# A\n\n## One\n\ntext\n\n## Two\n\ntext\n', '2-b.md': '# B\n\n## Three\n\ntext\n' });
    const at = '2026-01-01T00:00:00.000Z';
    const source = realpathSync(dir);
    writeFileSync(join(home, 'state.json'), JSON.stringify({ version: 1, sources: { [source]: { position: '2.1', read: { '1.2': at, '9.9': at, '1-a.md#x': at } } } }));
    const toc = JSON.parse(runFllm(['--notes', dir, 'toc', '--json'], { home }).stdout) as { position: string; chapters: { sections: { ref: string; read: boolean }[] }[] };
    expect(toc.position).toBe('2.1');
    expect(toc.chapters.flatMap((c) => c.sections.filter((x) => x.read).map((x) => x.ref))).toEqual(['1.2']);
    // Reading another section saves everything by place; what names no section is kept as it was.
    expect(runFllm(['--notes', dir, 'read', '1.1', '--no-pager'], { home }).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(home, 'state.json'), 'utf8')).sources[source];
    expect(saved.position).toBe('1-a.md#1');
    expect(Object.keys(saved.read).sort()).toEqual(['1-a.md#1', '1-a.md#2', '1-a.md#x', '9.9']);
  });
});

describe('fllm init', () => {
  it('writes an example that passes check and can be quizzed', () => {
    const dir = join(tempDir(), 'my-notes');
    const r = runFllm(['init', dir]);
    expect(r.code).toBe(0);
    const check = runFllm(['check', dir]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^notes OK: 3 chapters, 9 sections, 6 concepts, 4 questions/);
    const quiz = runFllm(['--notes', dir, 'quiz', '--list', '--json']);
    const ids = JSON.parse(quiz.stdout).map((q: { id: string }) => q.id);
    expect(ids).toEqual(['attention-scaling', 'attention-quadratic', 'attention-mask-name', 'alignment-order']);
    // Definitions in the notes become generated questions.
    const asked = runFllm(['--notes', dir, 'quiz', '--concept', 'causal-mask', '--count', '4', '--seed', '3', '--json'], { input: 'a\n'.repeat(8) });
    expect(JSON.parse(asked.stdout).questions.map((q: { id: string }) => q.id)).toEqual(expect.arrayContaining(['gen:term-def:causal-mask']));
  });
  it('refuses a folder that is not empty', () => {
    const dir = tempDir();
    writeFiles(dir, { 'x.md': '# x' });
    const r = runFllm(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty');
  });
});
