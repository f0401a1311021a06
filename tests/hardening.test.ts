// Hostile notes, bad input and odd terminals: nothing crashes, nothing raw reaches the terminal.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBook, type SourceFile } from '../src/core/compile.js';
import { assembleLoose, compileFilePart } from '../src/core/compile-loose.js';
import { latexToUnicode } from '../src/core/math.js';
import { matchText, normalizeAnswer, parsePlainAnswer } from '../src/core/grade.js';
import { prepareQuestion } from '../src/core/quiz.js';
import { createRng } from '../src/core/random.js';
import { sanitizeQuery, sanitizeText } from '../src/core/sanitize.js';
import { displayWidth, wrapLine } from '../src/core/text.js';
import { FllmError } from '../src/errors.js';
import { FIXTURE_BOOK, copyFixtureBook, runFllm, tempDir, writeFiles } from './helpers.js';
import { startPty } from './pty-helpers.js';

// Every kind of sequence a hostile note might carry.
const HOSTILE = [
  '\x1b[2J\x1b[H', // clear screen, cursor home
  '\x1b]0;pwned\x07', // window title (OSC 0, BEL)
  '\x1b]52;c;cHduZWQ=\x07', // OSC 52 clipboard write
  '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', // OSC 8 hyperlink
  '\x07', // BEL
  'abc\x08\x08\x08xyz', // backspaces
  '\u202Edesrever\u202C', // bidi override
  '\u2066isolate\u2069',
  '\x9b31m', // C1 CSI
  '\x1bP+q\x1b\\', // DCS
  '\x1b[31mred\x1b[0m',
];
const ALL_HOSTILE = HOSTILE.join(' ');

/** fllm's own styling is SGR (ESC [ … m) only; anything else means content leaked through. */
function foreignEscapes(output: string): string[] {
  const withoutSgr = output.replace(/\x1b\[[0-9;]*m/g, '');
  const found: string[] = [];
  for (const m of withoutSgr.matchAll(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]/g)) found.push(JSON.stringify(m[0]));
  return found;
}

