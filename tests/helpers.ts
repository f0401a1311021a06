// Shared test helpers: run the built binary with a private data dir.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'fllm');
export const FIXTURE_BOOK = join(ROOT, 'tests', 'fixtures', 'book');

export function tempDir(prefix = 'fllm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

export function runFllm(args: string[], options: { home?: string; env?: Record<string, string | undefined>; input?: string } = {}): RunResult {
  const home = options.home ?? tempDir();
  const env: Record<string, string | undefined> = { ...process.env, FLLM_HOME: home, NO_COLOR: undefined, FORCE_COLOR: undefined, FLLM_LANG: undefined, FLLM_NOTES: undefined, LANG: 'C.UTF-8', LC_ALL: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: options.input ?? '', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Copy the fixture book to a temp dir so a test can break it. */
export function copyFixtureBook(): string {
  const dir = tempDir('fllm-book-');
  cpSync(FIXTURE_BOOK, dir, { recursive: true });
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
