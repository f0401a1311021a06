// LaTeX math → readable Unicode for the terminal: Greek letters, √, ∑, sub/superscripts,
// fractions as a/b. Covers the subset documented in docs/notes-format.md; anything unknown
// degrades to its plain name, never to a raw backslash command.

const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  sum: '∑', prod: '∏', int: '∫', cdot: '·', times: '×', div: '÷', pm: '±', mp: '∓',
  le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', approx: '≈', propto: '∝', equiv: '≡',
  in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩', sim: '~', simeq: '≃',
  to: '→', rightarrow: '→', leftarrow: '←', gets: '←', Rightarrow: '⇒', Leftarrow: '⇐',
  leftrightarrow: '↔', Leftrightarrow: '⇔', mapsto: '↦', infty: '∞', nabla: '∇', partial: '∂',
  forall: '∀', exists: '∃', neg: '¬', land: '∧', lor: '∨', top: 'ᵀ', bot: '⊥', circ: '∘',
  ldots: '…', cdots: '⋯', dots: '…', vdots: '⋮', mid: '|', vert: '|', Vert: '‖', '|': '‖',
  lVert: '‖', rVert: '‖', lvert: '|', rvert: '|', langle: '⟨', rangle: '⟩', lfloor: '⌊',
  rfloor: '⌋', lceil: '⌈', rceil: '⌉', succ: '≻', prec: '≺', succeq: '⪰', preceq: '⪯', ll: '≪',
  gg: '≫', oplus: '⊕', otimes: '⊗', odot: '⊙', star: '⋆', ast: '∗', bullet: '•', prime: '′',
  emptyset: '∅', varnothing: '∅', triangleq: '≜', coloneqq: '≔', colon: ':', ell: 'ℓ',
  '{': '{', '}': '}', '%': '%', '$': '$', '&': '&', '#': '#', '_': '_',
  quad: '  ', qquad: '    ', ',': ' ', ';': ' ', ':': ' ', '!': '', ' ': ' ',
};

// Commands that print their own name as an upright operator.
const OPERATORS = new Set(['log', 'exp', 'max', 'min', 'arg', 'sin', 'cos', 'tan', 'tanh', 'sup', 'inf', 'lim', 'det', 'dim', 'softmax', 'argmax', 'argmin', 'Pr', 'ln', 'sgn', 'KL', 'clip']);
// Commands whose argument is shown as plain text.
const TEXT_COMMANDS = new Set(['mathrm', 'text', 'textrm', 'textit', 'textbf', 'mathit', 'operatorname', 'mathbf', 'boldsymbol', 'bm', 'mathsf', 'mathtt', 'emph']);
const ACCENTS: Record<string, string> = { hat: '\u0302', widehat: '\u0302', tilde: '\u0303', widetilde: '\u0303', bar: '\u0304', overline: '\u0305', vec: '\u20d7', dot: '\u0307', ddot: '\u0308' };
const BLACKBOARD: Record<string, string> = { E: '𝔼', R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', P: 'ℙ' };
const CALLIGRAPHIC: Record<string, string> = { A: '𝒜', B: 'ℬ', C: '𝒞', D: '𝒟', E: 'ℰ', F: 'ℱ', G: '𝒢', H: 'ℋ', L: 'ℒ', M: 'ℳ', N: '𝒩', O: '𝒪', P: '𝒫', R: 'ℛ', S: '𝒮', T: '𝒯', U: '𝒰', V: '𝒱', X: '𝒳', Y: '𝒴', Z: '𝒵' };
const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ', g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ', l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ', t: 'ᵗ', u: 'ᵘ', v: 'ᵛ', w: 'ʷ', x: 'ˣ', y: 'ʸ', z: 'ᶻ', T: 'ᵀ', ᵀ: 'ᵀ', '′': '′', '*': '*', '∗': '*' };
const SUBSCRIPT: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ', β: 'ᵦ', γ: 'ᵧ', ρ: 'ᵨ', φ: 'ᵩ', χ: 'ᵪ' };

class Reader {
  pos = 0;
  constructor(readonly src: string) {}
  peek(): string { return this.src[this.pos] ?? ''; }
  done(): boolean { return this.pos >= this.src.length; }
}

/** Convert a LaTeX math fragment (without the $ delimiters) to Unicode text. */
export function latexToUnicode(latex: string): string {
  const reader = new Reader(latex);
  return tidy(parseSequence(reader, ''));
}

function tidy(text: string): string {
  return text.replace(/[ \t]{3,}/g, '  ').replace(/\s+([,;)\]])/g, '$1').trim();
}

function parseSequence(r: Reader, until: string): string {
  let out = '';
  while (!r.done()) {
    const ch = r.peek();
    if (until && ch === until) { r.pos++; return out; }
    out += parseAtom(r, out);
  }
  return out;
}

/** Read one group: `{...}`, a command, or a single character. */
function parseGroup(r: Reader): string {
  while (r.peek() === ' ') r.pos++;
  const ch = r.peek();
  if (ch === '{') { r.pos++; return parseSequence(r, '}'); }
  if (ch === '\\') return parseCommand(r);
  if (ch === '') return '';
  r.pos++;
  return ch;
}

function readCommandName(r: Reader): string {
  r.pos++; // backslash
  const start = r.pos;
  if (/[A-Za-z]/.test(r.peek())) {
    while (/[A-Za-z]/.test(r.peek())) r.pos++;
    return r.src.slice(start, r.pos);
  }
  r.pos++;
  return r.src.slice(start, r.pos);
}

