// The stat used to check a big folder for changes (src/io/stamps.ts) must say exactly what
// fs.statSync says, for every kind of path.
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stamper, type Stamp } from '../src/io/stamps.js';
import { tempDir } from './helpers.js';

const copy = (s: Stamp | null) => (s ? { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs } : null);

describe('stamps', () => {
  const dir = tempDir('fllm-stamps-');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.md'), '# A\n');
  writeFileSync(join(dir, 'sub', 'b.md'), 'x'.repeat(12345));
  writeFileSync(join(dir, '中文 笔记.md'), '# 中\n');
  utimesSync(join(dir, 'a.md'), 1_700_000_000.123456, 1_700_000_000.987654);
  symlinkSync(join(dir, 'a.md'), join(dir, 'link.md'));
  symlinkSync(join(dir, 'nowhere.md'), join(dir, 'broken.md'));
  const paths = ['', 'sub', 'a.md', 'sub/b.md', '中文 笔记.md', 'link.md', 'broken.md', 'missing.md', 'a.md/inside', 'sub/'].map((p) => join(dir, p));

  it('agrees with fs.statSync on files, folders, links and paths that are not there', () => {
    const fast = stamper(dir);
    const slow = stamper(dir, false);
    for (const p of paths) expect(copy(fast(p)), p).toEqual(copy(slow(p)));
    expect(copy(fast(join(dir, 'a.md')))!.mtimeMs).toBeCloseTo(1_700_000_000_987.654, 2);
    expect(fast(join(dir, 'missing.md'))).toBeNull();
  });

  it('uses the binding on Node 20, and sees a change made after it was set up', () => {
    const fast = stamper(dir);
    if (process.versions.node.startsWith('20.')) expect(fast).not.toBe(stamper(dir, false));
    writeFileSync(join(dir, 'sub', 'b.md'), 'shorter');
    expect(fast(join(dir, 'sub', 'b.md'))!.size).toBe(7);
  });
});
