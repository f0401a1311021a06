// The last stage of rendering: a view (styled text from src/ui/render.ts, or precompiled at
// build time) fitted to the terminal: wrapped by display columns with Chinese line-breaking
// rules and hanging indents, tables drawn to the width with CJK kept aligned, colour stripped
// when it is off. No Markdown library here, so reading the bundled notes does not load one.
import chalk from 'chalk';
import { displayWidth, padEndToWidth, stripAnsi, wrapLine } from '../core/text.js';

export interface RenderOptions {
  width: number;
  rawMath: boolean;
  color: boolean;
}

export const HEADING_STYLE = chalk.bold.cyan;
export const FIRST_HEADING_STYLE = chalk.bold.magenta;
export const QUOTE_BAR = '│ ';

// Lines that must keep their shape (code, diagrams, tables) carry this private-use mark until
// the final wrapping pass, which leaves them alone and removes it.
const KEEP = '\uE000';
// Markers for what depends on the width: a table (its cells as JSON) and a rule.
const TABLE = '\uE001';
export const RULE_MARKER = '\uE002';

export function keepLines(text: string): string {
  return text.split('\n').map((l) => KEEP + l).join('\n');
}

export function tableMarker(header: string[], rows: string[][]): string {
  return TABLE + JSON.stringify({ header, rows });
}

/** Heading as marked-terminal styles it, for views assembled without Markdown. */
export function headingView(text: string, depth: number): string {
  return (depth === 1 ? FIRST_HEADING_STYLE : HEADING_STYLE)(text);
}

/** Our own table: columns sized to content and shrunk to fit, cells wrapped by display width. */
function drawTable(header: string[], rows: string[][], width: number): string {
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
  const gray = chalk.gray;
  const line = (l: string, m: string, r: string) => gray(l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r);
  const renderRow = (cells: string[], style: (s: string) => string) => {
    const wrapped = widths.map((w, i) => wrapLine(cells[i] ?? '', w));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      out.push(gray('│') + wrapped.map((w, i) => ' ' + style(padEndToWidth(w[k] ?? '', widths[i]!)) + ' ').join(gray('│')) + gray('│'));
    }
    return out;
  };
  const lines = [line('┌', '┬', '┐'), ...renderRow(header, (s) => chalk.bold(s)), line('├', '┼', '┤')];
  rows.forEach((r) => lines.push(...renderRow(r, (s) => s)));
  lines.push(line('└', '┴', '┘'));
  return lines.join('\n');
}

const LIST_PREFIX = /^(\s*)((?:[*•-]|\d+\.)\s+)?/;

/** Wrap every line that may be wrapped, with a hanging indent for lists and quotes. */
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

/** A view → terminal text at a width, with or without colour. */
export function layoutView(view: string, opts: { width: number; color: boolean }): string {
  const width = Math.max(20, opts.width);
  const previousLevel = chalk.level;
  chalk.level = Math.max(previousLevel, 1) as 1 | 2 | 3;
  try {
    const filled = view
      .split('\n')
      .map((line) => {
        // A marker may sit inside a list or a quote: keep what precedes it on every line.
        const table = line.indexOf(TABLE);
        if (table >= 0) {
          const prefix = line.slice(0, table);
          const json = line.slice(table + TABLE.length, line.lastIndexOf('}') + 1);
          const { header, rows } = JSON.parse(json) as { header: string[]; rows: string[][] };
          const drawn = drawTable(header, rows, width - displayWidth(prefix));
          return keepLines(drawn.split('\n').map((l) => prefix + l).join('\n'));
        }
        const rule = line.indexOf(RULE_MARKER);
        if (rule >= 0) {
          const prefix = line.slice(0, rule);
          return keepLines(prefix + chalk.gray('─'.repeat(Math.max(1, width - displayWidth(prefix)))));
        }
        return line;
      })
      .join('\n');
    const wrapped = wrapOutput(filled, width);
    return opts.color ? wrapped : stripAnsi(wrapped);
  } finally {
    chalk.level = previousLevel;
  }
}
