import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayWidth, joinSoftBreaks, stripAnsi, truncateToWidth, wrapLine } from '../src/core/text.js';

describe('displayWidth', () => {
  it('counts CJK as two columns and ANSI as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('对齐')).toBe(4);
    expect(displayWidth('\x1b[1m对\x1b[22m a')).toBe(4);
    expect(displayWidth('，。')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });
});

describe('wrapLine', () => {
  it('wraps English at spaces', () => {
    expect(wrapLine('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
  });
  it('wraps Chinese by display columns, not characters', () => {
    const lines = wrapLine('预训练让模型在大规模无标注文本上学习', 10);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(10);
    expect(lines.join('')).toBe('预训练让模型在大规模无标注文本上学习');
    expect(lines[0]).toBe('预训练让模');
  });
  it('never starts a line with closing punctuation', () => {
    // Without the rule, line 2 would start with '，'.
    const lines = wrapLine('一二三四五，六七八九十', 10);
    expect(lines.map((l) => l[0])).not.toContain('，');
    expect(lines).toEqual(['一二三四', '五，六七八', '九十']);
  });
  it('never starts a line with a closing bracket, even after a Latin word and a space', () => {
    for (let width = 16; width <= 40; width++) {
      const lines = wrapLine('这一层叫做多头注意力（multi-head self-attention ）是核心组件之一', width);
      for (const l of lines) expect(l.startsWith('）'), `width ${width}: ${JSON.stringify(lines)}`).toBe(false);
    }
  });
  it('never ends a line with an opening bracket', () => {
    const lines = wrapLine('一二三四（五六七八）', 10);
    for (const l of lines) expect(l.endsWith('（')).toBe(false);
  });
  it('keeps a hanging indent for continuation lines', () => {
    expect(wrapLine('* alpha beta gamma delta epsilon zeta', 20, 2)).toEqual(['* alpha beta gamma', '  delta epsilon zeta']);
  });
  it('cuts a word longer than the line', () => {
    expect(wrapLine('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
  it('closes styles at line ends and reopens them on the next line', () => {
    const lines = wrapLine('\x1b[1mbold words that wrap\x1b[22m', 10);
    expect(lines[0]!.endsWith('\x1b[0m')).toBe(true);
    expect(lines[1]!.startsWith('\x1b[1m')).toBe(true);
    expect(stripAnsi(lines.join(' '))).toBe('bold words that wrap');
  });
});

describe('joinSoftBreaks', () => {
  it('joins CJK lines without a space and others with one', () => {
    expect(joinSoftBreaks('预训练\n模型')).toBe('预训练模型');
    expect(joinSoftBreaks('pre\ntraining')).toBe('pre training');
    expect(joinSoftBreaks('模型\nBERT')).toBe('模型 BERT');
    expect(joinSoftBreaks('self-attention\n）')).toBe('self-attention）');
    expect(joinSoftBreaks('（\nBERT')).toBe('（BERT');
  });
});

describe('truncateToWidth', () => {
  it('cuts on display columns', () => {
    expect(truncateToWidth('对齐对齐对齐', 7)).toBe('对齐对…');
    expect(displayWidth(truncateToWidth('对齐对齐对齐', 7))).toBeLessThanOrEqual(7);
  });
});

// Property: whatever the text, every wrapped line fits the width in display columns.
const zh = fc.constantFrom(...'预训练对齐模型提示思维链，。、；：？！（）「」《》“”');
const en = fc.constantFrom(...'abcdefghij ABC,.;:!?()- ');
const styled = fc.constantFrom('\x1b[1m', '\x1b[22m', '\x1b[36m', '\x1b[39m', '\x1b[3m');
const piece = fc.oneof({ weight: 4, arbitrary: zh }, { weight: 4, arbitrary: en }, { weight: 1, arbitrary: styled }, { weight: 1, arbitrary: fc.constant(' ') });
const text = (pieces: fc.Arbitrary<string>) => fc.array(pieces, { maxLength: 300 }).map((a) => a.join(''));

describe('wrapLine properties', () => {
  for (const [name, arb] of [
    ['zh', text(fc.oneof(zh, styled))],
    ['en', text(fc.oneof(en, styled))],
    ['mixed', text(piece)],
  ] as const) {
    it(`every line fits the width (${name})`, () => {
      fc.assert(
        fc.property(arb, fc.integer({ min: 2, max: 120 }), fc.integer({ min: 0, max: 8 }), (s, width, indent) => {
          for (const line of wrapLine(s, width, indent)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        }),
        { numRuns: 1500, seed: 42 },
      );
    });
  }
  it('loses no visible character', () => {
    fc.assert(
      fc.property(text(piece), fc.integer({ min: 4, max: 80 }), (s, width) => {
        const squash = (x: string) => stripAnsi(x).replace(/\s+/g, '');
        expect(squash(wrapLine(s, width).join(''))).toBe(squash(s));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
