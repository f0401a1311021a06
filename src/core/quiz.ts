// The quiz engine: the question pool (hand-written bank plus questions generated from the
// glossary), reproducible selection and shuffling, and the card each question trains.
import type { Bilingual, Concept, Lang, NotesModel, Question, QuestionType } from './model.js';
import { shuffled, type Rng } from './random.js';

export interface QuizFilter {
  chapter?: number;
  concept?: string;
  type?: QuestionType;
}

export interface PreparedQuestion {
  question: Question;
  /** Presented position → index into question.choices / question.items. */
  order: number[];
  /** The card this answer is a review of: `q:<id>` for the bank, `concept:<id>` for generated. */
  card: string;
  generated: boolean;
}

export const CONCEPT_CARD = 'concept:';
export const QUESTION_CARD = 'q:';
const GENERATED_PREFIX = 'gen:';

export function conceptChapter(concept: Concept): number {
  return Number(concept.ref.split('.')[0]);
}

export function isGenerated(question: Question): boolean {
  return question.id.startsWith(GENERATED_PREFIX);
}

export function cardOf(question: Question): string {
  if (isGenerated(question)) return CONCEPT_CARD + question.id.split(':').at(-1)!;
  return QUESTION_CARD + question.id;
}

function quote(text: string, lang: Lang): string {
  return lang === 'zh' ? `“${text}”` : `“${text}”`;
}

/** Draw up to `n` items from a list in random order, without shuffling all of it. */
function sample<T>(items: readonly T[], n: number, rng: Rng, accept: (x: T) => boolean): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < pool.length && out.length < n; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    if (accept(pool[i]!)) out.push(pool[i]!);
  }
  return out;
}

interface ConceptIndex {
  byId: Map<string, Concept>;
  byChapter: Map<number, Concept[]>;
  chapterOf: Map<string, number>;
}

function indexConcepts(model: NotesModel): ConceptIndex {
  const byId = new Map<string, Concept>();
  const byChapter = new Map<number, Concept[]>();
  const chapterOf = new Map<string, number>();
  for (const c of model.concepts) {
    const ch = conceptChapter(c);
    byId.set(c.id, c);
    chapterOf.set(c.id, ch);
    byChapter.set(ch, [...(byChapter.get(ch) ?? []), c]);
  }
  return { byId, byChapter, chapterOf };
}

/** Up to `n` plausible wrong concepts: related ones from the same chapter first, then the chapter. */
function distractors(model: NotesModel, index: ConceptIndex, concept: Concept, n: number, rng: Rng): Concept[] {
  const chapter = index.chapterOf.get(concept.id)!;
  const picked: Concept[] = [];
  const usable = (c: Concept) => c.id !== concept.id && c.definition.en !== concept.definition.en && c.en !== concept.en && !picked.some((p) => p.id === c.id);
  const related = concept.related.map((id) => index.byId.get(id)).filter((c): c is Concept => !!c && index.chapterOf.get(c.id) === chapter);
  picked.push(...sample(related, n, rng, usable));
  if (picked.length < n) picked.push(...sample(index.byChapter.get(chapter) ?? [], n - picked.length, rng, usable));
  if (picked.length < n) picked.push(...sample(model.concepts, n - picked.length, rng, usable));
  return picked;
}

function otherNames(others: Concept[], lang: Lang): string {
  return others.map((c) => quote(c[lang], lang)).join(lang === 'zh' ? '、' : ', ');
}

/**
 * Three questions per concept, built from the glossary: term → definition, definition → term,
 * and across languages (an English term with Chinese definitions, and the reverse).
 */
export function generateQuestions(model: NotesModel, rng: Rng): Question[] {
  const out: Question[] = [];
  const index = indexConcepts(model);
  for (const c of model.concepts) {
    const wrong = distractors(model, index, c, 3, rng);
    if (wrong.length < 2) continue;
    const base = { chapter: index.chapterOf.get(c.id)!, ref: c.ref, concepts: [c.id], difficulty: 1 as const, source: c.source };
    const explanation: Bilingual = {
      en: `${quote(c.en, 'en')} (${c.zh}): ${c.definition.en} The other choices describe ${otherNames(wrong, 'en')}.`,
      zh: `${quote(c.zh, 'zh')}（${c.en}）：${c.definition.zh} 其余选项分别对应${otherNames(wrong, 'zh')}。`,
    };
    const choicesOf = (pick: (x: Concept) => Bilingual) => [{ text: pick(c), correct: true }, ...wrong.map((w) => ({ text: pick(w), correct: false }))];
    out.push({
      ...base, id: `${GENERATED_PREFIX}term-def:${c.id}`, type: 'single' as QuestionType,
      question: { en: `What does ${quote(c.en, 'en')} mean?`, zh: `${quote(c.zh, 'zh')}指的是什么？` },
      choices: choicesOf((x) => x.definition), explanation,
    });
    out.push({
      ...base, id: `${GENERATED_PREFIX}def-term:${c.id}`, type: 'single' as QuestionType,
      question: { en: `Which term matches this definition? ${c.definition.en}`, zh: `哪个术语符合这个定义？${c.definition.zh}` },
      choices: choicesOf((x) => ({ en: x.en, zh: x.zh })), explanation,
    });
    out.push({
      ...base, id: `${GENERATED_PREFIX}cross:${c.id}`, type: 'single' as QuestionType, difficulty: 2,
      question: { en: `Which Chinese definition matches ${quote(c.en, 'en')}?`, zh: `哪个英文定义对应${quote(c.zh, 'zh')}？` },
      choices: choicesOf((x) => ({ en: x.definition.zh, zh: x.definition.en })), explanation,
    });
  }
  return out;
}

export function matchesFilter(q: Question, filter: QuizFilter): boolean {
  if (filter.chapter !== undefined && q.chapter !== filter.chapter) return false;
  if (filter.concept !== undefined && !q.concepts.includes(filter.concept)) return false;
  if (filter.type !== undefined && q.type !== filter.type) return false;
  return true;
}

/** The bank questions and generated ones that pass the filter, bank first, in a stable order. */
export function questionPool(model: NotesModel, filter: QuizFilter, rng: Rng): { bank: Question[]; generated: Question[] } {
  return {
    bank: model.questions.filter((q) => matchesFilter(q, filter)),
    generated: generateQuestions(model, rng).filter((q) => matchesFilter(q, filter)),
  };
}

/**
 * Pick `count` questions: hand-written ones are richer, so at most a third of the quiz is
 * generated unless the bank runs out.
 */
export function selectQuestions(pool: { bank: Question[]; generated: Question[] }, count: number, rng: Rng): Question[] {
  const bank = shuffled(pool.bank, rng);
  const generated = shuffled(pool.generated, rng);
  const wantGenerated = Math.min(generated.length, Math.max(count - bank.length, Math.floor(count / 3)));
  const picked = [...bank.slice(0, count - wantGenerated), ...generated.slice(0, wantGenerated)];
  return shuffled(picked, rng).slice(0, count);
}

export function prepareQuestion(question: Question, rng: Rng): PreparedQuestion {
  const n = question.choices?.length ?? question.items?.length ?? 0;
  const identity = Array.from({ length: n }, (_, i) => i);
  let order = shuffled(identity, rng);
  // An ordering question must not be presented already in the right order.
  if (question.type === 'order' && n > 1 && order.every((v, i) => v === i)) order = [...order.slice(1), order[0]!];
  return { question, order, card: cardOf(question), generated: isGenerated(question) };
}
