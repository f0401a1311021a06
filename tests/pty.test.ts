// Real pseudo-terminal runs: the pager and colours are used in a terminal and not when piped.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_BOOK, runFllm, tempDir } from './helpers.js';
import { startPty } from './pty-helpers.js';

function fakePager(): string {
  const dir = tempDir();
  const path = join(dir, 'pager.sh');
  writeFileSync(path, '#!/bin/sh\necho "[fake pager]"\ncat\n');
  chmodSync(path, 0o755);
  return path;
}

describe('in a pseudo-terminal', () => {
  it('pages long output through $PAGER, with colours', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, 'read', '1'], { PAGER: fakePager() });
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('[fake pager]');
    expect(s.output()).toMatch(/\x1b\[[0-9;]*m/);
    expect(s.output()).toContain('Pre-training');
  });
  it.skipIf(!existsSync('/usr/bin/less'))('uses real less -R and quits on q', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, 'read', '1'], { PAGER: '' }, { cols: 80, rows: 8 });
    await s.waitFor('Pre-training');
    s.write('q');
    expect(await s.exited).toBe(0);
  });
  it('prints directly with --no-pager, and without colours with --no-color', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, '--no-pager', '--no-color', 'read', '1'], { PAGER: fakePager() });
    expect(await s.exited).toBe(0);
    expect(s.output()).not.toContain('[fake pager]');
    expect(s.output()).not.toMatch(/\x1b\[[0-9;]*m/);
  });
  it('respects NO_COLOR', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, '--no-pager', 'read', '1.2'], { NO_COLOR: '1' });
    expect(await s.exited).toBe(0);
    expect(s.output()).not.toMatch(/\x1b\[[0-9;]*m/);
  });
  it('shows the home menu and reads the chosen chapter', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, '--no-pager'], {}, { cols: 100, rows: 30 });
    await s.waitFor('Pick a chapter');
    s.write('\x1b[B'); // arrow down to "Pick a chapter"
    s.write('\r');
    await s.waitFor('Which chapter?');
    s.write('\r');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('1.1 Self-supervised pre-training');
  });
  it('Ctrl-C in the menu exits 130 and restores the cursor', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK], {}, { cols: 100, rows: 30 });
    await s.waitFor('Start reading');
    s.write('\x03');
    expect(await s.exited).toBe(130);
    expect(s.output()).toContain('\x1b[?25h');
  });
});

describe('quiz in a pseudo-terminal', () => {
  it('answers with arrow keys and Enter, shows feedback and the score', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, 'quiz', '--type', 'truefalse', '--count', '1'], {}, { cols: 100, rows: 30 });
    await s.waitFor('true or false');
    await s.waitFor('false');
    s.write('\x1b[B'); // down to "false"
    s.write('\r');
    await s.waitFor('score: 1/1');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('✓ correct');
    expect(s.output()).toContain('read more: fllm read 1.2');
  });
  it('Ctrl-C mid-quiz keeps the answers, prints a summary and exits 130', async () => {
    const s = startPty(['--notes', FIXTURE_BOOK, 'quiz', '--type', 'single', '--count', '3', '--seed', '1'], {}, { cols: 100, rows: 30 });
    await s.waitFor('1/3');
    s.write('\r');
    await s.waitFor('2/3');
    s.write('\x03');
    expect(await s.exited).toBe(130);
    expect(s.output()).toContain('quiz ended early; your 1 answers are saved.');
    expect(s.output()).toContain('\x1b[?25h');
  });
});

describe('indexing a large folder', () => {
  const bigFolder = () => {
    const dir = tempDir('fllm-big-');
    for (let i = 0; i < 250; i++) writeFileSync(join(dir, `${i}.md`), `# Note ${i}\n\n## Part\n\nwords about topic ${i}\n`);
    return dir;
  };
  it('shows a progress bar on stderr in a terminal the first time, and clears it', async () => {
    const dir = bigFolder();
    const home = tempDir();
    const s = startPty(['--notes', dir, 'search', 'topic', '--no-pager'], { FLLM_HOME: home }, { cols: 100, rows: 40 });
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/indexing notes \[#+-*\] \d+\/250/);
    expect(s.output()).toMatch(/indexing for search \[#+-*\] \d+\/\d+/);
    expect(s.output()).toContain('\r\x1b[2K');
    // From the cache: no indexing, no bar.
    const again = startPty(['--notes', dir, 'search', 'topic', '--no-pager'], { FLLM_HOME: home }, { cols: 100, rows: 40 });
    expect(await again.exited).toBe(0);
    expect(again.output()).not.toContain('indexing');
    expect(again.output()).toContain('topic');
  });
  it('shows none when stderr is not a terminal', () => {
    const r = runFllm(['--notes', bigFolder(), 'search', 'topic']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('when piped', () => {
  it('uses neither pager nor colours, even with PAGER set', () => {
    const r = runFllm(['--notes', FIXTURE_BOOK, 'read', '1'], { env: { PAGER: fakePager() } });
    expect(r.stdout).not.toContain('[fake pager]');
    expect(r.stdout).not.toContain('\x1b');
  });
  it('uses colours with FORCE_COLOR', () => {
    const r = runFllm(['--notes', FIXTURE_BOOK, 'read', '1'], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toMatch(/\x1b\[[0-9;]*m/);
    // Every command sets its colour level itself (chalk's own guess is not in the bundles).
    for (const args of [['toc'], ['search', 'rlhf'], ['define', '对齐'], ['stats']]) {
      expect(runFllm(args, { env: { FORCE_COLOR: '1' } }).stdout, args.join(' ')).toMatch(/\x1b\[[0-9;]*m/);
      expect(runFllm(args).stdout, args.join(' ')).not.toContain('\x1b');
    }
  });
});
