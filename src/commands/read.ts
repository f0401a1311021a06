import chalk from 'chalk';
import { type NotesModel, type Section, sectionWithChildren } from '../core/model.js';
import { readingUnits, resolveRef, sectionLabel, stepUnit } from '../core/refs.js';
import { UsageError, isFllmError } from '../errors.js';
import { sourceState, updateSourceState } from '../io/state.js';
import { page, writeErr } from '../ui/output.js';
import { lexMarkdown, renderTokens } from '../ui/render.js';
import type { Token } from 'marked';
import { createContext, type Context, type GlobalOptions } from './context.js';

export type ReadOptions = GlobalOptions;

/** How much of a ref to show: a whole chapter, or a chapter's introduction when stepping. */
type Scope = 'whole' | 'intro';

/** The tokens to show for a ref: headings are made here, bodies come lexed from the build when they can. */
export function sectionTokens(ctx: Context, section: Section, scope: Scope): Token[] {
  const { model } = ctx.notes;
  const lang = ctx.lang;
  const chapter = model.chapters.find((c) => c.number === section.chapter)!;
  const body = (s: Section) => (ctx.notes.tokensFor?.(s.ref, lang) as Token[] | undefined) ?? lexMarkdown(s.body[lang]);
  const heading = (s: Section, depth = s.depth + 1): Token[] => {
    const text = `${s.ref} ${s.title[lang]}`;
    // A plain title needs no lexer (creating one costs a few milliseconds at start-up).
    if (/[`*_$[\]<>\\&~|]/.test(text)) return lexMarkdown(`${'#'.repeat(depth)} ${text}`);
    return [{ type: 'heading', raw: `${'#'.repeat(depth)} ${text}\n`, depth, text, tokens: [{ type: 'text', raw: text, text, escaped: false }] } as Token];
  };
  const parts: Token[][] = [];
  if (section.depth === 0) {
    parts.push(heading(section, 1));
    if (chapter.summary[lang]) parts.push(lexMarkdown(chapter.summary[lang].split('\n').map((l) => `> ${l}`).join('\n')));
    parts.push(body(section));
    if (scope === 'intro') {
      const t = lang === 'zh' ? '本章内容' : 'In this chapter';
      parts.push(lexMarkdown(`**${t}**\n\n` + chapter.sections.filter((s) => s.depth === 1).map((s) => `- ${s.ref} ${s.title[lang]}`).join('\n')));
      return parts.flat();
    }
    for (const s of chapter.sections.slice(1)) parts.push(heading(s), body(s));
    return parts.flat();
  }
  for (const s of sectionWithChildren(model, section.ref)) parts.push(heading(s), body(s));
  return parts.flat();
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
  return ctx.color ? chalk.gray(text) : text;
}

function lastUnitOf(model: NotesModel, chapter: number): Section {
  const units = readingUnits(model).filter((u) => u.chapter === chapter);
  return units.at(-1)!;
}

async function show(ctx: Context, section: Section, scope: Scope): Promise<void> {
  const { model } = ctx.notes;
  const body = renderTokens(sectionTokens(ctx, section, scope), { width: ctx.width, rawMath: ctx.rawMath, color: ctx.color });
  await page(`${body}\n\n${footer(ctx, section, scope)}`, { pager: ctx.pager });
  const shownRefs = scope === 'intro' && section.depth === 0 ? [section.ref] : sectionWithChildren(model, section.ref).map((s) => s.ref);
  const position = scope === 'whole' && section.depth === 0 ? lastUnitOf(model, section.chapter).ref : section.ref;
  try {
    updateSourceState(ctx.dataDir, ctx.notes.sourceId, (state) => {
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
    const position = sourceState(ctx.dataDir, ctx.notes.sourceId).position;
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
  const position = sourceState(ctx.dataDir, ctx.notes.sourceId).position;
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
