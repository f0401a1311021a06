// The bench script runs end to end on a tiny corpus (timings are not judged here).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

describe('npm run bench', () => {
  it('prints the table for every command on a tiny corpus', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), '--quick', '--no-build', '--no-hyperfine', '--runs', '2', '--notes-count', '30'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const label of ['fllm --version', 'fllm toc', 'fllm search rlhf --json', 'fllm define 对齐', 'fllm quiz --list --json', 'fllm read 4.3 --no-pager', 'first index build (30 notes', 'cached search (30 notes)', 'cached start-up, whole notes (30 notes, toc)', 'update after one note changes (30 notes)']) {
      expect(r.stdout).toContain(`| ${label}`);
    }
    expect(r.stdout).toMatch(/\| command \| median ms \| ratio to node \| target \| result \| peak RSS MB \| note \|/);
    const rows = r.stdout.split('\n').filter((l) => /^\| (fllm|first|cached|update)/.test(l));
    expect(rows).toHaveLength(10);
    // Figures with a target say pass or FAIL; the two reported without one say so.
    expect(rows.filter((row) => /\| (pass|FAIL) \| \d+\.\d \|/.test(row))).toHaveLength(8);
    expect(rows.filter((row) => /\| – \| – \| \d+\.\d \|/.test(row))).toHaveLength(2);
  }, 180_000);
});
