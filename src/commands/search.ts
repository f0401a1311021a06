// `fllm search QUERY`: the sections and the glossary, in both languages whatever the UI
// language, ranked; `--open` (in a terminal) picks a result and opens it in the reader.
import type { ChalkInstance } from 'chalk';
import { painter } from '../ui/paint.js';
import { conceptLabel, nameKey, nearestConcepts } from '../core/glossary.js';
import { NotesSearch, normalizeQuery, recordHits, type SearchHit, type Snippet } from '../core/search.js';
import { displayWidth, padEndToWidth, truncateToWidth } from '../core/text.js';
import { UsageError } from '../errors.js';
import type { NotesModel } from '../core/model.js';
import { openBundledSearchIndex, openFolderIndex, openFreshFolderIndex, openSearchIndex } from '../io/search-index.js';
import { bundledSectionTexts, loadBundled, loadNotes } from '../io/notes.js';
import { resolveNotesDir } from '../io/notes-source.js';
import { page, stdoutIsTerminal, writeErr, writeOut } from '../ui/output.js';
import { baseContext, createContext, notesFolderOption, printNotesWarnings, type Context, type GlobalOptions } from './context.js';

export interface SearchOptions extends GlobalOptions {
  limit?: number;
  chapter?: number;
  json?: boolean;
  open?: boolean;
}

export const DEFAULT_LIMIT = 10;
const INDENT = 4;
/** Without colour a match is shown in [brackets]; this many of them, and room kept for them. */
const PLAIN_MARKS = 3;

const warn = (m: string) => writeErr(`fllm: warning: ${m}`);

/** The search engine for the notes in use (shared with `fllm define` for its suggestions). */
export async function searchEngine(ctx: Context): Promise<NotesSearch> {
  const { model, folder } = ctx.notes;
  if (folder) {
    const index = await openFolderIndex({ model, folder, dataDir: ctx.dataDir, warn });
    return new NotesSearch(index.hits, index.file);
  }
  const file = await openSearchIndex({ model, sourceId: ctx.notes.sourceId, fingerprint: ctx.notes.fingerprint, dataDir: ctx.dataDir, warn });
  return new NotesSearch(model, file);
}

interface SearchSetup {
  ctx: Omit<Context, 'notes'>;
  engine: NotesSearch;
  /** The chapter numbers, in order (asked for only to check --chapter). */
  chapters: () => number[];
  /** The notes model, for suggestions when nothing was found. */
  model: () => Promise<NotesModel>;
}

/**
 * The engine and what goes with it. The bundled notes are searched from their prebuilt index
 * and the texts of the hits. A folder whose cached index is still fresh is searched from the
 * index alone, without compiling its notes: that is what keeps a search in 10,000 notes quick.
 */
async function setUpSearch(opts: SearchOptions): Promise<SearchSetup> {
  const folderDir = notesFolderOption(opts);
  const bundled = folderDir ? null : openBundledSearchIndex();
  if (bundled) {
    let model: NotesModel | undefined;
    const notes = () => (model ??= loadBundled());
    const engine = new NotesSearch(recordHits(bundledSectionTexts()), bundled);
    return { ctx: baseContext(opts), engine, chapters: () => notes().chapters.map((ch) => ch.number), model: async () => notes() };
  }
  if (folderDir) {
    const base = baseContext(opts);
    const fresh = openFreshFolderIndex(resolveNotesDir(folderDir), base.dataDir);
    if (fresh) {
      printNotesWarnings(fresh.meta.warnings, base);
      const chapters = () => Array.from(fresh.meta.files.chapters.filter((n) => n > 0).sort());
      return { ctx: base, engine: new NotesSearch(fresh.hits, fresh.file), chapters, model: async () => (await loadNotes(folderDir, base.dataDir)).model };
    }
  }
  const ctx = await createContext(opts);
  const engine = await searchEngine(ctx);
  return { ctx, engine, chapters: () => ctx.notes.model.chapters.map((ch) => ch.number), model: async () => ctx.notes.model };
}

function renderSnippet(s: Snippet, c: ChalkInstance, color: boolean): string {
  let out = '';
  let at = 0;
  for (const [a, b] of color ? s.marks : s.marks.slice(0, PLAIN_MARKS)) {
    const text = s.text.slice(a, b);
    out += s.text.slice(at, a) + (color ? c.bold.yellow(text) : `[${text}]`);
    at = b;
  }
  return out + s.text.slice(at);
}

function hitJson(h: SearchHit) {
  return {
    ref: h.ref,
    title: h.title,
    kind: h.kind,
    term: h.term,
    concept: h.conceptId,
    snippet: h.snippet.text,
    highlights: h.snippet.marks,
    snippetLang: h.snippetLang,
    chapter: h.chapter,
    score: h.score,
  };
}

