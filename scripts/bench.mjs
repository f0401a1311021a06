#!/usr/bin/env node
// npm run bench: start-up and query times of the built fllm as ratios to bare `node -e 0`,
// measured in the same run, plus peak memory; then the same for a generated folder of notes.
// Uses hyperfine when it is installed, else its own loop that alternates the two commands.
//
//   node scripts/bench.mjs [--runs N] [--notes-count N] [--no-build] [--quick] [--check]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const quick = flag('--quick');
const runs = value('--runs', quick ? 3 : 20);
const notesCount = value('--notes-count', quick ? 40 : 10_000);
const bin = join(root, 'bin', 'fllm');
const probe = join(root, 'scripts', 'rss-probe.cjs');

if (!flag('--no-build')) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

// The environment of every run: nothing that slows every Node start, a private data dir.
const env = { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8' };
delete env.NODE_OPTIONS;
delete env.NODE_EXTRA_CA_CERTS;
delete env.FLLM_NOTES;
delete env.FLLM_LANG;
const home = mkdtempSync(join(tmpdir(), 'fllm-bench-home-'));
env.FLLM_HOME = home;

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
const hyperfine = flag('--no-hyperfine') ? null : which('hyperfine');
const rg = which('rg');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function timeOnce(argv, extraEnv = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const shellQuote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Median wall ms of A and of B, timed alternately (own loop) or by hyperfine. */
function compare(a, b) {
  if (hyperfine) {
    const out = join(home, `hf-${Date.now()}.json`);
    const r = spawnSync(hyperfine, ['-N', '--warmup', '3', '--runs', String(runs), '--export-json', out, a.map(shellQuote).join(' '), b.map(shellQuote).join(' ')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status === 0) {
      const results = JSON.parse(readFileSync(out, 'utf8')).results;
      return { a: results[0].median * 1000, b: results[1].median * 1000, tool: 'hyperfine' };
    }
  }
  for (let i = 0; i < 2; i++) { timeOnce(a); timeOnce(b); }
  const ta = [];
  const tb = [];
  for (let i = 0; i < runs; i++) { ta.push(timeOnce(a)); tb.push(timeOnce(b)); }
  return { a: median(ta), b: median(tb), tool: 'loop' };
}

/** Peak resident memory of the fllm process itself, read by a preloaded probe at exit. */
function peakRss(fllmArgs, extraEnv = {}) {
  const file = join(home, `rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, ['--require', probe, bin, ...fllmArgs], { env: { ...env, ...extraEnv, FLLM_RSS_FILE: file }, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`fllm ${fllmArgs.join(' ')} exited ${r.status}: ${r.stderr}`);
  const kb = Number(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return kb / 1024;
}

const rows = [];
const baseline = [process.execPath, '-e', '0'];
/** A row of the table; `target` null for a figure reported without one. */
function row(label, fllmArgs, target, { extraEnv = {}, vsRg = null } = {}) {
  const cmd = [process.execPath, bin, ...fllmArgs];
  const t = compare(cmd, baseline);
  const ratio = t.a / t.b;
  const rss = peakRss(fllmArgs, extraEnv);
  if (!target) {
    rows.push({ label, ms: t.a, base: t.b, ratio, target: '–', rss, pass: null, note: '' });
    process.stderr.write('.');
    return;
  }
  let rgNote = '';
  let pass = ratio <= target.ratio && rss <= target.rssMb;
  if (vsRg && rg) {
    const r = compare(cmd, [rg, '-i', '--no-messages', '-c', vsRg.query, vsRg.dir]);
    const vs = r.a / r.b;
    rgNote = `${vs.toFixed(1)}x rg`;
    if (target.rg) pass = pass && vs <= target.rg;
  } else if (vsRg) rgNote = 'rg not installed';
  rows.push({ label, ms: t.a, base: t.b, ratio, target: `<= ${target.ratio}x${target.rg ? `, <= ${target.rg}x rg` : ''}, <= ${target.rssMb} MB`, rss, pass, note: rgNote });
  process.stderr.write('.');
}

// ------------------------------------------------------------ the bundled notes
const rssLimit = 100;
row('fllm --version', ['--version'], { ratio: 1.3, rssMb: rssLimit });
row('fllm toc', ['toc'], { ratio: 2, rssMb: rssLimit });
row('fllm search rlhf --json', ['search', 'rlhf', '--json'], { ratio: 2, rssMb: rssLimit });
row('fllm define 对齐', ['define', '对齐'], { ratio: 2, rssMb: rssLimit });
row('fllm quiz --list --json', ['quiz', '--list', '--json'], { ratio: 2, rssMb: rssLimit });
row('fllm read 4.3 --no-pager', ['read', '4.3', '--no-pager'], { ratio: 2.5, rssMb: rssLimit });

// ------------------------------------------------------------ a large folder of notes
const ZH = '注意力机制让每个位置都能直接看到序列中的其他位置，预训练模型在大规模语料上学习通用的语言知识，对齐使模型的行为符合人类的意图，推理阶段的解码策略决定了生成文本的质量。'.split('');
const EN = 'attention transformer token embedding layer gradient training inference decoding sampling alignment reward policy prompt context window cache memory parallel scaling loss model data'.split(' ');
function rand(seed) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
function makeCorpus(count) {
  const dir = join(tmpdir(), `fllm-bench-corpus-v1-${count}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const r = rand(count);
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `topic-${String(i % 100).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const zh = i % 2 === 0;
    const parts = [`# ${zh ? '笔记' : 'Note'} ${i}\n`];
    for (let s = 0; s < 4; s++) {
      parts.push(`\n## ${zh ? '小节' : 'Section'} ${s + 1}\n\n`);
      let para = '';
      while (para.length < (zh ? 330 : 900)) {
        para += zh ? ZH.slice(Math.floor(r() * 40), Math.floor(r() * 40) + 20).join('') : `${EN[Math.floor(r() * EN.length)]} `;
      }
      parts.push(para.trim() + (i === Math.floor(count * 0.4242) && s === 2 ? ' speculative decoding needle' : '') + '\n');
    }
    writeFileSync(join(folder, `${i}.md`), parts.join(''));
  }
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}
function folderBytes(dir) {
  let total = 0;
  const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { if (e.name.startsWith('.')) continue; const p = join(d, e.name); if (e.isDirectory()) walk(p); else total += statSync(p).size; } };
  walk(dir);
  return total;
}

const corpus = makeCorpus(notesCount);
const bytes = folderBytes(corpus);
const coldHome = mkdtempSync(join(tmpdir(), 'fllm-bench-cold-'));
const buildArgs = ['--notes', corpus, 'search', 'needle', '--json'];
const t0 = process.hrtime.bigint();
const cold = spawnSync(process.execPath, ['--require', probe, bin, ...buildArgs], { env: { ...env, FLLM_HOME: coldHome, FLLM_RSS_FILE: join(coldHome, 'rss') }, stdio: ['ignore', 'pipe', 'pipe'] });
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
if (cold.status !== 0) throw new Error(`first index build failed: ${cold.stderr}`);
const buildRss = Number(readFileSync(join(coldHome, 'rss'), 'utf8')) / 1024;
const mbPerS = bytes / 1e6 / (buildMs / 1000);
rows.push({ label: `first index build (${notesCount} notes, ${(bytes / 1e6).toFixed(1)} MB)`, ms: buildMs, base: NaN, ratio: NaN, target: '>= 5 MB/s, <= 500 MB', rss: buildRss, pass: mbPerS >= 5 && buildRss <= 500, note: `${mbPerS.toFixed(1)} MB/s` });
env.FLLM_HOME = coldHome; // the cache built above
row(`cached search (${notesCount} notes)`, ['--notes', corpus, 'search', 'needle', '--json'], { ratio: 3, rssMb: 500, rg: 5 }, { vsRg: { query: 'needle', dir: corpus } });
// Commands that need the notes themselves (not just the index) compile them from the per-file cache.
row(`cached start-up, whole notes (${notesCount} notes, toc)`, ['--notes', corpus, 'toc'], null);
// One note edited: its sections are indexed again, the rest is kept.
{
  const edited = join(corpus, 'topic-07', '7.md');
  const before = readFileSync(edited);
  writeFileSync(edited, Buffer.concat([before, Buffer.from('\nAn edited line about walrus tusks.\n')]));
  try {
    const t = process.hrtime.bigint();
    const file = join(coldHome, 'rss-update');
    const r = spawnSync(process.execPath, ['--require', probe, bin, '--notes', corpus, 'search', 'walrus', '--json'], { env: { ...env, FLLM_RSS_FILE: file }, stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0 || !String(r.stdout).includes('walrus')) throw new Error(`search after an edit failed: ${r.stderr}`);
    rows.push({ label: `update after one note changes (${notesCount} notes)`, ms, base: NaN, ratio: NaN, target: '–', rss: Number(readFileSync(file, 'utf8')) / 1024, pass: null, note: `${(buildMs / ms).toFixed(0)}x faster than the first build` });
  } finally {
    writeFileSync(edited, before);
  }
}
rmSync(coldHome, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });

// ------------------------------------------------------------ report
process.stderr.write('\n');
const baseMs = median(rows.filter((r) => Number.isFinite(r.base)).map((r) => r.base));
const lines = [
  `node ${process.version} · bare \`node -e 0\` median ${baseMs.toFixed(1)} ms · ${runs} runs each · timing: ${hyperfine ? 'hyperfine' : 'alternating loop'}`,
  '',
  '| command | median ms | ratio to node | target | result | peak RSS MB | note |',
  '| --- | ---: | ---: | --- | --- | ---: | --- |',
  ...rows.map((r) => `| ${r.label} | ${r.ms.toFixed(1)} | ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) + 'x' : '–'} | ${r.target} | ${r.pass === null ? '–' : r.pass ? 'pass' : 'FAIL'} | ${r.rss.toFixed(1)} | ${r.note} |`),
];
process.stdout.write(lines.join('\n') + '\n');
if (flag('--check') && rows.some((r) => r.pass === false)) process.exit(1);
