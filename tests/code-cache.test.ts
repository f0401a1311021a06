// The V8 code cache of the bundles (src/code-cache.ts): written by the build, accepted by the
// Node that built it, and harmless when it does not fit.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { sampledFingerprint } from '../src/core/hash.js';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.js';

const cacheDir = join(ROOT, 'dist', 'code-cache');

describe('code cache', () => {
  it('holds a cache for the bundles of the everyday commands, and V8 accepts each', () => {
    const files = readdirSync(cacheDir);
    for (const bundle of ['program.cjs', 'cmd-toc.cjs', 'cmd-read.cjs', 'cmd-search.cjs', 'cmd-define.cjs', 'cmd-quiz.cjs']) {
      expect(files).toContain(`${bundle}.${sampledFingerprint(readFileSync(join(ROOT, 'dist', bundle), 'utf8'))}.bin`);
    }
    // In a Node process of its own, started like bin/fllm: V8 checks its version and flags.
    const check = `
      const { Script } = require('node:vm'); const Module = require('node:module'); const fs = require('node:fs'); const path = require('node:path');
      const out = {};
      for (const f of fs.readdirSync(${JSON.stringify(cacheDir)})) {
        const bundle = path.join(${JSON.stringify(join(ROOT, 'dist'))}, f.replace(/\\.\\d+-[0-9a-f]+\\.bin$/, ''));
        const s = new Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: fs.readFileSync(path.join(${JSON.stringify(cacheDir)}, f)) });
        out[f] = s.cachedDataRejected;
      }
      process.stdout.write(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rejected = JSON.parse(r.stdout) as Record<string, boolean>;
    expect(Object.keys(rejected).length).toBe(files.length);
    expect(Object.entries(rejected).filter(([, no]) => no)).toEqual([]);
  });

  it('is not used for a bundle built differently, even one of the same length', () => {
    const copy = tempDir('fllm-cc-');
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    const cacheFiles = () => readdirSync(join(copy, 'dist', 'code-cache')).sort();
    // With FLLM_WRITE_CODE_CACHE=1 a bundle that finds no cache of its own gets one written.
    const run = () => spawnSync(process.execPath, [join(copy, 'bin', 'fllm'), '--help'], { encoding: 'utf8', env: { ...process.env, FLLM_HOME: tempDir(), LANG: 'C.UTF-8', FLLM_LANG: 'en', FLLM_WRITE_CODE_CACHE: '1' } });
    const before = cacheFiles();
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(cacheFiles()).toEqual(before); // every bundle found its cache
    // Another text of the same length (the same program, written otherwise).
    const program = join(copy, 'dist', 'program.cjs');
    const source = readFileSync(program, 'utf8');
    const changed = source.replace('require("node:url")', "require('node:url')");
    expect(changed).not.toBe(source);
    expect(changed.length).toBe(source.length);
    writeFileSync(program, changed);
    const second = run();
    expect(second.stdout).toBe(first.stdout);
    const added = cacheFiles().filter((f) => !before.includes(f));
    expect(added).toEqual([`program.cjs.${sampledFingerprint(changed)}.bin`]);
  });

  it('is ignored when it does not fit: a damaged cache changes nothing but speed', () => {
    const copy = tempDir('fllm-cc-');
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    for (const f of readdirSync(join(copy, 'dist', 'code-cache'))) writeFileSync(join(copy, 'dist', 'code-cache', f), 'not a code cache');
    const env = { ...process.env, FLLM_HOME: tempDir(), NO_COLOR: '1', FLLM_NOTES: '', LANG: 'C.UTF-8' };
    const damaged = spawnSync(process.execPath, [join(copy, 'bin', 'fllm'), 'toc'], { encoding: 'utf8', env });
    const good = spawnSync(process.execPath, [join(ROOT, 'bin', 'fllm'), 'toc'], { encoding: 'utf8', env });
    expect(damaged.status, damaged.stderr).toBe(0);
    expect(damaged.stderr).toBe('');
    expect(damaged.stdout).toBe(good.stdout);
    expect(damaged.stdout).toContain('4.3');
  });
});