function parseCommand(r: Reader): string {
  const name = readCommandName(r);
  if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
    const num = parseGroup(r);
    const den = parseGroup(r);
    return `${wrapIfComplex(num)}/${wrapIfComplex(den)}`;
  }
  if (name === 'sqrt') {
    let index = '';
    if (r.peek() === '[') { r.pos++; index = parseSequence(r, ']'); }
    const body = parseGroup(r);
    const root = index === '3' ? '∛' : index === '4' ? '∜' : index ? `${toScript(index, SUPERSCRIPT, '^')}√` : '√';
    return root + wrapIfComplex(body);
  }
  if (name === 'left' || name === 'right' || name === 'big' || name === 'Big' || name === 'bigg' || name === 'Bigg' || name === 'bigl' || name === 'bigr' || name === 'Bigl' || name === 'Bigr') {
    if (r.peek() === '.') { r.pos++; return ''; }
    return parseGroup(r);
  }
  if (TEXT_COMMANDS.has(name)) return parseGroup(r);
  if (name === 'mathbb') return [...parseGroup(r)].map((c) => BLACKBOARD[c] ?? c).join('');
  if (name === 'mathcal' || name === 'mathscr') return [...parseGroup(r)].map((c) => CALLIGRAPHIC[c] ?? c).join('');
  if (ACCENTS[name]) {
    const body = parseGroup(r);
    return [...body].length === 1 ? body + ACCENTS[name] : `${name}(${body})`;
  }
  if (name === 'not') { const next = parseGroup(r); return next === '=' ? '≠' : next === '∈' ? '∉' : `¬${next}`; }
  if (name === 'binom') { const n = parseGroup(r); const k = parseGroup(r); return `C(${n}, ${k})`; }
  if (name === 'underbrace' || name === 'overbrace') return parseGroup(r);
  if (SYMBOLS[name] !== undefined) return SYMBOLS[name]!;
  if (OPERATORS.has(name)) return name;
  if (name === 'begin' || name === 'end') { parseGroup(r); return ''; }
  if (name === '\\') return ' '; // a LaTeX line break
  return name.replace(/\\/g, ''); // unknown command: its name, never the backslash
}

/** True when the whole text is one parenthesised group, e.g. `(a+b)` but not `(a)+(b)`. */
function closesAtEnd(text: string, open: number): boolean {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

// Letters and digits as they occur in formulas: Latin, Greek, math alphanumerics, CJK. Explicit
// ranges rather than \p{L}: Unicode property classes cost milliseconds to compile at start-up.
const WORD = 'A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u1d00-\u1dbf\u2100-\u214f\u4e00-\u9fff\u{1d400}-\u{1d7ff}';
const SCRIPT_MARKS = '\u00b2\u00b3\u00b9\u02b0-\u02ff\u1d2c-\u1d6a\u1d9b-\u1dbf\u2070-\u209cᵢⱼᵣᵤᵥᵦᵧᵨᵩᵪ';
const PLAIN_WORD = new RegExp(`^[${WORD}.′ᵀ]+$`, 'u');
const SCRIPTED_WORD = new RegExp(`^[√∑∏]?[${WORD}]+[${SCRIPT_MARKS}]*$`, 'u');
const CALL_HEAD = new RegExp(`^[${WORD}\u0300-\u036f_${SCRIPT_MARKS}]*\\(`, 'u');
const SIMPLE_SCRIPT = new RegExp(`^[${WORD}]+$`, 'u');

function wrapIfComplex(text: string): string {
  const t = text.trim();
  if ([...t].length <= 1 || PLAIN_WORD.test(t) || SCRIPTED_WORD.test(t)) return t;
  // A bracketed group, or a function applied to one, such as exp(zᵢ/T), reads fine as it is.
  const call = CALL_HEAD.exec(t);
  if (call && closesAtEnd(t, call[0].length - 1)) return t;
  return `(${t})`;
}

function toScript(text: string, table: Record<string, string>, marker: '^' | '_'): string {
  const chars = [...text.trim()];
  if (chars.length > 0 && chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  const t = text.trim();
  return marker + ([...t].length === 1 || SIMPLE_SCRIPT.test(t) ? t : `(${t})`);
}

function parseAtom(r: Reader, before: string): string {
  const ch = r.peek();
  if (ch === '\\') return parseCommand(r);
  if (ch === '{') { r.pos++; return parseSequence(r, '}'); }
  if (ch === '}') { r.pos++; return ''; }
  if (ch === '^' || ch === '_') {
    r.pos++;
    const body = parseGroup(r);
    if (ch === '^' && (body === 'ᵀ' || body === 'T' && before.length > 0)) return 'ᵀ';
    if (ch === '^' && (body === '′' || body === "'")) return '′';
    return toScript(body, ch === '^' ? SUPERSCRIPT : SUBSCRIPT, ch);
  }
  if (ch === '~') { r.pos++; return ' '; }
  if (ch === '&') { r.pos++; return ' '; }
  r.pos++;
  if (ch === '-') return '−';
  if (ch === '*') return '∗';
  return ch;
}

/** Replace `$...$` / `$$...$$` spans inside a text with their Unicode form. */
// `$x$` after a Latin letter or digit is money or an identifier (US$5), not a formula; after a
// Chinese character it is a formula.
const MATH_SPANS = /\$\$([\s\S]+?)\$\$|(?<![\\$A-Za-z0-9])\$(?!\s)([^$\n]+?)(?<!\s|\\)\$(?![0-9$])/g;

export function replaceMathSpans(text: string, convert: (latex: string, display: boolean) => string): string {
  return text.replace(MATH_SPANS, (_m, display?: string, inline?: string) =>
    display !== undefined ? convert(display, true) : convert(inline!, false),
  );
}
