import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latexToUnicode, replaceMathSpans } from '../src/core/math.js';

const cases: [string, string][] = [
  ['\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V', 'softmax(QKᵀ/√dₖ)V'],
  ['\\mathcal{L} = -\\sum_{i=1}^{n} \\log \\Pr(x_i \\mid x_{<i})', 'ℒ = −∑ᵢ₌₁ⁿ log Pr(xᵢ | x_(<i))'],
  ['\\alpha + \\beta \\le \\gamma', 'α + β ≤ γ'],
  ['\\frac{a+b}{2}', '(a+b)/2'],
  ['x^{2}', 'x²'],
  ['\\sqrt{x+y}', '√(x+y)'],
  ['\\mathbb{E}_{x \\sim \\mathcal{D}}[f(x)]', '𝔼_(x ~ 𝒟)[f(x)]'],
  ['P(y_w \\succ y_l) = \\sigma(r(x,y_w) - r(x,y_l))', 'P(y_w ≻ yₗ) = σ(r(x,y_w) − r(x,yₗ))'],
  ['C \\approx 6ND', 'C ≈ 6ND'],
  ['\\hat{\\theta}', 'θ̂'],
  ['\\min(1, q(x)/p(x))', 'min(1, q(x)/p(x))'],
  ['\\text{KL}(\\pi_\\theta \\| \\pi_{\\mathrm{ref}})', 'KL(π_θ ‖ π_ref)'],
  ['p_i = \\frac{\\exp(z_i/T)}{\\sum_j \\exp(z_j/T)}', 'pᵢ = exp(zᵢ/T)/(∑ⱼ exp(zⱼ/T))'],
  ['L(N) = (N_c/N)^{\\alpha_N}', 'L(N) = (N_c/N)^(α_N)'],
  ['\\unknowncommand{x}', 'unknowncommandx'],
];

describe('latexToUnicode', () => {
  for (const [latex, expected] of cases) {
    it(latex, () => expect(latexToUnicode(latex)).toBe(expected));
  }
  it('never leaves a backslash command in its output', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('\\frac', '\\sqrt', '\\mathrm', '\\alpha', '{', '}', '^', '_', 'x', '1', ' ', '\\left(', '\\right)', '\\sum', '\\text', '\\hat', '\\mathbb', '\\'), { maxLength: 40 }), (parts) => {
        const out = latexToUnicode(parts.join(''));
        expect(out).not.toMatch(/\\[A-Za-z]/);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});

describe('replaceMathSpans', () => {
  const mark = (text: string) => replaceMathSpans(text, (latex, display) => `<${display ? 'D' : 'I'}:${latex}>`);
  it('finds formulas after Chinese text, not money', () => {
    expect(mark('损失为$x_i$。')).toBe('损失为<I:x_i>。');
    expect(mark('costs $5 and $10')).toBe('costs $5 and $10');
    expect(mark('US$5 and $x$')).toBe('US$5 and <I:x>');
    expect(mark('$$a+b$$')).toBe('<D:a+b>');
  });
});