describe('hostile content never reaches the terminal raw', () => {
  const dir = copyFixtureBook();
  for (const lang of ['en', 'zh']) {
    const path = join(dir, lang, '01-pretraining.md');
    writeFiles(dir, { [`${lang}/01-pretraining.md`]: readFileSync(path, 'utf8').replace('## Self-supervised pre-training', `## Self-supervised pre-training ${ALL_HOSTILE}`).replace('## 自监督预训练', `## 自监督预训练 ${ALL_HOSTILE}`) + `\n${ALL_HOSTILE}\n` });
  }
  const glossary = readFileSync(join(dir, 'glossary.yaml'), 'utf8');
  writeFiles(dir, {
    'glossary.yaml': glossary.replace('en: fine-tuning', 'en: "fine-tuning \\e[2J\\x1b]0;t\\x07"').replace('Updating a pre-trained', '\\e]52;c;eA==\\aUpdating a pre-trained'),
    'quizzes/01-pretraining.yaml': readFileSync(join(dir, 'quizzes/01-pretraining.yaml'), 'utf8').replace('"Prompting updates the model\'s weights."', '"Prompting updates \\e[2J the model\'s weights.\\u202e"'),
  });

  it('in read, with and without colour, in both languages', () => {
    for (const env of [{}, { FORCE_COLOR: '1' }]) {
      for (const lang of ['en', 'zh']) {
        const r = runFllm(['--notes', dir, '--lang', lang, 'read', '1'], { env });
        expect(r.code).toBe(0);
        expect(foreignEscapes(r.stdout)).toEqual([]);
        expect(r.stdout).toContain('desrever'); // the text stays, the control characters go
      }
    }
  });
  it('in toc, quiz, define-like glossary text and errors', () => {
    expect(foreignEscapes(runFllm(['--notes', dir, 'toc'], { env: { FORCE_COLOR: '1' } }).stdout)).toEqual([]);
    const quiz = runFllm(['--notes', dir, 'quiz', '--type', 'truefalse', '--count', '1', '--plain'], { input: `f\x1b]0;x\x07\n`, env: { FORCE_COLOR: '1' } });
    expect(foreignEscapes(quiz.stdout)).toEqual([]);
    const list = runFllm(['--notes', dir, 'quiz', '--list']);
    expect(foreignEscapes(list.stdout)).toEqual([]);
    const err = runFllm(['--notes', dir, 'read', `nope\x1b[2J\x1b]0;t\x07`]);
    expect(err.code).toBe(2);
    expect(foreignEscapes(err.stderr)).toEqual([]);
    const unknown = runFllm([`--b\x1b[2Jogus`]);
    expect(foreignEscapes(unknown.stderr)).toEqual([]);
  });
  it('in a user folder, including file names', () => {
    const own = tempDir('fllm-hostile-');
    writeFiles(own, { [`bad\x1b[2Jname.md`]: `# Title ${ALL_HOSTILE}\n\n## S\n\n${ALL_HOSTILE}\n`, 'glossary.yaml': '- term: "x\\e[2J"\n  definition: "\\e]0;t\\a boom"\n' });
    const r = runFllm(['--notes', own, 'read', '1'], { env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(foreignEscapes(r.stdout + r.stderr)).toEqual([]);
  });
  it('sanitizeText strips each kind', () => {
    for (const h of HOSTILE) expect(foreignEscapes(sanitizeText(h)), JSON.stringify(h)).toEqual([]);
    expect(sanitizeText('keep\nnewlines\tand tabs')).toBe('keep\nnewlines\tand tabs');
  });
});

describe('terminals', () => {
  it('renders at 20 and at 300 columns', () => {
    for (const width of ['20', '300']) {
      const r = runFllm(['read', '2.2', '--width', width, '--lang', 'zh']);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(500);
    }
  });
  it('works with TERM=dumb, without TERM, and in a non-UTF-8 locale', () => {
    for (const env of [{ TERM: 'dumb' }, { TERM: undefined }, { LANG: 'C', LC_ALL: 'C' }, { LANG: 'en_US.ISO-8859-1' }]) {
      const r = runFllm(['--notes', FIXTURE_BOOK, 'read', '1.1'], { env });
      expect(r.code, JSON.stringify(env)).toBe(0);
      expect(r.stderr).toBe('');
    }
  });
  it('TERM=dumb in a terminal: no colours', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, '--no-pager', 'read', '1.2'], { TERM: 'dumb' });
    expect(await s.exited).toBe(0);
    expect(s.output()).not.toMatch(/\x1b\[[0-9;]*m/);
  });
  it('SIGTERM while the pager runs: fllm exits 143 and gives the cursor back', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, 'read', '1'], { PAGER: '' }, { cols: 80, rows: 6 });
    await s.waitFor('Pre-training');
    s.kill('SIGTERM');
    expect(await s.exited).toBe(143);
    expect(s.output()).toContain('\x1b[?25h');
  });
  it('SIGINT while the pager runs is left to the pager; q still quits', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, 'read', '1'], { PAGER: '' }, { cols: 80, rows: 6 });
    await s.waitFor('Pre-training');
    s.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    s.write('q');
    expect(await s.exited).toBe(0);
  });
  it('a resize during a prompt keeps the prompt working', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, 'quiz', '--type', 'truefalse', '--count', '1'], {}, { cols: 100, rows: 30 });
    await s.waitFor('true or false');
    s.resize(60, 20);
    await new Promise((r) => setTimeout(r, 150));
    s.write('\x1b[B\r');
    await s.waitFor('score: 1/1');
    expect(await s.exited).toBe(0);
  });
  it('SIGINT and SIGTERM in a prompt restore the cursor', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const s = startPty(['--notes', FIXTURE_BOOK, 'quiz', '--type', 'truefalse', '--count', '1'], {}, { cols: 100, rows: 30 });
      await s.waitFor('true or false');
      s.kill(signal);
      const code = await s.exited;
      expect([130, 143]).toContain(code);
      expect(s.output()).toContain('\x1b[?25h');
    }
  });
});