function hitHeading(ctx: Omit<Context, 'notes'>, h: SearchHit, width: number): { title: string; label: string } {
  let label = '';
  if (h.term && (h.kind === 'term' || !nameKey(h.title).includes(nameKey(h.term)))) {
    label = ` · ${h.kind === 'term' ? `${ctx.t.searchTermLabel} ` : ''}${h.term}`;
  }
  if (displayWidth(h.title + label) <= width) return { title: h.title, label };
  if (displayWidth(label) > width / 2) label = truncateToWidth(label, Math.floor(width / 2));
  return { title: truncateToWidth(h.title, Math.max(4, width - displayWidth(label))), label };
}

/** Chapter numbers for a message: all of a few, the ends of many. */
function chapterList(chapters: number[]): string {
  return chapters.length <= 12 ? chapters.join(', ') : `${chapters.slice(0, 5).join(', ')}, …, ${chapters.slice(-2).join(', ')}`;
}

function renderHits(ctx: Omit<Context, 'notes'>, query: string, hits: SearchHit[]): string {
  const c = painter(ctx.color);
  const refWidth = Math.max(...hits.map((h) => displayWidth(h.ref)));
  const lines = [c.gray(ctx.t.searchResults(hits.length, query))];
  for (const h of hits) {
    const { title, label } = hitHeading(ctx, h, Math.max(10, ctx.width - refWidth - 2));
    lines.push(`${c.cyan.bold(padEndToWidth(h.ref, refWidth))}  ${c.bold(title)}${c.gray(label)}`);
    if (h.snippet.text) lines.push(' '.repeat(INDENT) + renderSnippet(h.snippet, c, ctx.color));
  }
  if (stdoutIsTerminal()) lines.push(c.gray(ctx.t.searchOpenHint));
  return lines.join('\n');
}

async function noResults(setup: SearchSetup, query: string, shown: string): Promise<string> {
  const { ctx } = setup;
  const near = nearestConcepts(await setup.model(), query, 5);
  const hint = near.length ? ctx.t.searchNearest(near.map((n) => conceptLabel(n.concept, ctx.lang)).join(', ')) : ctx.t.searchTryList;
  return `${ctx.t.searchNoResults(shown)}\n${hint}`;
}

export async function searchNotes(query: string | string[], opts: SearchOptions): Promise<void> {
  const raw = Array.isArray(query) ? query.join(' ') : query;
  if (!raw.trim()) throw new UsageError(baseContext(opts).t.searchEmpty);
  const setup = await setUpSearch(opts);
  const { ctx, engine } = setup;
  if (opts.chapter !== undefined && !setup.chapters().includes(opts.chapter)) {
    throw new UsageError(ctx.t.noSuchChapter(opts.chapter, chapterList(setup.chapters())));
  }
  const normalized = normalizeQuery(raw);
  const shown = truncateToWidth(normalized, 60); // as echoed in messages
  const interactive = Boolean(opts.open) && !opts.json && Boolean(process.stdin.isTTY && stdoutIsTerminal());
  if (opts.open && !opts.json && !interactive) writeErr(`fllm: ${ctx.t.searchOpenNeedsTty}`);

  const snippetWidth = Math.max(20, ctx.width - INDENT - (ctx.color ? 0 : 2 * PLAIN_MARKS));
  const hits = engine.search(raw, { limit: opts.limit ?? DEFAULT_LIMIT, chapter: opts.chapter, lang: ctx.lang, width: snippetWidth });

  if (opts.json) {
    writeOut(JSON.stringify(hits.map(hitJson), null, 2));
    if (!hits.length) writeErr(await noResults(setup, normalized, shown));
    return;
  }
  if (!hits.length) {
    writeOut(await noResults(setup, normalized, shown));
    return;
  }
  if (!interactive) {
    await page(renderHits(ctx, shown, hits), { pager: ctx.pager });
    return;
  }
  let ref: string | null = hits[0]!.ref;
  if (hits.length > 1) {
    const { chooseOne, usePromptLanguage } = await import('../ui/prompts.js');
    usePromptLanguage(ctx.lang);
    const choices = hits.map((h) => {
      const { title, label } = hitHeading(ctx, h, Math.max(10, ctx.width - displayWidth(h.ref) - 6));
      return { name: `${h.ref}  ${title}${label}`, value: h.ref as string | null, description: h.snippet.text };
    });
    choices.push({ name: ctx.t.searchCancel, value: null, description: '' });
    ref = await chooseOne(`${ctx.t.searchResults(hits.length, shown)} · ${ctx.t.searchPick}`, choices);
  }
  if (ref === null) return;
  const { readSection } = await import('./read.js');
  await readSection(ref, opts);
}
