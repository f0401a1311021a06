// `fllm define TERM`: a glossary card (names in both languages, aliases, definitions, where it is
// explained, related terms, quiz coverage); `fllm define --list` lists every concept.
import { painter } from '../ui/paint.js';
import { conceptLabel, conceptMentions, explainingSection, findConcepts, nearestConcepts, questionCount } from '../core/glossary.js';
import { type Concept, type Lang, type NotesModel, allSections } from '../core/model.js';
import { sanitizeQuery } from '../core/sanitize.js';
import { displayWidth, padEndToWidth, wrapLine } from '../core/text.js';
import { UsageError } from '../errors.js';
import { page, writeOut } from '../ui/output.js';
import { createContext, type Context, type GlobalOptions } from './context.js';

export interface DefineOptions extends GlobalOptions {
  json?: boolean;
  list?: boolean;
}

function sectionRef(model: NotesModel, ref: string, lang: Lang) {
  const s = allSections(model).find((x) => x.ref === ref);
  return { ref, title: s ? s.title[lang] : '' };
}

function cardJson(ctx: Context, c: Concept, alsoMatches: string[]) {
  const { model } = ctx.notes;
  const byId = new Map(model.concepts.map((x) => [x.id, x]));
  return {
    id: c.id,
    en: c.en,
    zh: c.zh,
    aliases: c.aliases,
    definition: c.definition,
    ref: c.ref,
    title: sectionRef(model, c.ref, ctx.lang).title,
    mentionedIn: conceptMentions(model, c).map((s) => ({ ref: s.ref, title: s.title[ctx.lang] })),
    related: c.related.map((id) => ({ id, en: byId.get(id)?.en ?? id, zh: byId.get(id)?.zh ?? id })),
    questions: questionCount(model, c.id),
    ...(alsoMatches.length ? { alsoMatches } : {}),
  };
}

function renderCard(ctx: Context, c: Concept): string {
  const { model } = ctx.notes;
  const t = ctx.t;
  const k = painter(ctx.color);
  const other: Lang = ctx.lang === 'en' ? 'zh' : 'en';
  const width = ctx.width;
  const lines: string[] = [];
  const names = c[ctx.lang] === c[other] ? c[ctx.lang] : `${c[ctx.lang]} · ${c[other]}`;
  const showId = c.id !== c.en.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  lines.push(...wrapLine(`${k.bold(names)}${showId ? `  ${k.gray(`(${c.id})`)}` : ''}`, width, 2));
  if (c.aliases.length) lines.push(...wrapLine(`${k.gray(`${t.defineAliases}:`)} ${c.aliases.join(', ')}`, width, 2));
  lines.push('');
  for (const lang of [ctx.lang, other]) lines.push(...wrapLine(`  ${c.definition[lang]}`, width, 2));
  lines.push('');

  const byId = new Map(model.concepts.map((x) => [x.id, x]));
  const explained = explainingSection(model, c);
  const rows: [string, string[]][] = [
    [t.defineExplainedIn, [explained ? `${explained.ref} ${explained.title[ctx.lang]}` : c.ref]],
    [t.defineMentionedIn, conceptMentions(model, c).map((s) => `${s.ref} ${s.title[ctx.lang]}`)],
    [t.defineRelated, [c.related.map((id) => { const r = byId.get(id); return r ? conceptLabel(r, ctx.lang) : id; }).join(', ')].filter(Boolean)],
    [t.defineQuizLabel, [t.defineQuestions(questionCount(model, c.id), c.id)]],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => displayWidth(label))) + 2;
  for (const [label, values] of rows) {
    values.forEach((value, i) => {
      wrapLine(value, Math.max(10, width - labelWidth)).forEach((line, j) => {
        const head = i === 0 && j === 0 ? k.gray(padEndToWidth(label, labelWidth)) : ' '.repeat(labelWidth);
        lines.push(head + line);
      });
    });
  }
  return lines.join('\n');
}

function renderList(ctx: Context): string {
  const { model } = ctx.notes;
  const k = painter(ctx.color);
  const order = new Map(allSections(model).map((s, i) => [s.ref, i]));
  const concepts = [...model.concepts].sort((a, b) => (order.get(a.ref) ?? 1e9) - (order.get(b.ref) ?? 1e9) || a.en.localeCompare(b.en));
  const refWidth = Math.max(0, ...concepts.map((c) => displayWidth(c.ref)));
  const other: Lang = ctx.lang === 'en' ? 'zh' : 'en';
  const lines = concepts.map((c) => {
    const names = c[ctx.lang] === c[other] ? c[ctx.lang] : `${c[ctx.lang]} · ${c[other]}`;
    return `${k.cyan(padEndToWidth(c.ref, refWidth))}  ${names}  ${k.gray(c.id)}`;
  });
  lines.push(k.gray(ctx.t.defineCount(concepts.length)));
  return lines.join('\n');
}

/** Unknown term: the nearest names, plus what search finds (pinyin, prefixes, typos). */
async function suggestions(ctx: Context, term: string): Promise<Concept[]> {
  const found = nearestConcepts(ctx.notes.model, term, 5).map((n) => n.concept);
  if (found.length < 5) {
    try {
      const { searchEngine } = await import('./search.js');
      const engine = await searchEngine(ctx);
      const byId = new Map(ctx.notes.model.concepts.map((c) => [c.id, c]));
      for (const hit of engine.search(term, { limit: 5, lang: ctx.lang, width: 40 })) {
        const c = hit.conceptId ? byId.get(hit.conceptId) : undefined;
        if (c && hit.kind === 'term' && !found.includes(c)) found.push(c);
      }
    } catch {
      // Suggestions are a courtesy: without an index, the nearest names will do.
    }
  }
  return found.slice(0, 5);
}

export async function defineTerm(term: string | string[] | undefined, opts: DefineOptions): Promise<void> {
  const ctx = await createContext(opts);
  const raw = (Array.isArray(term) ? term.join(' ') : (term ?? '')).trim();
  const { model } = ctx.notes;
  if (opts.list) {
    if (raw) throw new UsageError(ctx.t.defineTermOrList);
    if (opts.json) {
      writeOut(JSON.stringify(model.concepts.map((c) => ({ id: c.id, en: c.en, zh: c.zh, aliases: c.aliases, ref: c.ref, questions: questionCount(model, c.id) })), null, 2));
    } else await page(renderList(ctx), { pager: ctx.pager });
    return;
  }
  const query = sanitizeQuery(raw).replace(/\s+/g, ' ').trim();
  if (!query) throw new UsageError(ctx.t.defineNeedTerm);
  const [concept, ...others] = findConcepts(model, query);
  if (!concept) {
    const near = await suggestions(ctx, query);
    const hint = near.length ? ctx.t.didYouMean(near.map((c) => conceptLabel(c, ctx.lang)).join(', ')) : ctx.t.searchTryList;
    throw new UsageError(`${ctx.t.defineUnknown(query)}; ${hint}`);
  }
  if (opts.json) {
    writeOut(JSON.stringify(cardJson(ctx, concept, others.map((c) => c.id)), null, 2));
    return;
  }
  let card = renderCard(ctx, concept);
  if (others.length) card += `\n\n${ctx.t.defineAlsoNames(query, others.map((c) => c.id).join(', '))}`;
  await page(card, { pager: ctx.pager });
}
