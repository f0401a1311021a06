// Markdown → terminal text: marked + marked-terminal for styling, plus what they lack here:
// wrapping by display columns with Chinese line-breaking rules (paragraphs, lists and quotes),
// math as readable Unicode, and tables that fit the width with CJK kept aligned.
import { Marked, type RendererExtension, type Token, type TokenizerExtension, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import chalk from 'chalk';
import { latexToUnicode } from '../core/math.js';
import { joinSoftBreaks } from '../core/text.js';
import { FIRST_HEADING_STYLE, HEADING_STYLE, QUOTE_BAR, RULE_MARKER, keepLines, layoutView, tableMarker, type RenderOptions } from './layout.js';

export type { RenderOptions } from './layout.js';

const MATH_BLOCK = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/;
const MATH_INLINE = /^\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?![0-9])/;

/** `$...$` and `$$...$$` become math tokens, so that Markdown never sees the LaTeX inside. */
const MATH_TOKENIZERS: TokenizerExtension[] = [
  {
    name: 'mathBlock',
    level: 'block',
    start: (src: string) => src.match(/^\$\$/m)?.index,
    tokenizer(src: string) {
      const m = MATH_BLOCK.exec(src);
      return m ? { type: 'mathBlock', raw: m[0], text: m[1]! } : undefined;
    },
  },
  {
    name: 'mathInline',
    level: 'inline',
    start: (src: string) => src.indexOf('$'),
    tokenizer(src: string) {
      const m = MATH_INLINE.exec(src);
      return m ? { type: 'mathInline', raw: m[0], text: m[1]! } : undefined;
    },
  },
];

function mathRenderers(opts: { rawMath: boolean }): RendererExtension[] {
  const show = (latex: string) => (opts.rawMath ? latex.trim() : latexToUnicode(latex));
  const textOf = (token: unknown) => (token as { text: string }).text;
  return [
    {
      name: 'mathBlock',
      renderer: (token) => '    ' + chalk.cyan(opts.rawMath ? `$$${textOf(token).trim()}$$` : show(textOf(token))) + '\n\n',
    },
    {
      name: 'mathInline',
      // No-break spaces: an inline formula is never split across lines.
      renderer: (token) => chalk.cyan((opts.rawMath ? `$${textOf(token)}$` : show(textOf(token))).replace(/ /g, '\u00a0')),
    },
  ];
}

/**
 * Soft line breaks: join two CJK characters without a space, anything else with one. A break
 * can sit at the edge of a text token (next to **bold** or a formula), so look at the
 * neighbouring tokens' raw text as well.
 */
function joinSoftBreaksIn(token: Token): void {
  const children = 'tokens' in token ? (token.tokens as Tokens.Generic[] | undefined) : undefined;
  if (!children) return;
  children.forEach((child, i) => {
    if (child.type !== 'text' || ('tokens' in child && child.tokens)) return;
    const before = i > 0 ? [...(children[i - 1]!.raw ?? '').replace(/[*_~`$]+$/, '')].at(-1) ?? '' : '';
    const after = [...(children[i + 1]?.raw ?? '').replace(/^[*_~`$]+/, '')][0] ?? '';
    (child as Tokens.Text).text = joinSoftBreaks(before + child.text + after).slice(before.length, after ? -after.length : undefined);
  });
}

let lexerInstance: Marked | undefined;

/**
 * Markdown → tokens: the first stage of the pipeline, independent of width and colour, so the
 * bundled notes are lexed once at build time (src/build-notes.ts) and stored with them.
 */
export function lexMarkdown(markdown: string): Token[] {
  lexerInstance ??= new Marked({ extensions: MATH_TOKENIZERS });
  const tokens = lexerInstance.lexer(markdown);
  lexerInstance.walkTokens(tokens, joinSoftBreaksIn);
  return [...tokens];
}

/**
 * Tokens → view: the styled text before it is fitted to a width. Independent of the width and
 * of the colour setting (styles are always on; layout strips them when colour is off), so the
 * bundled notes' views are made once at build time. Tables and rules, which depend on the
 * width, are left as markers for the layout stage (src/ui/layout.ts).
 */
export function viewOfTokens(tokens: Token[], opts: { rawMath: boolean }): string {
  // Links print as "text (url)": no OSC 8 hyperlink sequences built from note content.
  process.env.FORCE_HYPERLINK = '0';
  const previousLevel = chalk.level;
  chalk.level = Math.max(previousLevel, 1) as 1 | 2 | 3;
  try {
    const marked = new Marked();
    marked.use(
      markedTerminal({
        reflowText: false,
        showSectionPrefix: false,
        emoji: false,
        tab: 2,
        heading: HEADING_STYLE,
        firstHeading: FIRST_HEADING_STYLE,
        code: (s: string) => keepLines(chalk.yellow(s)),
        codespan: chalk.yellow,
        blockquote: (s: string) => s.split('\n').map((l) => chalk.gray(QUOTE_BAR) + chalk.italic(l.replace(/^ {2}/, ''))).join('\n'),
      }),
    );
    marked.use({
      extensions: mathRenderers(opts),
      renderer: {
        // marked-terminal prints a text token's raw text; list items carry inline tokens
        // (bold, code, math) inside it, which must be rendered.
        text(token) {
          if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
          return false;
        },
        table(token) {
          const cell = (c: Tokens.TableCell) => this.parser.parseInline(c.tokens).replace(/\n/g, ' ');
          return tableMarker(token.header.map(cell), token.rows.map((r) => r.map(cell))) + '\n\n';
        },
        hr() {
          return RULE_MARKER + '\n\n';
        },
      },
    });
    return marked.parser(tokens).replace(/\s+$/, '');
  } finally {
    chalk.level = previousLevel;
  }
}

/** Tokens → terminal text: the view, laid out to the width. */
export function renderTokens(tokens: Token[], opts: RenderOptions): string {
  return layoutView(viewOfTokens(tokens, opts), opts);
}

export function renderMarkdown(markdown: string, opts: RenderOptions): string {
  return renderTokens(lexMarkdown(markdown), opts);
}
