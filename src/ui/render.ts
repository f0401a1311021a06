// Markdown → terminal text: marked + marked-terminal for styling, plus what they lack here:
// wrapping by display columns with Chinese line-breaking rules (paragraphs, lists and quotes),
// math as readable Unicode, and tables that fit the width with CJK kept aligned.
import { Marked, type RendererExtension, type Token, type TokenizerExtension, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import chalk from 'chalk';
import { latexToUnicode } from '../core/math.js';
import { displayWidth, joinSoftBreaks, padEndToWidth, stripAnsi, wrapLine } from '../core/text.js';

export interface RenderOptions {
  width: number;
  rawMath: boolean;
  color: boolean;
}

// Lines that must keep their shape (code, diagrams, tables) carry this private-use mark until
// the final wrapping pass, which leaves them alone and removes it.
const KEEP = '\uE000';

function keepLines(text: string): string {
  return text.split('\n').map((l) => KEEP + l).join('\n');
}

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

function mathRenderers(opts: RenderOptions): RendererExtension[] {
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

/** Our own table: columns sized to content and shrunk to fit, cells wrapped by display width. */
function renderTable(token: Tokens.Table, inline: (tokens: Tokens.Generic[]) => string, width: number): string {
  const header = token.header.map((c) => stripAnsiKeepStyle(inline(c.tokens as Tokens.Generic[])));
  const rows = token.rows.map((r) => r.map((c) => stripAnsiKeepStyle(inline(c.tokens as Tokens.Generic[]))));
  const columns = header.length;
  const natural = Array.from({ length: columns }, (_, i) =>
    Math.max(3, displayWidth(header[i] ?? ''), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const overhead = 3 * columns + 1;
  const available = Math.max(columns * 4, width - overhead);
  const widths = [...natural];
  // Shrink the widest column until the table fits.
  while (widths.reduce((a, b) => a + b, 0) > available) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 4) break;
    widths[widest]!--;
  }
  const line = (l: string, m: string, r: string) => chalk.gray(l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r);
  const renderRow = (cells: string[], style: (s: string) => string) => {
    const wrapped = cells.map((c, i) => wrapLine(c, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      out.push(chalk.gray('│') + wrapped.map((w, i) => ' ' + style(padEndToWidth(w[k] ?? '', widths[i]!)) + ' ').join(chalk.gray('│')) + chalk.gray('│'));
    }
    return out;
  };
  const lines = [line('┌', '┬', '┐'), ...renderRow(header, (s) => chalk.bold(s)), line('├', '┼', '┤')];
  rows.forEach((r) => lines.push(...renderRow(r, (s) => s)));
  lines.push(line('└', '┴', '┘'));
  return lines.join('\n');
}

function stripAnsiKeepStyle(s: string): string {
  return s.replace(/\n/g, ' ');
}

const QUOTE_BAR = '│ ';
const LIST_PREFIX = /^(\s*)((?:[*•-]|\d+\.)\s+)?/;

/** Final pass: wrap every line that may be wrapped, with a hanging indent for lists and quotes. */
function wrapOutput(text: string, width: number): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.includes(KEEP)) {
      out.push(line.replaceAll(KEEP, ''));
      continue;
    }
    const plain = stripAnsi(line);
    const quote = /^(\s*)│ /.exec(plain);
    if (quote) {
      // Continuation lines of a quote keep the bar, in the quote's colour.
      out.push(...wrapLine(line, width, quote[1] + '\x1b[90m' + QUOTE_BAR + '\x1b[39m'));
      continue;
    }
    const m = LIST_PREFIX.exec(plain);
    const indent = m ? displayWidth(m[0]) : 0;
    out.push(...wrapLine(line, width, indent));
  }
  // Formulas were held together with no-break spaces while wrapping; print ordinary ones.
  return out.join('\n').replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n');
}

/** Tokens → terminal text: styled by marked-terminal, then wrapped by display columns. */
export function renderTokens(tokens: Token[], opts: RenderOptions): string {
  const width = Math.max(20, opts.width);
  // Links print as "text (url)": no OSC 8 hyperlink sequences built from note content.
  process.env.FORCE_HYPERLINK = '0';
  const previousLevel = chalk.level;
  // Render with styles on, then strip them if colour is off: one code path for both.
  chalk.level = opts.color ? Math.max(previousLevel, 1) as 1 | 2 | 3 : 1;
  try {
    const marked = new Marked();
    marked.use(
      markedTerminal({
        width,
        reflowText: false,
        showSectionPrefix: false,
        emoji: false,
        tab: 2,
        heading: chalk.bold.cyan,
        firstHeading: chalk.bold.magenta,
        code: (s: string) => keepLines(chalk.yellow(s)),
        codespan: chalk.yellow,
        blockquote: (s: string) => s.split('\n').map((l) => chalk.gray(QUOTE_BAR) + chalk.italic(l.replace(/^ {2}/, ''))).join('\n'),
        hr: (s: string) => chalk.gray('─'.repeat(Math.min(width, Math.max(1, s.length)))),
        table: (s: string) => keepLines(s),
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
          const parser = this.parser;
          return keepLines(renderTable(token, (inline) => parser.parseInline(inline), width)) + '\n\n';
        },
        hr() {
          return keepLines(chalk.gray('─'.repeat(width))) + '\n\n';
        },
      },
    });
    const rendered = marked.parser(tokens);
    const wrapped = wrapOutput(rendered.replace(/\s+$/, ''), width);
    return opts.color ? wrapped : stripAnsi(wrapped);
  } finally {
    chalk.level = previousLevel;
  }
}

export function renderMarkdown(markdown: string, opts: RenderOptions): string {
  return renderTokens(lexMarkdown(markdown), opts);
}
