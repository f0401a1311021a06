// Progress figures from the notes, the reading state and the replayed review log. Pure: the
// clock and the time zone come in as arguments.
import type { NotesModel } from './model.js';
import { cardCatalog, retrievability, type CardState, type ReviewEvent } from './scheduler.js';

export interface ChapterStats {
  chapter: number;
  title: { en: string; zh: string };
  sectionsRead: number;
  sectionsTotal: number;
  cardsSeen: number;
  cardsTotal: number;
  /** Mean retrievability of seen cards, 0..1; null when none seen. */
  mastery: number | null;
  /** Share of answered reviews that were right, 0..1; null when none. */
  accuracy: number | null;
}

export interface Stats {
  chapters: ChapterStats[];
  reviews: number;
  streakDays: number;
  dueNow: number;
  dueToday: number;
  dueThisWeek: number;
  /** Cards falling due on each of the next 14 days (day 0 includes overdue ones). */
  forecast: { day: string; count: number }[];
  /** Reviews on each of the last 30 days, oldest first. */
  activity: { day: string; count: number }[];
}

const DAY_MS = 86_400_000;

/** The local calendar day of a moment, as YYYY-MM-DD, for a time zone offset (minutes, as Date#getTimezoneOffset). */
export function localDay(at: Date, tzOffsetMinutes: number): string {
  return new Date(at.getTime() - tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function dayAfter(day: string, n: number): string {
  return new Date(Date.parse(day + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10);
}

export function computeStats(
  model: NotesModel, states: Map<string, CardState>, events: ReviewEvent[], readRefs: Set<string>, now: Date, tzOffsetMinutes: number,
): Stats {
  const catalog = cardCatalog(model);
  const answeredByCard = new Map<string, { right: number; total: number }>();
  for (const e of events) {
    if (e.correct === undefined) continue;
    const a = answeredByCard.get(e.card) ?? { right: 0, total: 0 };
    a.total++;
    if (e.correct) a.right++;
    answeredByCard.set(e.card, a);
  }
  const chapters: ChapterStats[] = model.chapters.map((chapter) => {
    const sections = chapter.sections.filter((s) => s.depth > 0);
    const cards = catalog.filter((c) => c.chapter === chapter.number);
    const seen = cards.map((c) => states.get(c.id)).filter((s): s is CardState => !!s);
    let right = 0;
    let total = 0;
    for (const c of cards) {
      const a = answeredByCard.get(c.id);
      if (a) { right += a.right; total += a.total; }
    }
    return {
      chapter: chapter.number,
      title: chapter.title,
      sectionsRead: sections.filter((s) => readRefs.has(s.ref)).length,
      sectionsTotal: sections.length,
      cardsSeen: seen.length,
      cardsTotal: cards.length,
      mastery: seen.length ? seen.reduce((sum, s) => sum + retrievability(s, now), 0) / seen.length : null,
      accuracy: total ? right / total : null,
    };
  });

  const today = localDay(now, tzOffsetMinutes);
  const catalogIds = new Set(catalog.map((c) => c.id));
  const seenStates = [...states.values()].filter((s) => catalogIds.has(s.id));
  const dueDay = (s: CardState) => (s.fsrs.due <= now ? today : localDay(s.fsrs.due, tzOffsetMinutes));
  const forecast = Array.from({ length: 14 }, (_, i) => ({ day: dayAfter(today, i), count: 0 }));
  for (const s of seenStates) {
    const f = forecast.find((x) => x.day === dueDay(s));
    if (f) f.count++;
  }
  const weekEnd = dayAfter(today, 7);
  const activity = Array.from({ length: 30 }, (_, i) => ({ day: dayAfter(today, i - 29), count: 0 }));
  const reviewDays = new Set<string>();
  for (const e of events) {
    const d = localDay(e.at, tzOffsetMinutes);
    reviewDays.add(d);
    const a = activity.find((x) => x.day === d);
    if (a) a.count++;
  }
  // A streak still counts when today has no review yet but yesterday had one.
  let streakDays = 0;
  let cursor = reviewDays.has(today) ? today : dayAfter(today, -1);
  while (reviewDays.has(cursor)) {
    streakDays++;
    cursor = dayAfter(cursor, -1);
  }
  return {
    chapters,
    reviews: events.length,
    streakDays,
    dueNow: seenStates.filter((s) => s.fsrs.due <= now).length,
    dueToday: seenStates.filter((s) => dueDay(s) <= today).length,
    dueThisWeek: seenStates.filter((s) => dueDay(s) < weekEnd).length,
    forecast,
    activity,
  };
}
