import { describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, type Grade } from 'ts-fsrs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBook } from '../src/core/compile.js';
import { cardCatalog, dueCards, newCards, replay, ratingForAnswer, type Rating, type ReviewEvent } from '../src/core/scheduler.js';
import { computeStats, localDay } from '../src/core/stats.js';
import { shuffled, createRng } from '../src/core/random.js';
import { FIXTURE_BOOK } from './helpers.js';

const files = ['en/01-pretraining.md', 'zh/01-pretraining.md', 'glossary.yaml', 'quizzes/01-pretraining.yaml'].map((path) => ({ path, bytes: readFileSync(join(FIXTURE_BOOK, path)) }));
const { model } = compileBook(files);
const START = new Date('2026-01-01T08:00:00Z');
const ev = (card: string, at: Date, rating: Rating, i: number, correct?: boolean): ReviewEvent => ({ id: `e${String(i).padStart(4, '0')}`, card, at, rating, source: 'review', ...(correct === undefined ? {} : { correct }) });

describe('scheduling a simulated month', () => {
  it('replaying the log gives exactly the intervals ts-fsrs gives', () => {
    // The learner reviews whenever the card falls due, for 30 days, with a fixed pattern of grades.
    const f = fsrs(generatorParameters({ enable_fuzz: false }));
    const pattern: Rating[] = [3, 3, 1, 3, 2, 3, 4, 3, 3, 3, 3];
    let card = createEmptyCard(START);
    let now = START;
    const events: ReviewEvent[] = [];
    const intervals: number[] = [];
    for (let i = 0; now.getTime() < START.getTime() + 30 * 86_400_000; i++) {
      const rating = pattern[i % pattern.length]!;
      events.push(ev('concept:pre-training', now, rating, i));
      const next = f.next(card, now, rating as Grade).card;
      intervals.push(next.due.getTime() - now.getTime());
      card = next;
      now = next.due;
    }
    expect(events.length).toBeGreaterThan(5);
    const state = replay(shuffled(events, createRng(3))).get('concept:pre-training')!;
    expect(state.fsrs.due.toISOString()).toBe(card.due.toISOString());
    expect(state.fsrs.stability).toBeCloseTo(card.stability, 10);
    expect(state.fsrs.difficulty).toBeCloseTo(card.difficulty, 10);
    expect(state.reviews).toBe(events.length);
    expect(state.fsrs.lapses).toBe(card.lapses);
    // Intervals grow after successful reviews and shrink after Again.
    const againIndex = pattern.indexOf(1);
    expect(intervals[againIndex]!).toBeLessThan(intervals[againIndex - 1]!);
  });
  it('maps answers to ratings: wrong is Again, near miss is Hard, right is Good', () => {
    expect(ratingForAnswer(false, false)).toBe(1);
    expect(ratingForAnswer(true, true)).toBe(2);
    expect(ratingForAnswer(true, false)).toBe(3);
  });
});

describe('due and new cards', () => {
  const catalog = cardCatalog(model);
  it('has one card per concept and per hand-written question', () => {
    expect(catalog.length).toBe(model.concepts.length + model.questions.length);
    expect(catalog.map((c) => c.id)).toContain('concept:fine-tuning');
    expect(catalog.map((c) => c.id)).toContain('q:fixture-mlm-rate');
  });
  it('lists due cards most overdue first', () => {
    const states = replay([ev('concept:fine-tuning', START, 1, 1), ev('concept:pre-training', new Date(START.getTime() + 60_000), 1, 2)]);
    const due = dueCards(catalog, states, new Date(START.getTime() + 86_400_000));
    expect(due.map((d) => d.info.id)).toEqual(['concept:fine-tuning', 'concept:pre-training']);
    expect(dueCards(catalog, states, START)).toEqual([]);
  });
  it('offers new cards from sections already read first', () => {
    const order = newCards(catalog, new Map(), new Set(['1.2'])).map((c) => c.id);
    expect(order[0]).toBe('concept:fine-tuning');
  });
});

describe('stats on a known log', () => {
  const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 0, 1 + n, hour));
  const events = [
    ev('q:fixture-mlm-rate', day(0), 3, 1, true),
    ev('q:fixture-mlm-rate', day(1), 1, 2, false),
    ev('concept:fine-tuning', day(2), 3, 3, true),
    ev('q:fixture-cloze', day(3), 3, 4, true),
  ];
  const stats = computeStats(model, replay(events), events, new Set(['1.1', '1.2']), day(3, 12), 0);
  it('counts per chapter', () => {
    expect(stats.chapters[0]).toMatchObject({ sectionsRead: 2, sectionsTotal: 3, cardsSeen: 3, cardsTotal: 9, accuracy: 0.75 });
    expect(stats.chapters[0]!.mastery).toBeGreaterThan(0);
    expect(stats.chapters[0]!.mastery).toBeLessThanOrEqual(1);
  });
  it('counts the streak in days', () => {
    expect(stats.streakDays).toBe(4);
    expect(stats.reviews).toBe(4);
    expect(computeStats(model, replay(events), events, new Set(), day(6, 12), 0).streakDays).toBe(0);
  });
  it('draws a 14-day forecast and 30-day activity', () => {
    expect(stats.forecast).toHaveLength(14);
    expect(stats.forecast[0]!.day).toBe('2026-01-04');
    expect(stats.forecast.reduce((a, f) => a + f.count, 0)).toBe(3);
    expect(stats.activity).toHaveLength(30);
    expect(stats.activity.at(-1)).toEqual({ day: '2026-01-04', count: 1 });
  });
  it('uses the local day', () => {
    expect(localDay(new Date('2026-01-01T23:30:00Z'), -480)).toBe('2026-01-02'); // UTC+8
    expect(localDay(new Date('2026-01-01T23:30:00Z'), 0)).toBe('2026-01-01');
  });
});
