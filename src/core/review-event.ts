// A review as the log stores it, and how a quiz answer becomes one. Kept apart from the
// scheduler so that asking questions does not load FSRS.

export type Rating = 1 | 2 | 3 | 4; // Again, Hard, Good, Easy
export const RATING_NAMES = ['', 'Again', 'Hard', 'Good', 'Easy'] as const;

export interface ReviewEvent {
  /** Unique per review, so that merging logs never doubles one. */
  id: string;
  card: string;
  at: Date;
  rating: Rating;
  correct?: boolean;
  answer?: string;
  source: 'quiz' | 'review' | 'import';
  ms?: number;
}

export function ratingForAnswer(correct: boolean, near: boolean): Rating {
  if (!correct) return 1;
  return near ? 2 : 3;
}
