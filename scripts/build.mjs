// npm run build: bundle src/ into dist/ with esbuild, then compile the bundled notes.
//
// Start-up time is the budget (see `npm run bench`), so the output is one CommonJS file per
// command rather than ESM chunks: Node 20 loads CommonJS faster than ES modules, and a command
// loads exactly its own file. `dist/cli.cjs` is tiny (for `fllm --version`), `dist/program.cjs`
// holds commander and the command table, `dist/cmd-<name>.cjs` each command, and the heavy
// parts used only sometimes (prompts, the notes compiler, the pinyin index builder, the
// Markdown renderer) are files of their own, loaded on first use.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join, resolve } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });

// Modules that become files of their own; an import of one from another bundle is left as a
// require() of that file.
const ownFiles = new Map([
  [join(root, 'src/cli.ts'), 'cli'],
  [join(root, 'src/program.ts'), 'program'],
  [join(root, 'src/build-notes.ts'), 'build-notes'],
  [join(root, 'src/ui/prompts.ts'), 'lib-prompts'],
  [join(root, 'src/io/folder-notes.ts'), 'lib-folder-notes'],
  [join(root, 'src/io/search-build.ts'), 'lib-search-build'],
  [join(root, 'src/ui/render.ts'), 'lib-render'],
]);
const SHARED_HELPERS = new Set(['context', 'session', 'reviews']);
for (const file of readdirSync(join(root, 'src/commands'))) {
  const name = basename(file, '.ts');
  if (file.endsWith('.ts') && !SHARED_HELPERS.has(name)) ownFiles.set(join(root, 'src/commands', file), `cmd-${name}`);
}

const splitPlugin = {
  name: 'split-files',
  setup(b) {
    // chalk's guess at colour support (it loads node:tty): we always set the level ourselves.
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: join(root, 'src/ui/no-supports-color.cjs') }));
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      const own = ownFiles.get(target);
      if (!own || target === args.importer) return undefined;
      return { path: `./${own}.cjs`, external: true };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: [...ownFiles].map(([path, name]) => ({ in: path, out: name })),
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // import() of another bundle becomes a require() in a promise: a real import() of a CommonJS
  // file goes through the ES module loader, which scans the whole file first (~10 ms).
  supported: { 'dynamic-import': false },
  minify: process.env.FLLM_NO_MINIFY !== '1',
  legalComments: 'none',
  define: { FLLM_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__fllmFileUrl' },
  banner: { js: 'var __fllmFileUrl=require("node:url").pathToFileURL(__filename).href;' },
  alias: {
    'cli-highlight': './src/ui/lazy-highlight.ts',
    'node-emoji': './src/ui/no-emoji.ts',
    'cli-table3': './src/ui/no-table.ts',
    'node:child_process': './src/lazy-child-process.cjs',
    child_process: './src/lazy-child-process.cjs',
    'node:crypto': './src/lazy-crypto.cjs',
    crypto: './src/lazy-crypto.cjs',
    'node:tty': './src/lazy-tty.cjs',
    tty: './src/lazy-tty.cjs',
  },
  external: ['node-pty'],
  plugins: [splitPlugin],
  logLevel: 'warning',
});

try {
  execFileSync(process.execPath, [join(root, 'dist', 'build-notes.cjs')], { stdio: 'inherit' });
} catch {
  process.exit(1); // build-notes has printed the problems
}

// V8's code cache for each bundle (see src/code-cache.ts): run the commands whose start-up
// matters, each saving the compiled code of the bundles it loaded that have none yet; so the
// first command listed that loads a bundle decides what its cache holds.
const warmHome = mkdtempSync(join(tmpdir(), 'fllm-build-'));
const exampleNotes = join(warmHome, 'notes');
const warmUps = [
  ['toc'],
  ['read', '4.3', '--no-pager'],
  ['search', 'rlhf', '--json'],
  ['define', '对齐'],
  ['quiz', '--list', '--json'],
  ['stats'],
  ['init', exampleNotes],
  ['--notes', exampleNotes, 'search', 'attention'],
  ['--notes', exampleNotes, 'search', 'attention'],
];
try {
  for (const args of warmUps) {
    execFileSync(process.execPath, [join(root, 'bin', 'fllm'), ...args], {
      env: { ...process.env, FLLM_WRITE_CODE_CACHE: '1', FLLM_HOME: warmHome, NO_COLOR: '1', FLLM_NOTES: '', FLLM_LANG: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
} finally {
  rmSync(warmHome, { recursive: true, force: true });
}
