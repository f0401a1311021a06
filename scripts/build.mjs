// npm run build: bundle src/ into dist/ with esbuild, then compile the bundled notes.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', 'build-notes': 'src/build-notes.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.FLLM_NO_MINIFY !== '1',
  legalComments: 'none',
  chunkNames: '_[name]-[hash]',
  define: { FLLM_VERSION: JSON.stringify(pkg.version) },
  alias: { 'cli-highlight': './src/ui/lazy-highlight.ts', 'node-emoji': './src/ui/no-emoji.ts', 'cli-table3': './src/ui/no-table.ts' },
  external: ['node-pty'],
  banner: { js: "import{createRequire as __fllmRequire}from'node:module';const require=__fllmRequire(import.meta.url);" },
  logLevel: 'warning',
});

try {
  execFileSync(process.execPath, [join(root, 'dist', 'build-notes.js')], { stdio: 'inherit' });
} catch {
  process.exit(1); // build-notes has printed the problems
}
