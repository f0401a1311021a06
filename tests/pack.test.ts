// `npm pack` then `npm install -g ./fllm-*.tgz` gives a working global fllm.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.js';

describe('the packed tarball', () => {
  it('installs globally and runs on the bundled notes', () => {
    const out = tempDir('fllm-pack-');
    // dist/ is already built by `npm test`; skip prepare so the tests' dist is not rebuilt under them.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out], { cwd: ROOT, stdio: 'pipe' });
    const tgz = readdirSync(out).find((f) => f.endsWith('.tgz'))!;
    const prefix = join(out, 'prefix');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', join(out, tgz)], { stdio: 'pipe' });
    const env = { ...process.env, FLLM_HOME: tempDir(), NO_COLOR: '1' };
    const fllm = join(prefix, 'bin', 'fllm');
    const version = spawnSync(fllm, ['--version'], { encoding: 'utf8', env });
    expect(version.status).toBe(0);
    const toc = spawnSync(fllm, ['toc', '--lang', 'en'], { encoding: 'utf8', env });
    expect(toc.status).toBe(0);
    expect(toc.stdout).toContain('Pre-training');
    const read = spawnSync(fllm, ['read', '1.1', '--lang', 'zh'], { encoding: 'utf8', env });
    expect(read.status).toBe(0);
    expect(read.stdout).toContain('1.1');
    // The installed copy (other file times) finds the code cache the build wrote, and V8 takes it.
    const dist = join(prefix, 'lib', 'node_modules', 'fllm', 'dist');
    const check = `
      const { Script } = require('node:vm'); const Module = require('node:module'); const fs = require('node:fs'); const path = require('node:path');
      const dist = ${JSON.stringify(dist)}; let used = 0;
      for (const f of fs.readdirSync(path.join(dist, 'code-cache'))) {
        const bundle = path.join(dist, f.replace(/\\.\\d+-[0-9a-f]+\\.bin$/, ''));
        const s = new Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: fs.readFileSync(path.join(dist, 'code-cache', f)) });
        if (!s.cachedDataRejected) used++;
      }
      process.stdout.write(String(used));`;
    const accepted = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(Number(accepted.stdout)).toBeGreaterThanOrEqual(6);
  }, 240_000);
});
