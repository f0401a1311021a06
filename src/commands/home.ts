// `fllm` with no arguments: a menu in a terminal, an overview elsewhere.
import { sourceState } from '../io/state.js';
import { resolveRef } from '../core/refs.js';
import { writeOut } from '../ui/output.js';
import { createContext, type GlobalOptions } from './context.js';

export interface HomeOptions extends GlobalOptions {
  helpText: string;
}

export async function showHome(opts: HomeOptions): Promise<void> {
  const ctx = createContext(opts);
  const { model } = ctx.notes;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    writeOut(`${ctx.t.overview}\n\n${opts.helpText}`);
    return;
  }
  const { chooseOne } = await import('../ui/prompts.js');
  const state = sourceState(ctx.dataDir, ctx.notes.sourceId);
  const resumed = state.position ? resolveRef(model, state.position) : undefined;
  type Action = 'continue' | 'chapter' | 'toc' | 'quit';
  const choices: { name: string; value: Action }[] = [
    {
      name: resumed?.kind === 'found' ? ctx.t.menuContinue(resumed.section.ref, resumed.section.title[ctx.lang]) : ctx.t.menuStart,
      value: 'continue',
    },
    { name: ctx.t.menuChapter, value: 'chapter' },
    { name: ctx.t.menuToc, value: 'toc' },
    { name: ctx.t.menuQuit, value: 'quit' },
  ];
  const action = await chooseOne(ctx.t.menuTitle, choices);
  const { readSection } = await import('./read.js');
  if (action === 'continue') await readSection(undefined, opts);
  else if (action === 'chapter') {
    const chapter = await chooseOne(
      ctx.t.pickChapter,
      model.chapters.map((c) => ({ name: `${c.number}  ${c.title[ctx.lang]}`, value: String(c.number) })),
    );
    await readSection(chapter, opts);
  } else if (action === 'toc') {
    const { showToc } = await import('./toc.js');
    await showToc(opts);
  }
}
