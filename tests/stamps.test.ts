// The stat used to check a big folder for changes (src/io/stamps.ts) must say exactly what
// fs.statSync says, for every kind of path.
import { describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderUnchanged, stamper, type Stamp } from '../src/io/stamps.js';
import type { DirStamp } from '../src/io/notes-source.js';
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

  it('checks a folder relative to it, and comes back to the working directory, even one that is gone', () => {
    const root = tempDir('fllm-unchanged-');
    mkdirSync(join(root, 'part'));
    writeFiles(root, ['a.md', 'part/b.md', 'part/c.md']);
    const table = () => {
      const rel = ['a.md', 'part/b.md', 'part/c.md'];
      const st = rel.map((p) => statSync(join(root, p)));
      const dirs: DirStamp[] = ['', 'part'].map((d) => {
        const s = statSync(join(root, d));
        return [d, s.mtimeMs, s.ctimeMs];
      });
      let end = -1;
      const ends = rel.map((p) => (end += p.length + 1));
      return { dirs, files: { paths: rel.join('\0'), ends, sizes: st.map((s) => s.size), mtimes: st.map((s) => s.mtimeMs) } };
    };
    const before = table();
    const cwd = process.cwd();
    const gone = tempDir('fllm-gone-');
    try {
      expect(folderUnchanged(root, before.dirs, before.files)).toBe(true);
      expect(process.cwd()).toBe(cwd);
      process.chdir(gone);
      rmSync(gone, { recursive: true });
      expect(folderUnchanged(root, before.dirs, before.files)).toBe(true); // by whole paths
      writeFileSync(join(root, 'part', 'c.md'), 'longer than before');
      expect(folderUnchanged(root, before.dirs, before.files)).toBe(false);
      process.chdir(cwd);
      const after = table();
      expect(folderUnchanged(root, after.dirs, after.files)).toBe(true);
      expect(folderUnchanged(root, after.dirs, { ...after.files, paths: 'a.md\0part/b.md' })).toBe(false); // a row short
      rmSync(join(root, 'a.md'));
      expect(folderUnchanged(root, after.dirs, after.files)).toBe(false);
      expect(process.cwd()).toBe(cwd);
    } finally {
      process.chdir(cwd);
    }
  });
});

function writeFiles(root: string, paths: string[]): void {
  for (const p of paths) writeFileSync(join(root, p), `# ${p}\n`);
}
