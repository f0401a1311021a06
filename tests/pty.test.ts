// Real pseudo-terminal runs: the pager and colours are used in a terminal and not when piped.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { BIN, FIXTURE_BOOK, runFllm, tempDir } from './helpers.js';

interface Session {
  output: () => string;
  write: (s: string) => void;
  exited: Promise<number>;
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
}

export function startPty(args: string[], env: Record<string, string> = {}, size = { cols: 80, rows: 12 }): Session {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['NO_COLOR', 'FORCE_COLOR', 'FLLM_LANG', 'CI'].includes(k)) clean[k] = v;
  const term = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color', cols: size.cols, rows: size.rows, cwd: process.cwd(),
    env: { ...clean, TERM: 'xterm-256color', LANG: 'C.UTF-8', FLLM_HOME: tempDir(), ...env },
  });
  let buffer = '';
  term.onData((d) => { buffer += d; });
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    output: () => buffer,
    write: (s) => term.write(s),
    exited,
    waitFor: (text, timeoutMs = 10_000) => new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        const hit = typeof text === 'string' ? buffer.includes(text) : text.test(buffer);
        if (hit) return resolve();
        if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${String(text)}; screen so far:\n${buffer}`));
        setTimeout(tick, 25);
      };
      tick();
    }),
  };
}

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

describe('when piped', () => {
  it('uses neither pager nor colours, even with PAGER set', () => {
    const r = runFllm(['--notes', FIXTURE_BOOK, 'read', '1'], { env: { PAGER: fakePager() } });
    expect(r.stdout).not.toContain('[fake pager]');
    expect(r.stdout).not.toContain('\x1b');
  });
  it('uses colours with FORCE_COLOR', () => {
    const r = runFllm(['--notes', FIXTURE_BOOK, 'read', '1'], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toMatch(/\x1b\[[0-9;]*m/);
  });
});
