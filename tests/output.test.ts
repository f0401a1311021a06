// Output that is not a terminal is written straight to the file descriptor, without making
// process.stdout (src/ui/output.ts). These check that it all arrives, in every kind of output.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runFllm, tempDir, writeFiles } from './helpers.js';

const bigNotes = () => {
  const dir = tempDir('fllm-big-');
  const lines = Array.from({ length: 6000 }, (_, i) => `Line ${i} of a long section about pre-training and its parts.`);
  writeFiles(dir, { 'big.md': `# Big\n\n${lines.join('\n\n')}\n` });
  return dir;
};
const env = (home: string) => ({ ...process.env, FLLM_HOME: home, NO_COLOR: '1', FLLM_LANG: 'en', LANG: 'C.UTF-8' });

const python = spawnSync('python3', ['--version']).status === 0;

describe('output that is not a terminal', () => {
  it('writes all of a long text to a file, a pipe and /dev/null alike', () => {
    const dir = bigNotes();
    const home = tempDir();
    const piped = runFllm(['--notes', dir, 'read', '1', '--no-pager'], { home });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('Line 5999 of a long section');
    const file = join(tempDir(), 'out.txt');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --notes "${dir}" read 1 --no-pager > "${file}"`], { env: env(home) });
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
    const toNull = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --notes "${dir}" read 1 --no-pager > /dev/null`], { env: env(home), encoding: 'utf8' });
    expect([toNull.status, toNull.stderr]).toEqual([0, '']);
  });

  // A pipe its writer cannot block on (another program set O_NONBLOCK on it) refuses a write
  // once full; the rest must still arrive. Node cannot make such a pipe for a child, Python can.
  it.runIf(python)('writes all of a long text to a full non-blocking pipe', () => {
    const dir = bigNotes();
    const home = tempDir();
    const expected = runFllm(['--notes', dir, 'read', '1', '--no-pager'], { home }).stdout;
    const script = join(tempDir(), 'nonblocking.py');
    writeFileSync(script, [
      'import os, subprocess, sys, time',
      'r, w = os.pipe()',
      'os.set_blocking(w, False)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(0.5)  # let the pipe fill before reading',
      'out = b""',
      'while True:',
      '    chunk = os.read(r, 65536)',
      '    if not chunk: break',
      '    out += chunk',
      'sys.stdout.buffer.write(out)',
      'sys.exit(p.wait())',
    ].join('\n'));
    const r = spawnSync('python3', [script, process.execPath, BIN, '--notes', dir, 'read', '1', '--no-pager'], { env: env(home), encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65536 * 2);
    expect(r.stdout).toBe(expected);
  });

  // A reader that has gone before anything is written: every write fails with EPIPE.
  it.runIf(python)('ends quietly when the reader has gone, and still saves the reading position', () => {
    const script = join(tempDir(), 'closed.py');
    writeFileSync(script, [
      'import os, subprocess, sys',
      'r, w = os.pipe()',
      'os.close(r)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'sys.exit(p.wait())',
    ].join('\n'));
    const run = (home: string, ...args: string[]) => spawnSync('python3', [script, process.execPath, BIN, ...args], { env: env(home), encoding: 'utf8' });
    for (const args of [['--help'], ['--version'], ['help', 'search'], ['search', 'rlhf'], ['toc', '--json'], ['define', '对齐']]) {
      const r = run(tempDir(), ...args);
      expect([args.join(' '), r.status, r.stderr]).toEqual([args.join(' '), 0, '']);
    }
    // Answers piped in: none is taken for a question nobody saw.
    for (const args of [['quiz', '--plain', '--count', '3', '--seed', '7'], ['review', '--plain']]) {
      const home = tempDir();
      const r = spawnSync('python3', [script, process.execPath, BIN, ...args], { env: env(home), encoding: 'utf8', input: '1\n'.repeat(50) });
      expect([args[0], r.status, r.stderr]).toEqual([args[0], 0, '']);
      expect(existsSync(join(home, 'reviews.jsonl')) ? readFileSync(join(home, 'reviews.jsonl'), 'utf8') : '').toBe('');
    }
    const home = tempDir();
    const r = run(home, 'read', '2.1', '--no-pager');
    expect([r.status, r.stderr]).toEqual([0, '']);
    const state = JSON.parse(readFileSync(join(home, 'state.json'), 'utf8')) as { sources: Record<string, { position?: string; read: Record<string, string> }> };
    expect(state.sources.bundled?.position).toBe('2.1');
    expect(Object.keys(state.sources.bundled?.read ?? {})).toContain('2.1');
  });

  it('loads neither node:tty nor node:net for a search into a file', () => {
    const probe = join(tempDir(), 'probe.cjs');
    const list = join(tempDir(), 'modules.txt');
    writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
    const out = join(tempDir(), 'out.json');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" --require "${probe}" "${BIN}" search rlhf --json > "${out}"`], { env: env(tempDir()), encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(out, 'utf8')).length).toBeGreaterThan(0);
    const loaded = readFileSync(list, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule fs');
    expect(loaded.filter((m) => /^NativeModule (tty|net|stream)$/.test(m))).toEqual([]);
  });
});
