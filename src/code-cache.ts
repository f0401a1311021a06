// V8's code cache for our bundles. Node 20 compiles every file it loads from source on every
// start (it has no module compile cache), which is a sizeable part of a command's few tens of
// milliseconds. `npm run build` runs a few commands with FLLM_WRITE_CODE_CACHE=1, which saves,
// for each bundle, the code V8 compiled for it; later starts hand that back to V8. V8 checks the
// data against its own version and flags and ignores it when they differ (another Node
// version): the file is then compiled as usual, just not faster. Of the source V8 checks only
// the length, so the cache file is named after a fingerprint of the bundle's text (an
// installed copy, with other file times, still finds its cache; a rebuilt bundle does not
// find the old one). The fingerprint samples the text (see sampledFingerprint): after editing
// a bundle by hand rather than rebuilding, delete dist/code-cache.
import Module from 'node:module';
import { Script } from 'node:vm';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { sampledFingerprint } from './core/hash.js';
import { basename, dirname, join } from 'node:path';

type Compile = (this: NodeModule, content: string, filename: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: Compile };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  _cache: Record<string, NodeModule>;
  _extensions: Record<string, unknown>;
}

export function useCodeCache(distDir: string): void {
  const M = Module as unknown as ModuleInternals;
  const cacheDir = join(distDir, 'code-cache');
  const writing = process.env.FLLM_WRITE_CODE_CACHE === '1';
  const compiled: [Script, string][] = [];
  const original = M.prototype._compile;
  M.prototype._compile = function (this: NodeModule, content: string, filename: string) {
    if (dirname(filename) !== distDir) return original.call(this, content, filename);
    const cacheFile = join(cacheDir, `${basename(filename)}.${sampledFingerprint(content)}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // no cache for this file: compile from source
    }
    const script = new Script(M.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (writing && (!cachedData || script.cachedDataRejected)) compiled.push([script, cacheFile]);
    const module = this;
    const require = Object.assign((id: string) => module.require(id), {
      resolve: (request: string, options?: { paths?: string[] }) => M._resolveFilename(request, module, false, options),
      main: (process as { mainModule?: NodeModule }).mainModule,
      cache: M._cache,
      extensions: M._extensions,
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
  };
  if (writing) {
    // At exit, when the run has compiled what it uses: the cache then holds those functions too.
    process.on('exit', () => {
      mkdirSync(cacheDir, { recursive: true });
      for (const [script, file] of compiled) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, file);
      }
    });
  }
}
