// Searching a folder of one's own: the cached index answers alone while the folder is
// unchanged, sees every change, and is updated one note at a time.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileFolder } from '../src/io/folder-notes.js';
import { openFolderIndex, openFreshFolderIndex } from '../src/io/search-index.js';
import { NotesSearch } from '../src/core/search.js';
import { runFllm, tempDir, writeFiles } from './helpers.js';

/** Rewrite a note and move its mtime, as an editor would (a test runs faster than the clock ticks). */
function edit(path: string, text: string, secondsAhead = 5): void {
  writeFileSync(path, text);
  const t = new Date(Date.now() + secondsAhead * 1000);
  utimesSync(path, t, t);
}

const refsOf = (stdout: string) => (JSON.parse(stdout) as { ref: string }[]).map((h) => h.ref);
const partsCache = (home: string) => readdirSync(join(home, 'cache')).filter((f) => /^notes-[0-9a-f]+\.json$/.test(f));

describe('fllm --notes DIR search', () => {
  it('answers from the cached index without compiling the notes, and sees every change', () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, {
      '1-alpha.md': '# Alpha\n\n## Keys\n\nThe zebra token appears here.\n',
      '2-beta.md': '# Beta\n\n## Values\n\nNothing special.\n',
    });
    const search = () => runFllm(['--notes', dir, 'search', 'zebra', '--json'], { home });
    expect(refsOf(search().stdout)).toEqual(['1.1']);

    // Unchanged folder: the compiled-notes cache is not even read (its loss goes unnoticed).
    for (const f of partsCache(home)) rmSync(join(home, 'cache', f));
    const cached = search();
    expect(cached.code).toBe(0);
    expect(refsOf(cached.stdout)).toEqual(['1.1']);
    expect(JSON.parse(cached.stdout)[0].snippet).toContain('zebra token');
    expect(partsCache(home)).toEqual([]);

    // An edited note is found with its new text.
    edit(join(dir, '2-beta.md'), '# Beta\n\n## Values\n\nA zebra crossing.\n');
    expect(refsOf(search().stdout).sort()).toEqual(['1.1', '2.1']);
    expect(partsCache(home)).toHaveLength(1);

    // A note that sorts first renumbers the others; refs follow, and read opens them.
    writeFiles(dir, { '0-first.md': '# First\n\n## Intro\n\nNo stripes.\n' });
    expect(refsOf(search().stdout).sort()).toEqual(['2.1', '3.1']);
    expect(runFllm(['--notes', dir, 'read', '2.1', '--no-pager'], { home }).stdout).toContain('The zebra token appears here.');

    // A removed note is gone from the answers.
    rmSync(join(dir, '1-alpha.md'));
    expect(refsOf(search().stdout)).toEqual(['2.1']);
  });

  it('repeats the warnings about the notes when it answers from the cache', () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, { 'ok.md': '# Fine\n\n## Part\n\nquokka\n', 'bad.md': new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x0a]) });
    for (let i = 0; i < 2; i++) {
      const r = runFllm(['--notes', dir, 'search', 'quokka'], { home });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('quokka');
      expect(r.stderr).toContain('bad.md: not valid UTF-8 text; skipped');
    }
  });

  it('prints no deprecation warning from the cache check, whatever Node is told', () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, { 'a.md': '# A\n\n## S\n\nokapi\n' });
    expect(runFllm(['--notes', dir, 'search', 'okapi', '--json'], { home }).code).toBe(0);
    for (const env of [{ NODE_OPTIONS: '--pending-deprecation --throw-deprecation' }, { NODE_OPTIONS: '--pending_deprecation --throw-deprecation' }, { NODE_PENDING_DEPRECATION: '1', NODE_OPTIONS: '--throw-deprecation' }]) {
      const r = runFllm(['--notes', dir, 'search', 'okapi', '--json'], { home, env });
      expect([r.code, r.stderr, refsOf(r.stdout)]).toEqual([0, '', ['1.1']]);
    }
  });

  it('checks --chapter against the folder, from the cache too', () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, { 'a.md': '# A\n\n## S\n\nnarwhal\n', 'b.md': '# B\n\n## S\n\nnarwhal\n' });
    expect(refsOf(runFllm(['--notes', dir, 'search', 'narwhal', '--chapter', '2', '--json'], { home }).stdout)).toEqual(['2.1']);
    const r = runFllm(['--notes', dir, 'search', 'narwhal', '--chapter', '9'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/9.*1, 2/);
  });
});

