// The review log, loaded and replayed for the commands that show it (review, stats, export).
import { replay, type CardState } from '../core/scheduler.js';
import { loadLog, logWarnings, type LoadedLog } from '../io/review-log.js';
import { writeErr } from '../ui/output.js';
import type { Context } from './context.js';

/** The log, replayed; damaged lines are reported once on stderr. */
export function loadReviews(ctx: Context): { log: LoadedLog; states: Map<string, CardState> } {
  const log = loadLog(ctx.dataDir);
  for (const w of logWarnings(log, ctx.lang)) writeErr(`fllm: ${ctx.lang === 'zh' ? '警告' : 'warning'}: ${w}`);
  return { log, states: replay(log.events) };
}
