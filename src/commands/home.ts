// `fllm` with no arguments: a menu in a terminal, an overview elsewhere.
import { sourceState } from '../io/state.js';
import { resolveRef } from '../core/refs.js';
import { cardCatalog, dueCards, replay } from '../core/scheduler.js';
import { loadLog } from '../io/review-log.js';
import { stdoutIsTerminal, writeOut } from '../ui/output.js';
import { createContext, type GlobalOptions } from './context.js';

export interface HomeOptions extends GlobalOptions {
  helpText: string;
}

type Action = 'continue' | 'chapter' | 'toc' | 'quiz' | 'review' | 'search' | 'stats' | 'quit';

export async function showHome(opts: HomeOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { model } = ctx.notes;
  if (!process.stdin.isTTY || !stdoutIsTerminal()) {
    writeOut(`${ctx.t.overview}\n\n${opts.helpText}`);
    return;
  }
  const { chooseOne, askText, usePromptLanguage } = await import('../ui/prompts.js');
  usePromptLanguage(ctx.lang);
  const state = sourceState(ctx.dataDir, ctx.notes);
  const resumed = state.position ? resolveRef(model, state.position) : undefined;
  let due = 0;
  try {
    due = dueCards(cardCatalog(model), replay(loadLog(ctx.dataDir).events), new Date()).length;
  } catch {
    // An unreadable log is reported by `review` itself; the menu still opens.
  }
  const zh = ctx.lang === 'zh';
  const choices: { name: string; value: Action }[] = [
    { name: resumed?.kind === 'found' ? ctx.t.menuContinue(resumed.section.ref, resumed.section.title[ctx.lang]) : ctx.t.menuStart, value: 'continue' },
    { name: ctx.t.menuChapter, value: 'chapter' },
    { name: zh ? '做一次测验' : 'Take a quiz', value: 'quiz' },
    { name: zh ? `复习（${due} 张到期）` : `Review (${due} due)`, value: 'review' },
    { name: zh ? '搜索' : 'Search', value: 'search' },
    { name: ctx.t.menuToc, value: 'toc' },
    { name: zh ? '学习统计' : 'Progress and stats', value: 'stats' },
    { name: ctx.t.menuQuit, value: 'quit' },
  ];
  const action = await chooseOne(ctx.t.menuTitle, choices);
  switch (action) {
    case 'continue': {
      const { readSection } = await import('./read.js');
      return readSection(undefined, opts);
    }
    case 'chapter': {
      const chapter = await chooseOne(ctx.t.pickChapter, model.chapters.map((c) => ({ name: `${c.number}  ${c.title[ctx.lang]}`, value: String(c.number) })));
      const { readSection } = await import('./read.js');
      return readSection(chapter, opts);
    }
    case 'quiz': {
      const { runQuiz } = await import('./quiz.js');
      return runQuiz(opts);
    }
    case 'review': {
      const { runReview } = await import('./review.js');
      return runReview(opts);
    }
    case 'search': {
      const query = await askText(zh ? '搜索什么？' : 'Search for:');
      const { searchNotes } = await import('./search.js');
      return searchNotes(query, { ...opts, open: true });
    }
    case 'toc': {
      const { showToc } = await import('./toc.js');
      return showToc(opts);
    }
    case 'stats': {
      const { showStats } = await import('./stats.js');
      return showStats(opts);
    }
    case 'quit':
      return;
  }
}