describe('updating a folder index', () => {
  const warn = (m: string) => {
    throw new Error(m);
  };
  const note = (i: number, word = 'plain') => `# Note ${i}\n\nAbout note ${i}.\n\n## First\n\nwords ${word} ${i}\n\n## Second\n\nmore ${i}\n`;

  async function update(dir: string, home: string) {
    const compiled = compileFolder(dir, home);
    return openFolderIndex({ model: compiled.model, folder: compiled.folder!, dataDir: home, warn });
  }

  it('indexes again only the documents of changed notes, and ranks as an index built from scratch', async () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${i + 1}.md`, note(i + 1)])));
    expect((await update(dir, home)).counts).toEqual({ added: 90, removed: 0, kept: 0 });
    expect(openFreshFolderIndex(compileFolder(dir, home).root, home)).not.toBeNull();

    edit(join(dir, '5.md'), note(5, 'walrus'));
    expect(openFreshFolderIndex(compileFolder(dir, home).root, home)).toBeNull();
    expect((await update(dir, home)).counts).toEqual({ added: 3, removed: 3, kept: 87 });

    writeFiles(dir, { '0.md': note(0, 'walrus') });
    const updated = await update(dir, home);
    expect(updated.counts).toEqual({ added: 3, removed: 0, kept: 90 });
    // Unchanged since: nothing to do.
    expect((await update(dir, home)).counts).toBeUndefined();

    const fresh = openFreshFolderIndex(compileFolder(dir, home).root, home)!;
    const request = { limit: 10, lang: 'en' as const, width: 60 };
    const queries = ['walrus', 'note 5', 'more', 'wal', 'walruss', 'second'];
    const answers = (index: { hits: typeof fresh.hits; file: typeof fresh.file }) => queries.map((q) => new NotesSearch(index.hits, index.file).search(q, request));
    const fromUpdated = answers(updated);
    expect(answers(fresh)).toEqual(fromUpdated);
    expect(fromUpdated[0]!.map((h) => h.ref).sort()).toEqual(['1.1', '6.1']);
    expect(fromUpdated[0]![0]!.snippet.text).toMatch(/words walrus/);

    rmSync(join(home, 'cache'), { recursive: true });
    const scratch = await update(dir, home);
    expect(scratch.counts).toEqual({ added: 93, removed: 0, kept: 0 });
    const fromScratch = answers(scratch);
    fromScratch.forEach((hits, i) => expect(hits.length, queries[i]).toBeGreaterThan(0));
    expect(fromUpdated).toEqual(fromScratch);
  });

  it('keeps changes in a layer over the main index, and merges the two when the layer grows', async () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    const indexFiles = () => readdirSync(join(home, 'cache')).filter((f) => /^search-.*\.(idx|layer)$/.test(f)).map((f) => f.split('.').pop()).sort();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${i + 1}.md`, note(i + 1)])));
    await update(dir, home);
    expect(indexFiles()).toEqual(['idx']);
    edit(join(dir, '4.md'), note(4, 'okapi'));
    expect((await update(dir, home)).counts).toEqual({ added: 3, removed: 3, kept: 87 });
    expect(indexFiles()).toEqual(['idx', 'layer']);
    // A note changed twice: its documents in the layer are replaced; a removed note leaves both.
    edit(join(dir, '4.md'), note(4, 'tapir'), 10);
    rmSync(join(dir, '9.md'));
    expect((await update(dir, home)).counts).toEqual({ added: 3, removed: 6, kept: 84 });
    expect(indexFiles()).toEqual(['idx', 'layer']);
    const request = { limit: 10, lang: 'en' as const, width: 60 };
    const ask = async (q: string) => {
      const index = await update(dir, home);
      return new NotesSearch(index.hits, index.file).search(q, request);
    };
    expect((await ask('okapi')).map((h) => h.ref)).toEqual([]);
    expect((await ask('tapir')).map((h) => h.ref)).toEqual(['4.1']);
    expect((await ask('note 9')).some((h) => h.title === 'Note 9')).toBe(false);
    // Edits to a third of the notes: too much for a layer, merged into a new main index.
    for (let i = 10; i <= 20; i++) edit(join(dir, `${i}.md`), note(i, 'zebu'), 15);
    const merged = await update(dir, home);
    expect(merged.counts).toEqual({ added: 36, removed: 33, kept: 51 }); // the layer's documents are indexed into the main again
    expect(indexFiles()).toEqual(['idx']);
    const queries = ['zebu', 'tapir', 'note 12', 'more', 'words plain'];
    const fromMerged = queries.map((q) => new NotesSearch(merged.hits, merged.file).search(q, request));
    rmSync(join(home, 'cache'), { recursive: true });
    const scratch = await update(dir, home);
    expect(queries.map((q) => new NotesSearch(scratch.hits, scratch.file).search(q, request))).toEqual(fromMerged);
    expect(fromMerged[0]!.length).toBe(10);
  });

  it('starts again from nothing when the glossary dictionary changes', async () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, { 'a.md': note(1), 'b.md': note(2) });
    await update(dir, home);
    edit(join(dir, 'b.md'), `${note(2)}\n预训练模型:: 先在大规模语料上训练的模型。\n`);
    // A new Chinese name cuts every text differently: nothing is kept.
    expect((await update(dir, home)).counts).toEqual({ added: 7, removed: 0, kept: 0 });
  });

  it('removes the files of old versions, and, after a while, those a lost race left behind', async () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, { 'a.md': note(1), 'b.md': note(2) });
    await update(dir, home);
    const cache = join(home, 'cache');
    const stem = readdirSync(cache).find((f) => f.endsWith('.meta'))!.replace(/\.meta$/, '');
    const old = join(cache, `${stem}-1-orphan.idx`);
    const recent = join(cache, `${stem}-2-orphan.layer`);
    writeFileSync(old, 'left by a crash');
    writeFileSync(recent, 'being written by another process');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, hourAgo, hourAgo);
    edit(join(dir, 'a.md'), note(1, 'ibex'));
    await update(dir, home);
    const files = readdirSync(cache);
    expect(files).not.toContain(`${stem}-1-orphan.idx`);
    expect(files).toContain(`${stem}-2-orphan.layer`);
    // The new main (half the notes changed: merged) and where its texts are.
    expect(files.filter((f) => f.startsWith(`${stem}-`) && !f.includes('orphan')).map((f) => f.split('.').pop()).sort()).toEqual(['idx', 'spans']);
  });

  it('shows the right text of unchanged notes after the cache moved every text', async () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    const big = (n: number) => `# Big\n\n## Part\n\n${Array.from({ length: n }, (_, i) => `other${i}`).join(' ')}\n`;
    writeFiles(dir, { 'a.md': big(3000), 'b.md': '# B\n\n## Part\n\nThe quokka lives on an island.\n' });
    const snippet = () => (JSON.parse(runFllm(['--notes', dir, 'search', 'quokka', '--json'], { home }).stdout) as { snippet: string }[])[0]?.snippet;
    expect(snippet()).toContain('The quokka lives');
    // Most of the cached text is now an old version of a.md: the segments are merged.
    edit(join(dir, 'a.md'), big(9000));
    expect(snippet()).toContain('The quokka lives');
    // The compiled-notes cache lost: every text is written again, elsewhere.
    for (const f of partsCache(home)) rmSync(join(home, 'cache', f));
    edit(join(dir, 'a.md'), big(100), 10);
    expect(snippet()).toContain('The quokka lives');
  });

  it('answers from the version it opened while another process replaces the index', async () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${i + 1}.md`, note(i + 1)])));
    await update(dir, home);
    edit(join(dir, '4.md'), note(4, 'okapi'));
    await update(dir, home);
    const opened = openFreshFolderIndex(compileFolder(dir, home).root, home)!;
    edit(join(dir, '4.md'), note(4, 'tapir'), 10);
    await update(dir, home); // a new layer; the one opened above is deleted
    const hits = new NotesSearch(opened.hits, opened.file).search('okapi', { limit: 5, lang: 'en', width: 60 });
    expect(hits.map((h) => h.ref)).toEqual(['4.1']);
    expect(hits[0]!.snippet.text).toContain('okapi');
  });

  it('checks the folder the long way while a listing problem may have gone away', () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, { 'a.md': '# A\n\n## S\n\nplain\n' });
    symlinkSync(join(dir, '.drafts', 'x.md'), join(dir, 'x.md'));
    const r = runFllm(['--notes', dir, 'search', 'gecko', '--json'], { home });
    expect(r.stderr).toContain('x.md: broken link; skipped');
    writeFiles(dir, { '.drafts/x.md': '# X\n\n## S\n\ngecko\n' });
    const again = runFllm(['--notes', dir, 'search', 'gecko', '--json'], { home });
    expect(again.stderr).toBe('');
    expect(refsOf(again.stdout)).toEqual(['2.1']);
  });

  it('rebuilds what is damaged in the cache, whatever the file, and answers as before', () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${i + 1}.md`, note(i + 1, i === 6 ? 'axolotl' : 'plain')])));
    const ask = () => runFllm(['--notes', dir, 'search', 'axolotl', '--json'], { home });
    const expected = JSON.parse(ask().stdout) as { ref: string; snippet: string }[];
    expect(expected.map((h) => h.ref)).toEqual(['7.1']);
    edit(join(dir, '3.md'), note(3, 'changed')); // a layer, a second segment
    expect(JSON.parse(ask().stdout)).toEqual(expected);
    const cache = join(home, 'cache');
    const damages: [string, (path: string) => void][] = [
      ['cut short', (path) => truncateSync(path, Math.floor(statSync(path).size / 2))],
      ['a byte short', (path) => truncateSync(path, statSync(path).size - 1)],
      ['garbage', (path) => writeFileSync(path, 'garbage')],
      ['gone', (path) => rmSync(path)],
      // The meta's file table (after its JSON line): chapter numbers no folder of its size has.
      ['a chapter out of range', (path) => {
        const bytes = readFileSync(path);
        if (!path.endsWith('.meta')) return writeFileSync(path, bytes.subarray(1));
        const nl = bytes.indexOf(10);
        const rows = (JSON.parse(bytes.toString('utf8', 0, nl)) as { rows: number }).rows;
        for (let i = 0; i < rows; i++) bytes.writeUInt32LE(rows + 1, nl + 1 + rows * 16 + i * 4);
        writeFileSync(path, bytes);
      }],
    ];
    for (const kind of ['.meta', '.idx', '.layer', '.spans', 'notes-*.json', 'notes-*.txt']) {
      for (const [what, damage] of damages) {
        const files = readdirSync(cache).filter((f) => (kind.startsWith('notes-') ? f.startsWith('notes-') && f.endsWith(kind.slice(7)) : f.endsWith(kind)));
        if (!files.length) continue;
        damage(join(cache, files[0]!));
        const r = ask();
        expect(r.code, `${kind} ${what}: ${r.stderr}`).toBe(0);
        expect(r.stderr, `${kind} ${what}`).toBe('');
        expect(JSON.parse(r.stdout), `${kind} ${what}`).toEqual(expected);
        expect(JSON.parse(ask().stdout), `${kind} ${what}, then from the cache`).toEqual(expected);
      }
    }
  });

  it('deletes only files of its own cache folder, whatever a damaged meta names', () => {
    const dir = tempDir('fllm-fs-');
    const home = tempDir();
    const victim = join(tempDir(), 'victim.txt');
    writeFileSync(victim, 'keep me');
    writeFiles(dir, { 'a.md': note(1), 'b.md': note(2) });
    runFllm(['--notes', dir, 'search', 'words'], { home });
    const cache = join(home, 'cache');
    const metaFile = join(cache, readdirSync(cache).find((f) => f.endsWith('.meta'))!);
    // The meta's first line is its JSON, padded so the binary file table after it stays aligned.
    const bytes = readFileSync(metaFile);
    const nl = bytes.indexOf(10);
    const meta = JSON.parse(bytes.toString('utf8', 0, nl));
    const json = JSON.stringify({ ...meta, spans: [relative(cache, victim), 7], layer: relative(cache, victim) });
    const line = json + ' '.repeat((8 - ((Buffer.byteLength(json) + 1) % 8)) % 8) + '\n';
    writeFileSync(metaFile, Buffer.concat([Buffer.from(line), bytes.subarray(nl + 1)]));
    edit(join(dir, 'a.md'), note(1, 'changed'));
    expect(runFllm(['--notes', dir, 'search', 'changed', '--json'], { home }).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });
});
