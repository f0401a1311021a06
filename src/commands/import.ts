import { readFileSync } from 'node:fs';
import type { ReviewEvent } from '../core/scheduler.js';
import { DataError } from '../errors.js';
import { appendEvents, ensureWritable, loadLog, logWarnings, parseLog, toReviewEvent } from '../io/review-log.js';
import { writeErr, writeOut } from '../ui/output.js';
import { createContext, type GlobalOptions } from './context.js';

/** Events from a review log (.jsonl) or an `fllm export --format json` file. */
export function readImport(path: string, lang: 'en' | 'zh' = 'en'): { events: ReviewEvent[]; warnings: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DataError({ en: `cannot read ${path} (${why})`, zh: `无法读取 ${path}（${why}）` }, { cause: e });
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && trimmed.includes('"fllm-export"')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new DataError({ en: `${path}: not valid JSON (${(e as Error).message}); give a reviews.jsonl or an fllm export`, zh: `${path}：不是有效的 JSON（${(e as Error).message}）；请给出 reviews.jsonl 或 fllm export 导出的文件` }, { cause: e });
    }
    const cards = (data as { cards?: { history?: unknown[] }[] }).cards ?? [];
    const events: ReviewEvent[] = [];
    let bad = 0;
    for (const card of cards) for (const h of card.history ?? []) {
      const e = toReviewEvent(h);
      if (e) events.push(e);
      else bad++;
    }
    const warning = lang === 'zh' ? `${path}：跳过了 ${bad} 条无法读取的复习记录` : `${path}: skipped ${bad} unreadable review${bad === 1 ? '' : 's'}`;
    return { events, warnings: bad ? [warning] : [] };
  }
  const log = parseLog(text, path);
  if (log.events.length === 0 && log.badLines.length > 0) throw new DataError({ en: `${path}: no reviews found (expected a reviews.jsonl log or an fllm export --format json file)`, zh: `${path}：没有找到复习记录（应为 reviews.jsonl 或 fllm export --format json 导出的文件）` });
  return { events: log.events, warnings: logWarnings(log, lang) };
}

export async function importReviews(file: string, opts: GlobalOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { events, warnings } = readImport(file, ctx.lang);
  for (const w of warnings) writeErr(`fllm: ${ctx.lang === 'zh' ? '警告' : 'warning'}: ${w}`);
  const existing = loadLog(ctx.dataDir);
  const known = new Set(existing.events.map((e) => e.id));
  const fresh: ReviewEvent[] = [];
  for (const e of events) {
    if (known.has(e.id)) continue;
    known.add(e.id);
    fresh.push(e);
  }
  if (fresh.length) {
    ensureWritable(ctx.dataDir);
    appendEvents(ctx.dataDir, fresh);
  }
  const skipped = events.length - fresh.length;
  writeOut(ctx.lang === 'zh' ? `导入 ${fresh.length} 条复习记录，跳过 ${skipped} 条已有记录。` : `imported ${fresh.length} review${fresh.length === 1 ? '' : 's'}, skipped ${skipped} already present.`);
}
