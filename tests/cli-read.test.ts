// End-to-end: the built bin/fllm, its stdout, stderr and exit code.
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURE_BOOK, copyFixtureBook, runFllm, tempDir, writeFiles } from './helpers.js';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const book = ['--notes', FIXTURE_BOOK];

describe('fllm read', () => {
  it('renders a section with math as Unicode and no escape codes when piped', () => {
    const r = runFllm([...book, 'read', '1.1', '--width', '60']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('1.1 Self-supervised pre-training');
    expect(r.stdout).toContain('ℒ = −∑ᵢ₌₁ⁿ log Pr(xᵢ | x_(<i))');
    expect(r.stdout).not.toContain('\\mathcal');
    expect(r.stdout).not.toContain('\x1b');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
  it('shows LaTeX with --raw-math', () => {
    const r = runFllm([...book, 'read', '1.1', '--raw-math']);
    expect(r.stdout).toContain('$\\mathcal{L} = -\\sum_{i=1}^{n}');
  });
  it('reads Chinese with --lang zh and by a Chinese term', () => {
    const r = runFllm([...book, '--lang', 'zh', 'read', '掩码语言建模']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1.1.1 掩码语言建模');
  });
  it('picks the language from FLLM_LANG, then LANG', () => {
    expect(runFllm([...book, 'read', '1.2'], { env: { FLLM_LANG: 'zh' } }).stdout).toContain('适配预训练模型');
    expect(runFllm([...book, 'read', '1.2'], { env: { LANG: 'zh_CN.UTF-8' } }).stdout).toContain('适配预训练模型');
    expect(runFllm([...book, 'read', '1.2'], { env: { LANG: 'fr_FR.UTF-8' } }).stdout).toContain('Adapting pre-trained models');
  });
  it('resumes where the reader stopped, and steps with next/prev', () => {
    const home = tempDir();
    expect(runFllm([...book, 'read', '1.1'], { home }).code).toBe(0);
    expect(runFllm([...book, 'read'], { home }).stdout).toContain('1.1 Self-supervised pre-training');
    const next = runFllm([...book, 'next'], { home });
    expect(next.stdout).toContain('1.2 Adapting pre-trained models');
    expect(runFllm([...book, 'prev'], { home }).stdout).toContain('1.1 Self-supervised pre-training');
    const state = JSON.parse(readFileSync(join(home, 'state.json'), 'utf8'));
    expect(Object.keys(Object.values(state.sources)[0] as object)).toContain('read');
  });
  it('says where you are and what comes next in the footer', () => {
    const r = runFllm([...book, 'read', '1.1']);
    expect(r.stdout).toMatch(/1\.1 Self-supervised pre-training · 2\/4 in chapter 1/);
    expect(r.stdout).toContain('next: fllm next  → 1.2 Adapting pre-trained models');
  });
  it('suggests the nearest section for an unknown ref, exit 2', () => {
    const r = runFllm([...book, 'read', 'fine-tunnig']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('fllm: no section matches "fine-tunnig"; did you mean: 1.2 Adapting pre-trained models?\n');
  });
  it('lists candidates when ambiguous, exit 2', () => {
    const r = runFllm([...book, 'read', 'pre']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('matches several sections');
    expect(r.stderr).toContain('1.1 Self-supervised pre-training');
  });
  it('refuses paths and unknown numbers without reading files', () => {
    for (const ref of ['../../etc/passwd', '99.9', '/etc/passwd']) {
      const r = runFllm([...book, 'read', ref]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain('root:');
      expect(r.stderr.split('\n').length).toBe(2);
    }
  });
  it('ends quietly when the reader closes the pipe (`| head -3`)', () => {
    // Enough text to overflow the pipe buffer, so fllm is still writing when head exits.
    const dir = copyFixtureBook();
    const filler = Array.from({ length: 4000 }, (_, i) => `Line ${i} of a long section about pre-training.`).join('\n\n');
    for (const lang of ['en', 'zh']) {
      const path = join(dir, lang, '01-pretraining.md');
      writeFiles(dir, { [`${lang}/01-pretraining.md`]: readFileSync(path, 'utf8') + '\n' + filler + '\n' });
    }
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --notes "${dir}" read 1 | head -3; echo "status=\${PIPESTATUS:-done}"`], { encoding: 'utf8', env: { ...process.env, FLLM_HOME: tempDir() } });
    expect(r.stdout.split('\n').slice(0, 3).join('\n')).toContain('1 Pre-training');
    expect(r.stderr).toBe('');
  });
});

describe('views rendered at build time', () => {
  it('print exactly what rendering the notes at run time prints', () => {
    const notes = join(BIN, '..', '..', 'notes');
    for (const [ref, lang, width] of [['1.2.7', 'en', '60'], ['4.3', 'zh', '80'], ['2', 'en', '100'], ['5.3.4', 'zh', '60']] as const) {
      const prebuilt = runFllm(['read', ref, '--lang', lang, '--width', width]);
      const runtime = runFllm(['--notes', notes, 'read', ref, '--lang', lang, '--width', width]);
      expect(prebuilt.code).toBe(0);
      expect(prebuilt.stdout).toBe(runtime.stdout);
    }
  });
});

describe('fllm toc', () => {
  it('lists chapters and sections and marks what was read', () => {
    const home = tempDir();
    runFllm([...book, 'read', '1.2'], { home });
    const r = runFllm([...book, 'toc'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1  Pre-training  1/3 sections read');
    expect(r.stdout).toMatch(/✓ +1\.2 +Adapting pre-trained models/);
    expect(r.stdout).toMatch(/· +1\.1 +Self-supervised pre-training/);
  });
  it('prints JSON with --json', () => {
    const r = runFllm([...book, 'toc', '--json', '--lang', 'zh']);
    const data = JSON.parse(r.stdout);
    expect(data.chapters[0].title).toBe('预训练');
    expect(data.chapters[0].sections.map((s: { ref: string }) => s.ref)).toEqual(['1.1', '1.1.1', '1.2']);
  });
});

describe('fllm check', () => {
  it('passes a good folder', () => {
    const r = runFllm(['check', FIXTURE_BOOK]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('notes OK: 1 chapters, 4 sections, 3 concepts, 6 questions\n');
  });
  it('prints every problem and exits 1', () => {
    const dir = copyFixtureBook();
    const glossary = readFileSync(join(dir, 'glossary.yaml'), 'utf8');
    writeFiles(dir, { 'glossary.yaml': glossary.replace('ref: "1.2"', 'ref: "1.9"').replace('related: [pre-training]\n- id: fine', 'related: [nope]\n- id: fine') });
    const r = runFllm(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('glossary.yaml:26: concept `fine-tuning` points to section 1.9, which does not exist');
    expect(r.stderr).toContain('related concept `nope` does not exist');
    expect(r.stderr).toContain('fllm: 2 problems found');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('prints the problems in Chinese with --lang zh', () => {
    const dir = copyFixtureBook();
    const glossary = readFileSync(join(dir, 'glossary.yaml'), 'utf8');
    writeFiles(dir, { 'glossary.yaml': glossary.replace('ref: "1.2"', 'ref: "1.9"').replace('related: [pre-training]\n- id: fine', 'related: [nope]\n- id: fine') });
    const r = runFllm(['--lang', 'zh', 'check', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('glossary.yaml:26: 概念 `fine-tuning` 指向的小节 1.9 不存在');
    expect(r.stderr).toContain('相关概念 `nope` 不存在');
    expect(r.stderr).toContain('发现 2 个问题');
    expect(r.stderr).not.toContain('does not exist');
  });
  it('refuses an empty folder and a missing one', () => {
    const empty = tempDir();
    const r = runFllm(['check', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no notes found');
    const missing = runFllm(['check', join(empty, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('notes folder not found');
  });
});

describe('CLI conventions', () => {
  it('prints the version', () => {
    const r = runFllm(['--version']);
    expect(r.stdout).toBe(JSON.parse(readFileSync(join(BIN, '..', '..', 'package.json'), 'utf8')).version + '\n');
  });
  it('suggests a command for a typo, exit 2', () => {
    const r = runFllm(['raed']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("fllm: unknown command 'raed'; did you mean `fllm read`? (run `fllm --help` for the list)\n");
    expect(r.stderr).toContain('read');
  });
  it('shows examples in every command help', () => {
    for (const cmd of ['read', 'toc', 'next', 'prev', 'check']) {
      const r = runFllm([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });
  it('validates flags with exit 2', () => {
    expect(runFllm(['--width', '0', 'toc']).code).toBe(2);
    const lang = runFllm(['--lang', 'fr', 'toc']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toBe('fllm: --lang must be zh or en (got "fr")\n');
  });
  it('without a TTY, plain fllm prints an overview and the help', () => {
    const r = runFllm([...book]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: fllm');
    expect(existsSync(BIN)).toBe(true);
  });
});
