import { painter } from '../ui/paint.js';
import { displayWidth } from '../core/text.js';
import { sourceState } from '../io/state.js';
import { writeOut } from '../ui/output.js';
import { createContext, type GlobalOptions } from './context.js';

export interface TocOptions extends GlobalOptions {
  json?: boolean;
}

export async function showToc(opts: TocOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { model } = ctx.notes;
  const state = sourceState(ctx.dataDir, ctx.notes);
  const read = new Set(Object.keys(state.read));
  const isRead = (ref: string) => read.size > 0 && read.has(ref);
  if (opts.json) {
    const chapters = model.chapters.map((c) => ({
      number: c.number,
      slug: c.slug,
      title: c.title[ctx.lang],
      summary: c.summary[ctx.lang],
      sections: c.sections.slice(1).map((s) => ({ ref: s.ref, title: s.title[ctx.lang], depth: s.depth, read: isRead(s.ref) })),
    }));
    writeOut(JSON.stringify({ lang: ctx.lang, position: state.position ?? null, chapters }, null, 2));
    return;
  }
  const c = painter(ctx.color);
  const lines: string[] = [];
  for (const chapter of model.chapters) {
    const sections = chapter.sections.slice(1);
    const done = sections.filter((s) => isRead(s.ref)).length;
    const title = `${chapter.number}  ${chapter.title[ctx.lang]}`;
    lines.push(`${c.bold.cyan(title)}  ${c.gray(ctx.t.sectionsRead(done, sections.length))}`);
    for (const s of sections) {
      const mark = isRead(s.ref) ? c.green('✓') : c.gray('·');
      const indent = s.depth === 2 ? '      ' : '   ';
      const ref = s.depth === 2 ? c.gray(s.ref) : s.ref;
      const here = state.position === s.ref ? c.yellow(' ◀') : '';
      lines.push(`${mark}${indent}${ref}${' '.repeat(Math.max(1, 8 - displayWidth(s.ref)))}${s.title[ctx.lang]}${here}`);
    }
    lines.push('');
  }
  writeOut(lines.join('\n').trimEnd());
}
