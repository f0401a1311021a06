import { writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONCEPT_CARD, QUESTION_CARD } from '../core/quiz.js';
import { cardCatalog, type CardState, type ReviewEvent } from '../core/scheduler.js';
import type { NotesModel } from '../core/model.js';
import { DataError, UsageError } from '../errors.js';
import { serializeEvent } from '../io/review-log.js';
import { writeErr, writeOut } from '../ui/output.js';
import { createContext, type GlobalOptions } from './context.js';
import { loadReviews } from './reviews.js';

export interface ExportOptions extends GlobalOptions {
  format?: string;
  output?: string;
}

interface ExportedCard {
  id: string;
  kind: 'concept' | 'question';
  chapter: number;
  ref: string;
  front: { en: string; zh: string };
  back: { en: string; zh: string };
  state: { due: string; stability: number; difficulty: number; reps: number; lapses: number; state: number; lastReview: string | null } | null;
  history: ReviewEvent[];
}

function cardsFor(model: NotesModel, states: Map<string, CardState>, events: ReviewEvent[]): ExportedCard[] {
  const byCard = new Map<string, ReviewEvent[]>();
  for (const e of events) byCard.set(e.card, [...(byCard.get(e.card) ?? []), e]);
  return cardCatalog(model).map((info) => {
    let front = { en: '', zh: '' };
    let back = { en: '', zh: '' };
    if (info.kind === 'concept') {
      const c = model.concepts.find((x) => CONCEPT_CARD + x.id === info.id)!;
      front = { en: c.en, zh: c.zh };
      back = c.definition;
    } else {
      const q = model.questions.find((x) => QUESTION_CARD + x.id === info.id)!;
      front = q.question;
      back = q.explanation;
    }
    const s = states.get(info.id);
    return {
      ...info, front, back,
      state: s ? { due: s.fsrs.due.toISOString(), stability: s.fsrs.stability, difficulty: s.fsrs.difficulty, reps: s.fsrs.reps, lapses: s.fsrs.lapses, state: s.fsrs.state, lastReview: s.lastReview?.toISOString() ?? null } : null,
      history: byCard.get(info.id) ?? [],
    };
  });
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function tsvCell(s: string): string {
  // Anki's importer: tabs separate fields, so none may appear inside one; newlines become <br>.
  return s.replace(/\t/g, ' ').replace(/\r?\n/g, '<br>');
}

export function formatExport(cards: ExportedCard[], format: string, lang: 'en' | 'zh'): string {
  if (format === 'json') {
    return JSON.stringify({ format: 'fllm-export', version: 1, cards: cards.map((c) => ({ ...c, history: c.history.map((e) => JSON.parse(serializeEvent(e))) })) }, null, 2);
  }
  if (format === 'csv') {
    const head = ['id', 'kind', 'chapter', 'ref', 'front_en', 'front_zh', 'due', 'stability', 'difficulty', 'reps', 'lapses', 'reviews', 'correct'];
    const rows = cards.map((c) => [c.id, c.kind, c.chapter, c.ref, c.front.en, c.front.zh, c.state?.due, c.state?.stability, c.state?.difficulty, c.state?.reps, c.state?.lapses, c.history.length, c.history.filter((e) => e.correct).length].map(csvCell).join(','));
    return [head.join(','), ...rows].join('\n');
  }
  const other = lang === 'zh' ? 'en' : 'zh';
  const lines = ['#separator:tab', '#html:true', '#tags column:3'];
  for (const c of cards) {
    const front = `${c.front[lang]}${c.kind === 'concept' ? ` (${c.front[other]})` : ''}`;
    const back = `${c.back[lang]}<br><br>${c.back[other]}<br><br>fllm read ${c.ref}`;
    lines.push([tsvCell(front), tsvCell(back), `fllm chapter-${c.chapter} ${c.kind}`].join('\t'));
  }
  return lines.join('\n');
}

export async function exportCards(opts: ExportOptions): Promise<void> {
  const format = (opts.format ?? 'json').toLowerCase();
  if (!['json', 'csv', 'anki'].includes(format)) throw new UsageError({ en: `--format ${opts.format}: must be json, csv or anki`, zh: `--format ${opts.format}：只能是 json、csv 或 anki` });
  const ctx = await createContext(opts);
  const { log, states } = loadReviews(ctx);
  const text = formatExport(cardsFor(ctx.notes.model, states, log.events), format, ctx.lang) + '\n';
  if (!opts.output || opts.output === '-') {
    writeOut(text);
    return;
  }
  const target = resolve(opts.output);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DataError({ en: `cannot write ${target} (${why}): choose another -o path`, zh: `无法写入 ${target}（${why}）：换一个 -o 路径` }, { cause: e });
  }
  writeErr(ctx.lang === 'zh' ? `已导出到 ${target}` : `exported to ${target}`);
}
