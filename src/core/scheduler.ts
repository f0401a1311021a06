// Spaced repetition with FSRS (ts-fsrs). The review log is the source of truth: card states are
// derived by replaying it, so scheduler parameters can change later without losing anything.
import { createEmptyCard, fsrs, generatorParameters, State, type Card, type Grade } from 'ts-fsrs';
import type { NotesModel } from './model.js';
import { CONCEPT_CARD, QUESTION_CARD, conceptChapter } from './quiz.js';

export { RATING_NAMES, ratingForAnswer, type Rating, type ReviewEvent } from './review-event.js';
import type { ReviewEvent } from './review-event.js';

export interface CardState {
  id: string;
  fsrs: Card;
  reviews: number;
  correct: number;
  answered: number;
  lastReview?: Date;
}

export interface CardInfo {
  id: string;
  kind: 'concept' | 'question';
  chapter: number;
  ref: string;
}

export function createScheduler() {
  return fsrs(generatorParameters({ enable_fuzz: false }));
}

/** Replay events (sorted by time, then id) into card states. */
export function replay(events: ReviewEvent[]): Map<string, CardState> {
  const scheduler = createScheduler();
  const states = new Map<string, CardState>();
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const e of sorted) {
    const current = states.get(e.card) ?? { id: e.card, fsrs: createEmptyCard(e.at), reviews: 0, correct: 0, answered: 0 };
    const next = scheduler.next(current.fsrs, e.at, e.rating as Grade);
    current.fsrs = next.card;
    current.reviews++;
    if (e.correct !== undefined) {
      current.answered++;
      if (e.correct) current.correct++;
    }
    current.lastReview = e.at;
    states.set(e.card, current);
  }
  return states;
}

/** Every card the notes define: one per glossary concept, one per hand-written question. */
export function cardCatalog(model: NotesModel): CardInfo[] {
  return [
    ...model.concepts.map((c) => ({ id: CONCEPT_CARD + c.id, kind: 'concept' as const, chapter: conceptChapter(c), ref: c.ref })),
    ...model.questions.map((q) => ({ id: QUESTION_CARD + q.id, kind: 'question' as const, chapter: q.chapter, ref: q.ref })),
  ];
}

export function retrievability(state: CardState, now: Date): number {
  if (state.fsrs.state === State.New) return 0;
  return createScheduler().get_retrievability(state.fsrs, now, false);
}

export interface DueCard {
  info: CardInfo;
  state: CardState;
  overdueMs: number;
}

/** Seen cards due at `now`, most overdue first. */
export function dueCards(catalog: CardInfo[], states: Map<string, CardState>, now: Date): DueCard[] {
  const out: DueCard[] = [];
  for (const info of catalog) {
    const state = states.get(info.id);
    if (!state) continue;
    const overdueMs = now.getTime() - state.fsrs.due.getTime();
    if (overdueMs >= 0) out.push({ info, state, overdueMs });
  }
  return out.sort((a, b) => b.overdueMs - a.overdueMs || (a.info.id < b.info.id ? -1 : 1));
}

/** Cards never reviewed, in reading order, those from sections already read first. */
export function newCards(catalog: CardInfo[], states: Map<string, CardState>, readRefs: Set<string>): CardInfo[] {
  const refKey = (ref: string) => ref.split('.').map((n) => n.padStart(4, '0')).join('.');
  return catalog
    .filter((c) => !states.has(c.id))
    .sort((a, b) => {
      const ra = readRefs.has(a.ref) ? 0 : 1;
      const rb = readRefs.has(b.ref) ? 0 : 1;
      if (ra !== rb) return ra - rb;
      if (a.kind !== b.kind) return a.kind === 'concept' ? -1 : 1;
      return refKey(a.ref) < refKey(b.ref) ? -1 : refKey(a.ref) > refKey(b.ref) ? 1 : a.id < b.id ? -1 : 1;
    });
}

/** When the next seen card falls due, if any. */
export function nextDue(states: Map<string, CardState>): Date | undefined {
  let best: Date | undefined;
  for (const s of states.values()) if (!best || s.fsrs.due < best) best = s.fsrs.due;
  return best;
}
