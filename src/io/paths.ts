// Where fllm keeps its data, and where the bundled notes live.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLLM_HOME) return resolve(env.FLLM_HOME);
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'fllm');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'fllm');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'fllm');
}

let root: string | undefined;

/** The package root: dist/ chunks sit one level below it. */
export function packageRoot(): string {
  return (root ??= resolve(dirname(fileURLToPath(import.meta.url)), '..'));
}

export function bundledNotesDir(): string {
  return join(packageRoot(), 'notes');
}

/** The bundled notes, compiled at build time and split into parts (see src/build-notes.ts). */
export function compiledNotesDir(): string {
  return join(packageRoot(), 'dist', 'notes');
}
