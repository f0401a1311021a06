// The review log in real separate processes: concurrent writers, kills, damage, permissions.
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendEvents, loadLog, logWarnings, newEventId } from '../src/io/review-log.js';
import { replay } from '../src/core/scheduler.js';
import { DataError } from '../src/errors.js';
import { ROOT, tempDir } from './helpers.js';

let writer = '';
beforeAll(async () => {
  writer = join(tempDir('fllm-writer-'), 'writer.mjs');
  await build({ entryPoints: [join(ROOT, 'tests/support/log-writer.ts')], bundle: true, platform: 'node', format: 'esm', outfile: writer, logLevel: 'error' });
});

function runWriters(dir: string, processes: number, count: number): Promise<number[]> {
  return Promise.all(Array.from({ length: processes }, (_, w) => new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [writer, dir, String(count), String(w)], { stdio: 'ignore' });
    child.on('exit', (code) => resolve(code ?? -1));
  })));
}

describe('review log under concurrency', () => {
  it('8 processes × 200 reviews give exactly 1,600 whole lines and the right states', async () => {
    const dir = tempDir();
    expect(await runWriters(dir, 8, 200)).toEqual(Array(8).fill(0));
    const text = readFileSync(join(dir, 'reviews.jsonl'), 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(1600);
    const log = loadLog(dir);
    expect(log.badLines).toEqual([]);
    expect(log.tornLastLine).toBe(false);
    expect(new Set(log.events.map((e) => e.id)).size).toBe(1600);
    const states = replay(log.events);
    expect(states.size).toBe(8 * 7);
    for (const s of states.values()) expect(s.reviews).toBeGreaterThanOrEqual(28);
    expect([...states.values()].reduce((a, s) => a + s.reviews, 0)).toBe(1600);
  }, 60_000);

  it('a writer killed with SIGKILL loses at most the line it was writing', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [writer, dir, '1000000', '0'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const log = loadLog(dir);
    expect(log.badLines).toEqual([]);
    const lines = readFileSync(join(dir, 'reviews.jsonl'), 'utf8').split('\n');
    const complete = lines.length - 1;
    expect(log.events.length).toBe(complete);
    expect(log.events.length).toBeGreaterThan(0);
  }, 30_000);
});

describe('review log damage', () => {
  const line = (id: string) => JSON.stringify({ v: 1, id, card: 'q:a', at: '2026-01-01T00:00:00.000Z', rating: 3, source: 'quiz' });
  it('ignores and reports a torn last line, and the next append starts on a new line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'reviews.jsonl'), `${line('a')}\n${line('b')}\n{"v":1,"id":"c","ca`);
    const log = loadLog(dir);
    expect(log.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(log.tornLastLine).toBe(true);
    expect(logWarnings(log).join('\n')).toContain('the last line was cut off mid-write');
    appendEvents(dir, [{ id: 'd', card: 'q:a', at: new Date('2026-01-02T00:00:00Z'), rating: 3, source: 'quiz' }]);
    const after = loadLog(dir);
    expect(after.events.map((e) => e.id)).toEqual(['a', 'b', 'd']);
    expect(after.badLines).toEqual([3]);
    // Nothing was rewritten: the old bytes are all still there.
    expect(readFileSync(join(dir, 'reviews.jsonl'), 'utf8').startsWith(`${line('a')}\n${line('b')}\n{"v":1,"id":"c","ca\n`)).toBe(true);
  });
  it('loads the valid lines of a log edited into garbage and names the bad ones', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'reviews.jsonl'), [line('a'), 'garbage', '{"v":1}', line('b'), '[1,2]', JSON.stringify({ v: 1, id: 'x', card: 'q:a', at: 'yesterday', rating: 3 }), JSON.stringify({ v: 1, id: 'y', card: 'q:a', at: '2026-01-01T00:00:00Z', rating: 9 }), ''].join('\n'));
    const log = loadLog(dir);
    expect(log.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(log.badLines).toEqual([2, 3, 5, 6, 7]);
    expect(logWarnings(log)[0]).toContain('skipped 5 unreadable lines (line 2, 3, 5, 6, 7)');
  });
  it('refuses clearly when the data dir cannot be written, and leaves the log intact', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const bad = join(dir, 'not-a-folder', 'fllm');
    expect(() => appendEvents(bad, [{ id: newEventId(), card: 'q:a', at: new Date(), rating: 3, source: 'quiz' }])).toThrowError(DataError);
    expect(() => appendEvents(bad, [{ id: newEventId(), card: 'q:a', at: new Date(), rating: 3, source: 'quiz' }])).toThrowError(/cannot save the review .* the log is unchanged/);
  });
  it.skipIf(!existsSync('/dev/full'))('reports a full disk clearly', () => {
    const dir = tempDir();
    symlinkSync('/dev/full', join(dir, 'reviews.jsonl'));
    expect(() => appendEvents(dir, [{ id: 'a', card: 'q:a', at: new Date(), rating: 3, source: 'quiz' }])).toThrowError(/\(the disk is full\); the log is unchanged/);
  });
  it.skipIf(process.getuid?.() === 0)('refuses a read-only folder (not testable as root)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'ro'));
    appendFileSync(join(dir, 'ro', 'reviews.jsonl'), line('a') + '\n');
    spawnSync('chmod', ['-R', 'a-w', join(dir, 'ro')]);
    expect(() => appendEvents(join(dir, 'ro'), [{ id: 'b', card: 'q:a', at: new Date(), rating: 3, source: 'quiz' }])).toThrowError(/not writable/);
    expect(loadLog(join(dir, 'ro')).events.map((e) => e.id)).toEqual(['a']);
  });
});
