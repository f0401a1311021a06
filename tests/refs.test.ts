import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBook } from '../src/core/compile.js';
import { resolveRef, stepUnit, readingUnits } from '../src/core/refs.js';
import { FIXTURE_BOOK } from './helpers.js';

const files = ['en/01-pretraining.md', 'zh/01-pretraining.md', 'glossary.yaml', 'quizzes/01-pretraining.yaml'].map((path) => ({ path, bytes: readFileSync(join(FIXTURE_BOOK, path)) }));
const { model } = compileBook(files);
const refOf = (q: string) => {
  const r = resolveRef(model, q);
  return r.kind === 'found' ? r.section.ref : r.kind;
};

describe('resolveRef', () => {
  it('takes numeric refs', () => {
    expect(refOf('1')).toBe('1');
    expect(refOf('1.1')).toBe('1.1');
    expect(refOf('1.1.1')).toBe('1.1.1');
  });
  it('takes slugs', () => {
    expect(refOf('pretraining')).toBe('1');
    expect(refOf('01-pretraining')).toBe('1');
  });
  it('takes glossary terms in either language and aliases', () => {
    expect(refOf('MLM')).toBe('1.1.1');
    expect(refOf('掩码语言建模')).toBe('1.1.1');
    expect(refOf('fine-tuning')).toBe('1.2');
    expect(refOf('微调')).toBe('1.2');
  });
  it('takes title fragments', () => {
    expect(refOf('adapting')).toBe('1.2');
    expect(refOf('适配')).toBe('1.2');
  });
  it('lists candidates when ambiguous', () => {
    const r = resolveRef(model, 'pre');
    expect(r.kind).toBe('ambiguous');
  });
  it('suggests the nearest for a typo', () => {
    const r = resolveRef(model, 'fine-tunnig');
    expect(r.kind).toBe('unknown');
    expect(r.kind === 'unknown' && r.suggestions.map((s) => s.ref)).toEqual(['1.2']);
  });
  it('treats paths and unknown numbers as unknown, never as files', () => {
    expect(resolveRef(model, '../../etc/passwd').kind).toBe('unknown');
    const r = resolveRef(model, '99.9');
    expect(r.kind).toBe('unknown');
    expect(r.kind === 'unknown' && r.suggestions.map((s) => s.ref)).toEqual(['1']);
    expect(resolveRef(model, '1.9').kind === 'unknown' && (resolveRef(model, '1.9') as { suggestions: { ref: string }[] }).suggestions[0]!.ref).toBe('1');
  });
});

describe('reading units', () => {
  it('steps through chapter intros and ## sections', () => {
    expect(readingUnits(model).map((s) => s.ref)).toEqual(['1', '1.1', '1.2']);
    expect(stepUnit(model, '1', 1)!.ref).toBe('1.1');
    expect(stepUnit(model, '1.1.1', 1)!.ref).toBe('1.2');
    expect(stepUnit(model, '1.2', 1)).toBeUndefined();
    expect(stepUnit(model, '1.1', -1)!.ref).toBe('1');
  });
});
