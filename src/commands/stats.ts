import { computeStats, type Stats } from '../core/stats.js';
import { sourceState } from '../io/state.js';
import { alignLabels, bar, columns } from '../ui/charts.js';
import { writeOut } from '../ui/output.js';
import { painter } from '../ui/paint.js';
import { createContext, type GlobalOptions } from './context.js';
import { loadReviews } from './reviews.js';

export interface StatsOptions extends GlobalOptions {
  json?: boolean;
}

const pct = (x: number | null) => (x === null ? '  –' : `${Math.round(x * 100)}%`.padStart(4));

export function renderStats(stats: Stats, lang: 'en' | 'zh', color: boolean): string {
  const c = painter(color);
  const zh = lang === 'zh';
  const lines: string[] = [];
  const labels = alignLabels(stats.chapters.map((ch) => `${ch.chapter} ${ch.title[lang]}`));
  lines.push(c.bold(zh ? '各章进度' : 'Chapters'));
  stats.chapters.forEach((ch, i) => {
    const read = `${ch.sectionsRead}/${ch.sectionsTotal}`;
    const seen = `${ch.cardsSeen}/${ch.cardsTotal}`;
    lines.push(`${labels[i]}  ${c.cyan(bar(ch.mastery ?? 0, 16))} ${pct(ch.mastery)}  ${c.gray(zh ? `已读 ${read} · 卡片 ${seen} · 正确率 ${pct(ch.accuracy).trim()}` : `read ${read} · cards ${seen} · accuracy ${pct(ch.accuracy).trim()}`)}`);
  });
  lines.push(c.gray(zh ? '（条形图为掌握度：已学卡片的平均可回忆概率）' : '(bar: mastery, the mean recall probability of the cards you have seen)'));
  lines.push('');
  lines.push(c.bold(zh ? '总览' : 'Overall'));
  lines.push(zh
    ? `复习 ${stats.reviews} 次 · 连续 ${stats.streakDays} 天 · 现在到期 ${stats.dueNow} · 今天 ${stats.dueToday} · 本周 ${stats.dueThisWeek}`
    : `${stats.reviews} reviews · streak ${stats.streakDays} day${stats.streakDays === 1 ? '' : 's'} · due now ${stats.dueNow} · today ${stats.dueToday} · this week ${stats.dueThisWeek}`);
  lines.push('');
  lines.push(c.bold(zh ? '未来 14 天到期' : 'Due in the next 14 days'));
  for (const row of columns(stats.forecast.map((f) => f.count), 5, 3)) lines.push(c.cyan(row));
  lines.push(c.gray(stats.forecast.map((f) => f.day.slice(8)).join(' ')));
  lines.push(c.gray(stats.forecast.map((f) => String(f.count).padStart(2)).join(' ')));
  lines.push('');
  lines.push(c.bold(zh ? '最近 30 天复习' : 'Reviews in the last 30 days'));
  for (const row of columns(stats.activity.map((a) => a.count), 4, 2)) lines.push(c.green(row));
  const first = stats.activity[0]?.day ?? '';
  const last = stats.activity.at(-1)?.day ?? '';
  lines.push(c.gray(`${first}${' '.repeat(Math.max(1, 60 - first.length - last.length))}${last}`));
  return lines.join('\n');
}

export async function showStats(opts: StatsOptions): Promise<void> {
  const ctx = await createContext(opts);
  const { log, states } = loadReviews(ctx);
  const readRefs = new Set(Object.keys(sourceState(ctx.dataDir, ctx.notes).read));
  const now = new Date();
  const stats = computeStats(ctx.notes.model, states, log.events, readRefs, now, now.getTimezoneOffset());
  if (opts.json) {
    writeOut(JSON.stringify(stats, null, 2));
    return;
  }
  writeOut(renderStats(stats, ctx.lang, ctx.color));
}
