import { painter } from '../ui/paint.js';
import { type NotesModel, type Section, sectionWithChildren } from '../core/model.js';
import { readingUnits, resolveRef, sectionLabel, stepUnit } from '../core/refs.js';
import { UsageError, isFllmError } from '../errors.js';
import { sourceState, updateSourceState } from '../io/state.js';
import { page, writeErr } from '../ui/output.js';
import { layoutView } from '../ui/layout.js';
import { blockMarkdown, readingBlocks, type Scope } from '../core/reading.js';
import { createContext, type Context, type GlobalOptions } from './context.js';

export type ReadOptions = GlobalOptions;

/**
 * The reader's text for a ref: the blocks' views, made at build time for the bundled notes;
 * for other notes, or with --raw-math, rendered here with marked (loaded only then).
 */
async function sectionView(ctx: Context, section: Section, scope: Scope): Promise<string> {
  const keys = readingBlocks(ctx.notes.model, section, scope);
  const prebuilt = ctx.rawMath ? [] : keys.map((k) => ctx.notes.viewFor?.(k, ctx.lang));
  if (!ctx.rawMath && prebuilt.every((v) => v !== undefined)) return prebuilt.filter(Boolean).join('\n\n');
  const { lexMarkdown, viewOfTokens } = await import('../ui/render.js');
  return keys
    .map((k, i) => prebuilt[i] ?? viewOfTokens(lexMarkdown(blockMarkdown(ctx.notes.model, k, ctx.lang)), { rawMath: ctx.rawMath }))
    .filter(Boolean)
    .join('\n\n');
}

function footer(ctx: Context, shown: Section, scope: Scope): string {
  const { model } = ctx.notes;
  const lang = ctx.lang;
  const anchor = scope === 'whole' && shown.depth === 0 ? lastUnitOf(model, shown.chapter) : shown;
  const units = model.chapters.find((c) => c.number === shown.chapter)!.sections;
  const index = units.findIndex((u) => u.ref === anchor.ref) + 1;
  const next = stepUnit(model, anchor.ref, 1);
  const lines = [
    '─'.repeat(Math.min(ctx.width, 60)),
    `${sectionLabel(shown, lang)} · ${ctx.t.position(index, units.length, shown.chapter)}`,
    next ? ctx.t.nextHint(next.ref, next.title[lang]) : ctx.t.endOfNotes,
  ];
  const text = lines.join('\n');
  return painter(ctx.color).gray(text);
}

function lastUnitOf(model: NotesModel, chapter: number): Section {
  const units = readingUnits(model).filter((u) => u.chapter === chapter);
  return units.at(-1)!;
}

async function show(ctx: Context, section: Section, scope: Scope): Promise<void> {
  const { model } = ctx.notes;
  const body = layoutView(await sectionView(ctx, section, scope), { width: ctx.width, color: ctx.color });
  await page(`${body}\n\n${footer(ctx, section, scope)}`, { pager: ctx.pager });
  const shownRefs = scope === 'intro' && section.depth === 0 ? [section.ref] : sectionWithChildren(model, section.ref).map((s) => s.ref);
  const position = scope === 'whole' && section.depth === 0 ? lastUnitOf(model, section.chapter).ref : section.ref;
  try {
    updateSourceState(ctx.dataDir, ctx.notes, (state) => {
      state.position = position;
      const now = new Date().toISOString();
      for (const ref of shownRefs) state.read[ref] ??= now;
    });
  } catch (e) {
    writeErr(`fllm: warning: ${isFllmError(e) ? e.messageIn(ctx.lang) : (e as Error).message}`);
  }
}

export function resolveOrExplain(ctx: Context, ref: string): Section {
  const res = resolveRef(ctx.notes.model, ref);
  if (res.kind === 'found') return res.section;
  if (res.kind === 'ambiguous') {
    const list = res.candidates.map((s) => `  ${sectionLabel(s, ctx.lang)}`).join('\n');
    throw new UsageError(`${ctx.t.ambiguousRef(ref)}\n${list}`);
  }
  const hint = res.suggestions.length
    ? ctx.t.didYouMean(res.suggestions.map((s) => sectionLabel(s, ctx.lang)).join(', '))
    : ctx.t.tryToc;
  throw new UsageError(`${ctx.t.unknownRef(ref)}; ${hint}`);
}

export async function readSection(ref: string | undefined, opts: ReadOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { model } = ctx.notes;
  if (ref === undefined) {
    const position = sourceState(ctx.dataDir, ctx.notes).position;
    const resumed = position ? resolveRef(model, position) : undefined;
    const section = resumed?.kind === 'found' ? resumed.section : model.chapters[0]?.sections[0];
    if (!section) throw new UsageError(ctx.t.tryToc);
    await show(ctx, section, section.depth === 0 ? 'intro' : 'whole');
    return;
  }
  const section = resolveOrExplain(ctx, ref);
  await show(ctx, section, 'whole');
}

export async function stepSection(delta: 1 | -1, opts: ReadOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { model } = ctx.notes;
  const position = sourceState(ctx.dataDir, ctx.notes).position;
  const units = readingUnits(model);
  if (units.length === 0) throw new UsageError(ctx.t.tryToc);
  let target: Section | undefined;
  if (!position) target = units[0];
  else {
    target = stepUnit(model, position, delta);
    if (!target) {
      writeErr(delta === 1 ? ctx.t.endOfNotes : ctx.t.startOfNotes);
      return;
    }
  }
  await show(ctx, target!, 'intro');
}
