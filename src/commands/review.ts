import { randomInt } from 'node:crypto';
import type { Concept } from '../core/model.js';
import { createRng } from '../core/random.js';
import { CONCEPT_CARD, QUESTION_CARD, prepareQuestion } from '../core/quiz.js';
import { cardCatalog, dueCards, newCards, nextDue, replay, type CardInfo, type CardState, type Rating, type ReviewEvent } from '../core/scheduler.js';
import { localDay } from '../core/stats.js';
import { InterruptedError, UsageError, isInterrupted } from '../errors.js';
import { appendEvents, ensureWritable, loadLog, newEventId } from '../io/review-log.js';
import { sourceState } from '../io/state.js';
import { outputGone, stdoutIsTerminal, writeOut } from '../ui/output.js';
import { inlineText, wrap, type ViewOptions } from '../ui/quiz-view.js';
import { painter } from '../ui/paint.js';
import { createContext, type Context, type GlobalOptions } from './context.js';
import { loadReviews } from './reviews.js';
import { askAndRecord, createInteractiveAsker, createPlainAsker, standardOutput, type Asker } from './session.js';

export interface ReviewOptions extends GlobalOptions {
  limit?: number;
  chapter?: number;
  plain?: boolean;
  new?: number;
}


export function formatWait(ms: number, lang: 'en' | 'zh'): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return lang === 'zh' ? `${minutes} 分钟` : `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return lang === 'zh' ? `${hours} 小时` : `${hours} h`;
  const days = Math.round(hours / 24);
  return lang === 'zh' ? `${days} 天` : `${days} d`;
}

/** The first section in reading order that has not been read. */
function nextToRead(ctx: Context, readRefs: Set<string>): string | undefined {
  for (const chapter of ctx.notes.model.chapters) for (const s of chapter.sections) if (s.depth > 0 && !readRefs.has(s.ref)) return `${s.ref} ${s.title[ctx.lang]}`;
  return undefined;
}

async function reviewConcept(asker: Asker, concept: Concept, state: CardState | undefined, view: ViewOptions, dataDir: string, index: number, total: number): Promise<Rating> {
  const c = painter(view.color);
  const zh = view.lang === 'zh';
  // Alternate the language of the prompt from one review of a card to the next.
  const promptLang = (state?.reviews ?? 0) % 2 === 0 ? 'zh' : 'en';
  const term = promptLang === 'zh' ? concept.zh : concept.en;
  const started = Date.now();
  asker.say(c.gray(`${index}/${total} · ${zh ? '概念' : 'concept'} · ${concept.ref}`));
  await asker.reveal(`${c.bold(term)}\n${c.gray(zh ? '回想它的含义，然后查看答案' : 'recall what it means, then show the answer')}`);
  const names = [concept.en, concept.zh, ...concept.aliases].join(' · ');
  asker.say([
    c.bold(names),
    wrap(inlineText(concept.definition[view.lang], view), view.width),
    wrap(c.gray(inlineText(concept.definition[view.lang === 'zh' ? 'en' : 'zh'], view)), view.width),
    c.gray(`${zh ? '延伸阅读：' : 'read more: '}fllm read ${concept.ref}`),
  ].join('\n'));
  const rating = await asker.rate(zh ? '记得怎么样？' : 'how well did you recall it?');
  const event: ReviewEvent = { id: newEventId(), card: CONCEPT_CARD + concept.id, at: new Date(), rating, correct: rating > 1, source: 'review', ms: Date.now() - started };
  appendEvents(dataDir, [event]);
  asker.say('');
  return rating;
}

export async function runReview(opts: ReviewOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { model } = ctx.notes;
  if (opts.chapter !== undefined && !model.chapters.some((c) => c.number === opts.chapter)) {
    const list = model.chapters.map((c) => c.number).join(', ');
    throw new UsageError({ en: `--chapter ${opts.chapter}: no such chapter (chapters: ${list})`, zh: `--chapter ${opts.chapter}：没有这一章（现有章节：${list}）` });
  }
  const { log, states } = loadReviews(ctx);
  const now = new Date();
  const catalog = cardCatalog(model).filter((c) => opts.chapter === undefined || c.chapter === opts.chapter);
  const readRefs = new Set(Object.keys(sourceState(ctx.dataDir, ctx.notes).read));
  // New cards: a daily allowance, less those already started today.
  const today = localDay(now, now.getTimezoneOffset());
  const firstSeen = new Map<string, string>();
  for (const e of [...log.events].sort((a, b) => a.at.getTime() - b.at.getTime())) if (!firstSeen.has(e.card)) firstSeen.set(e.card, localDay(e.at, now.getTimezoneOffset()));
  const startedToday = [...firstSeen.values()].filter((d) => d === today).length;
  const newAllowance = Math.max(0, (opts.new ?? 10) - startedToday);
  const limit = opts.limit ?? 20;
  const queue: CardInfo[] = [...dueCards(catalog, states, now).map((d) => d.info), ...newCards(catalog, states, readRefs).slice(0, newAllowance)].slice(0, limit);
  const zh = ctx.lang === 'zh';
  const view: ViewOptions = { lang: ctx.lang, color: ctx.color, width: ctx.width, rawMath: ctx.rawMath };
  const c = painter(ctx.color);
  if (queue.length === 0) {
    const next = nextDue(states);
    const read = nextToRead(ctx, readRefs);
    writeOut(zh
      ? `没有到期的卡片${next ? `；下次复习在 ${formatWait(next.getTime() - now.getTime(), 'zh')}后` : ''}。`
      : `nothing due${next ? `; next review in ${formatWait(next.getTime() - now.getTime(), 'en')}` : ''}.`);
    if (read) writeOut(c.gray(zh ? `接下来可以读：fllm read ${read}` : `read next: fllm read ${read}`));
    return;
  }
  ensureWritable(ctx.dataDir);
  const plain = Boolean(opts.plain) || !process.stdin.isTTY || !stdoutIsTerminal();
  const asker = plain ? createPlainAsker(view, standardOutput) : await createInteractiveAsker(view);
  const rng = createRng(randomInt(1, 2 ** 31 - 1));
  const concepts = new Map(model.concepts.map((x) => [CONCEPT_CARD + x.id, x]));
  const questions = new Map(model.questions.map((x) => [QUESTION_CARD + x.id, x]));
  let done = 0;
  let again = 0;
  let complete = true;
  try {
    for (const [i, card] of queue.entries()) {
      const concept = concepts.get(card.id);
      if (concept) {
        const rating = await reviewConcept(asker, concept, states.get(card.id), view, ctx.dataDir, i + 1, queue.length);
        if (rating === 1) again++;
      } else {
        const question = questions.get(card.id)!;
        const r = await askAndRecord(asker, prepareQuestion(question, rng), i + 1, queue.length, { view, model, dataDir: ctx.dataDir, source: 'review', now: () => new Date() });
        if (!r.grade.correct) again++;
      }
      done++;
    }
  } catch (e) {
    if (!isInterrupted(e)) throw e;
    complete = false;
  } finally {
    asker.close();
  }
  const after = replay(loadLog(ctx.dataDir).events);
  const next = nextDue(after);
  asker.say([
    c.bold(zh ? `复习了 ${done} 张卡片，其中 ${again} 张需要重来。` : `reviewed ${done} card${done === 1 ? '' : 's'}, ${again} to see again soon.`),
    ...(complete ? [] : [c.yellow(zh ? '复习提前结束；已完成的都已保存。' : 'review ended early; what you did is saved.')]),
    ...(next ? [c.gray(zh ? `下一张卡片在 ${formatWait(Math.max(0, next.getTime() - Date.now()), 'zh')}后到期。` : `next card due in ${formatWait(Math.max(0, next.getTime() - Date.now()), 'en')}.`)] : []),
  ].join('\n'));
  // Ended by a reader that has gone (`| head`): what was reviewed is saved, and that is all.
  if (!complete && !outputGone()) throw new InterruptedError('interrupted');
}
