// Display-column text utilities: width, ANSI-aware wrapping with Chinese line-breaking rules.
// Terminals give East Asian wide characters two columns; string.length counts one.
import { eastAsianWidth } from 'get-east-asian-width';

// CSI (ESC [ ... final) and OSC (ESC ] ... BEL or ESC \) sequences.
const ANSI_PATTERN = /\x1b\[[0-9;:?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/u;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

const widthCache = new Map<number, number>();

export function codePointWidth(codePoint: number): number {
  if (codePoint < 0x7f) return codePoint < 0x20 ? 0 : 1;
  if (codePoint >= 0x4e00 && codePoint <= 0x9fff) return 2; // CJK unified ideographs, the bulk of Chinese text
  let w = widthCache.get(codePoint);
  if (w === undefined) {
    w = ZERO_WIDTH.test(String.fromCodePoint(codePoint)) ? 0 : eastAsianWidth(codePoint);
    widthCache.set(codePoint, w);
  }
  return w;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) width += codePointWidth(ch.codePointAt(0)!);
  return width;
}

/** True for characters written without spaces between them (Han, kana, Hangul, full-width forms). */
export function isCjk(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x2e80 && codePointWidth(cp) === 2;
}

/** Cut text to at most `width` display columns, adding `…` when something was cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of stripAnsi(text)) {
    const w = codePointWidth(ch.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

// Chinese line-breaking (禁则): these may not start a line ...
const NO_LINE_START = new Set([...'，。、；：？！）」』》〉】〕｝’”…～·%,.;:?!)]}']);
// ... and these may not end one.
const NO_LINE_END = new Set([...'（「『《〈【〔｛‘“([{']);

type Unit =
  | { kind: 'esc'; text: string }
  | { kind: 'space'; text: string }
  | { kind: 'visible'; text: string; width: number };

// Characters written without spaces between them, each one a place where a line may break.
const CJK_CLASS = '\\u1100-\\u115f\\u2e80-\\u303e\\u3041-\\u33ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\ua000-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6\\u{20000}-\\u{3fffd}';
const UNIT_PATTERN = new RegExp(`(${ANSI_PATTERN.source})|([ \\t]+)|([${CJK_CLASS}])|([^ \\t\\x1b${CJK_CLASS}]+|\\x1b)`, 'gu');
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function wordWidth(word: string): number {
  if (PRINTABLE_ASCII.test(word)) return word.length;
  let w = 0;
  for (const ch of word) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

function tokenize(line: string): Unit[] {
  const units: Unit[] = [];
  for (const m of line.matchAll(UNIT_PATTERN)) {
    if (m[1] !== undefined) units.push({ kind: 'esc', text: m[1] });
    else if (m[2] !== undefined) units.push({ kind: 'space', text: m[2].replace(/\t/g, ' ') });
    else if (m[3] !== undefined) units.push({ kind: 'visible', text: m[3], width: codePointWidth(m[3].codePointAt(0)!) });
    else units.push({ kind: 'visible', text: m[4]!, width: wordWidth(m[4]!) });
  }
  return units;
}

// SGR bookkeeping so that a style cut by a line break is closed at the end of the line and
// reopened on the next: every line stands on its own (pagers, `head`, terminals that reset).
type SgrState = Map<string, string>;
const SGR_GROUP: Record<string, string> = { '1': 'weight', '2': 'weight', '3': 'italic', '4': 'underline', '7': 'inverse', '8': 'hidden', '9': 'strike' };
const SGR_RESET: Record<string, string> = { '22': 'weight', '23': 'italic', '24': 'underline', '27': 'inverse', '28': 'hidden', '29': 'strike', '39': 'fg', '49': 'bg' };

function applySgr(state: SgrState, esc: string): void {
  const m = /^\x1b\[([0-9;]*)m$/.exec(esc);
  if (!m) return;
  const params = m[1] ?? '';
  const first = params.split(';')[0] ?? '';
  if (params === '' || params === '0') state.clear();
  else if (SGR_RESET[first]) state.delete(SGR_RESET[first]!);
  else if (SGR_GROUP[first]) state.set(SGR_GROUP[first]!, esc);
  else {
    const n = Number(first);
    if ((n >= 30 && n <= 38) || (n >= 90 && n <= 97)) state.set('fg', esc);
    else if ((n >= 40 && n <= 48) || (n >= 100 && n <= 107)) state.set('bg', esc);
  }
}

function splitLongWord(unit: { text: string; width: number }, width: number): { text: string; width: number }[] {
  const pieces: { text: string; width: number }[] = [];
  let text = '';
  let w = 0;
  for (const ch of unit.text) {
    const cw = codePointWidth(ch.codePointAt(0)!);
    if (w + cw > width && text) {
      pieces.push({ text, width: w });
      text = '';
      w = 0;
    }
    text += ch;
    w += cw;
  }
  if (text) pieces.push({ text, width: w });
  return pieces;
}

/**
 * Wrap one line to `width` display columns. Continuation lines are indented by `indent`
 * columns (a hanging indent for list items and quotes). ANSI styles are closed at each line
 * end and reopened on the next line.
 */
export function wrapLine(line: string, width: number, indent: number | string = 0): string[] {
  const safeWidth = Math.max(2, Math.floor(width));
  const prefix = typeof indent === 'string' ? indent : ' '.repeat(Math.max(0, indent));
  const prefixWidth = displayWidth(prefix);
  const hang = prefixWidth > 0 && safeWidth - prefixWidth >= 10 ? prefixWidth : 0;
  const hangPrefix = hang ? prefix : '';
  if (displayWidth(line) <= safeWidth) return [line.replace(/[ \t]+$/, '')];

  type Line = { units: Unit[]; width: number };
  const lines: Line[] = [];
  let current: Line = { units: [], width: 0 };
  let pendingSpace = false;
  const visibleCount = (l: Line) => l.units.filter((u) => u.kind === 'visible').length;
  const startLine = () => {
    lines.push(current);
    current = { units: [], width: hang };
    pendingSpace = false;
  };

  const place = (unit: { text: string; width: number }) => {
    const space = pendingSpace && current.width > (lines.length ? hang : 0) ? 1 : 0;
    if (current.width + space + unit.width <= safeWidth) {
      if (space) current.units.push({ kind: 'space', text: ' ' });
      current.units.push({ kind: 'visible', ...unit });
      current.width += space + unit.width;
      pendingSpace = false;
      return;
    }
    // Does not fit. Carry back characters that may not end/start a line, when possible.
    const carried: Unit[] = [];
    const firstChar = [...unit.text][0] ?? '';
    if (NO_LINE_START.has(firstChar) && isCjk(firstChar) && visibleCount(current) >= 1) {
      while (current.units.length && current.units.at(-1)!.kind !== 'visible') carried.unshift(current.units.pop()!);
      const moved = current.units.pop() as { kind: 'visible'; text: string; width: number };
      carried.unshift(moved);
      current.width -= moved.width;
    }
    while (visibleCount(current) > 1) {
      const lastVisible = [...current.units].reverse().find((u) => u.kind === 'visible') as { text: string; width: number } | undefined;
      if (!lastVisible || !NO_LINE_END.has([...lastVisible.text].at(-1) ?? '')) break;
      while (current.units.length && current.units.at(-1)!.kind !== 'visible') carried.unshift(current.units.pop()!);
      const moved = current.units.pop() as { kind: 'visible'; text: string; width: number };
      carried.unshift(moved);
      current.width -= moved.width;
    }
    while (current.units.at(-1)?.kind === 'space') {
      current.units.pop();
      current.width -= 1;
    }
    if (visibleCount(current) > 0) startLine();
    for (const u of carried) {
      current.units.push(u);
      if (u.kind === 'visible') current.width += u.width;
    }
    const room = safeWidth - current.width;
    if (unit.width <= room) {
      current.units.push({ kind: 'visible', ...unit });
      current.width += unit.width;
      return;
    }
    // A word longer than a whole line: cut it by columns.
    for (const piece of splitLongWord(unit, Math.max(1, safeWidth - current.width))) {
      if (current.width + piece.width > safeWidth) startLine();
      current.units.push({ kind: 'visible', ...piece });
      current.width += piece.width;
    }
  };

  current.width = 0;
  for (const unit of tokenize(line)) {
    if (unit.kind === 'esc') current.units.push(unit);
    else if (unit.kind === 'space') {
      if (current.width === 0 && lines.length === 0) {
        // Leading spaces are the first line's indentation: keep them all.
        current.units.push({ kind: 'visible', text: unit.text, width: unit.text.length });
        current.width += unit.text.length;
      } else pendingSpace = true;
    } else place(unit);
  }
  lines.push(current);

  const out: string[] = [];
  const state: SgrState = new Map();
  lines.forEach((l, i) => {
    let text = i > 0 ? hangPrefix + [...state.values()].join('') : '';
    for (const u of l.units) {
      if (u.kind === 'esc') {
        applySgr(state, u.text);
        text += u.text;
      } else if (u.kind === 'space') text += ' ';
      else text += u.text;
    }
    if (state.size > 0 && i < lines.length - 1) text += '\x1b[0m';
    out.push(text.replace(/[ \t]+$/, ''));
  });
  return out;
}

/** Join the lines of a soft-wrapped paragraph: no space between two CJK characters. */
export function joinSoftBreaks(text: string): string {
  return text.replace(/[ \t]*\n[ \t]*/g, (_m, offset: number, whole: string) => {
    const before = [...whole.slice(Math.max(0, offset - 2), offset)].at(-1) ?? '';
    const after = [...whole.slice(offset + _m.length, offset + _m.length + 2)][0] ?? '';
    const glued = (isCjk(before) && isCjk(after)) || (isCjk(after) && NO_LINE_START.has(after)) || (isCjk(before) && NO_LINE_END.has(before));
    return glued ? '' : ' ';
  });
}