describe('fuzzing: only typed errors, never a hang', () => {
  const fixture = ['en/01-pretraining.md', 'zh/01-pretraining.md', 'glossary.yaml', 'quizzes/01-pretraining.yaml'].map((path) => ({ path, text: readFileSync(join(FIXTURE_BOOK, path), 'utf8') }));
  const nasty = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('---', '---\n', '```', '$$', '$', '#', '## ', '- id:', ': :', '\x1b[2J', '\uFEFF', '\r\n', '{{', '[[', '&*', '! ', '|'));
  const mutated = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5000 }), fc.array(nasty, { maxLength: 5 }), fc.integer({ min: 0, max: 50 }));

  it('the notes compiler returns problems and never throws', () => {
    fc.assert(
      fc.property(mutated, ([fileIndex, at, inserts, cut]) => {
        const files: SourceFile[] = fixture.map((f, i) => {
          let text = f.text;
          if (i === fileIndex) {
            const pos = at % (text.length + 1);
            text = text.slice(0, pos) + inserts.join('') + text.slice(pos + cut);
          }
          return { path: f.path, bytes: new TextEncoder().encode(text) };
        });
        const started = Date.now();
        const result = compileBook(files);
        expect(Date.now() - started).toBeLessThan(2000);
        expect(Array.isArray(result.problems)).toBe(true);
      }),
      { numRuns: 1500, seed: 20261130 },
    );
  });
  it('the loose compiler and quiz blocks never throw', () => {
    fc.assert(
      fc.property(fc.array(nasty, { maxLength: 30 }), (parts) => {
        const text = ['# T', '## S', '```quiz', ...parts, '```', 'Term:: def', ...parts].join('\n');
        expect(() => compileFilePart('x.md', text)).not.toThrow();
      }),
      { numRuns: 1500, seed: 11 },
    );
  });
  it('links of any shape never break reading a note', () => {
    const target = fc.stringMatching(/^[a-z0-9%#./\\ -]{0,16}$/);
    fc.assert(
      fc.property(fc.array(target, { maxLength: 6 }), (targets) => {
        const links = targets.map((t, i) => `[l${i}](${t})`).join(' ');
        const files = [
          { path: 'a.md', part: compileFilePart('a.md', `# A\n\n${links}\n\n## S\n\n${links}\n`) },
          { path: 'sub/b.md', part: compileFilePart('sub/b.md', `# B\n\n## T\n\n${links}\n`) },
        ];
        const model = assembleLoose(files, [], []);
        for (const c of model.chapters) for (const sec of c.sections) expect(typeof sec.body.en).toBe('string');
      }),
      { numRuns: 500, seed: 30 },
    );
    // End to end: a malformed percent-encoding in a link target.
    const dir = tempDir('fllm-links-');
    writeFiles(dir, { 'a.md': '# A\n\n## S\n\nSee [this](100%.md) and [that](b.md#%E0%A4%A).\n', 'b.md': '# B\n\n## T\n\ntext\n' });
    const r = runFllm(['--notes', dir, 'read', '1.1', '--no-pager']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('that (→ fllm read 2)');
  });
  it('the answer matcher and plain-answer parser never throw', () => {
    const files = fixture.map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) }));
    const { model } = compileBook(files);
    const prepared = model.questions.map((q) => prepareQuestion(q, createRng(1)));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.array(fc.string(), { maxLength: 5 }), (given, accepted) => {
        normalizeAnswer(given);
        matchText(given, accepted.map(normalizeAnswer));
        for (const p of prepared) parsePlainAnswer(p, given);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
  it('query sanitizing: bounded, single-line, no controls', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), (q) => {
        const s = sanitizeQuery(q);
        expect([...s].length).toBeLessThanOrEqual(200);
        expect(s).not.toMatch(/[\n\r\x1b\x00-\x1f]/);
      }),
      { numRuns: 2000, seed: 9 },
    );
  });
  it('the math converter never throws on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const started = Date.now();
        latexToUnicode(s);
        expect(Date.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 3000, seed: 4 },
    );
  });
  it('the wrapper never exceeds the width on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 2, max: 200 }), (s, width) => {
        for (const l of wrapLine(sanitizeText(s).replace(/\n/g, ' '), width)) expect(displayWidth(l)).toBeLessThanOrEqual(width);
      }),
      { numRuns: 3000, seed: 8 },
    );
  });
  it('project errors are typed', () => {
    expect(new FllmError('x')).toBeInstanceOf(Error);
  });
});

describe('flags', () => {
  it('errors speak the UI language', () => {
    expect(runFllm(['--lang', 'zh', 'quiz', '--type', 'essay']).stderr).toBe('fllm: --type essay：只能是 single、multi、truefalse、short、cloze、order 之一\n');
    expect(runFllm(['raed'], { env: { FLLM_LANG: 'zh' } }).stderr).toContain('没有“raed”这个命令；你是不是要用 `fllm read`？');
    expect(runFllm(['--notes', '/nonexistent/x', 'toc'], { env: { LANG: 'zh_CN.UTF-8' } }).stderr).toContain('找不到笔记文件夹');
    expect(runFllm(['--lang', 'en', 'quiz', '--type', 'essay']).stderr).toContain('--type essay: must be one of');
  });
  it('every bad flag gives one clear line and exit 2', () => {
    for (const args of [['quiz', '--count', '-1'], ['quiz', '--chapter', '99'], ['--lang', 'fr', 'toc'], ['--width', '0', 'toc'], ['review', '--limit', '0'], ['review', '--chapter', '99'], ['export', '--format', 'pdf'], ['read', '99.9']]) {
      const r = runFllm(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().length).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
