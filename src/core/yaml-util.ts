// Reading YAML into plain values while keeping the line of every node, so that validation
// messages can say `file:line`. The one place where YAML becomes data.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import type { Problem } from './model.js';
import { sanitizeText } from './sanitize.js';

export interface Located<T = unknown> {
  value: T;
  line: number;
  node: YamlNode | null;
}

export interface ParsedYaml {
  root: YamlNode | null;
  lineOf: (node: YamlNode | null | undefined) => number;
  problems: Problem[];
}

export function parseYaml(file: string, text: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: Problem[] = doc.errors.map((e) => {
    // The YAML library's own detail text has no Chinese version: keep it as is.
    const detail = e.message.split('\n')[0];
    return { file, line: lineOffset + (e.linePos?.[0]?.line ?? 1), message: `invalid YAML: ${detail}`, zh: `YAML 格式无效：${detail}` };
  });
  const lineOf = (node: YamlNode | null | undefined) =>
    lineOffset + (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  return { root: problems.length ? null : ((doc.contents as YamlNode | null) ?? null), lineOf, problems };
}

export function mapGet(node: YamlNode | null | undefined, key: string): YamlNode | null {
  if (!isMap(node)) return null;
  const value = node.get(key, true) as YamlNode | undefined;
  return value ?? null;
}

export function mapKeys(node: YamlNode | null | undefined): string[] {
  if (!isMap(node)) return [];
  return node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
}

export function seqItems(node: YamlNode | null | undefined): YamlNode[] {
  return isSeq(node) ? (node.items as YamlNode[]) : [];
}

export function scalarValue(node: YamlNode | null | undefined): unknown {
  if (isScalar(node)) return node.value;
  return undefined;
}

export function asString(node: YamlNode | null | undefined): string | undefined {
  const v = scalarValue(node);
  // YAML escapes ("\e", "\x1b", "\u009b") can spell control characters: strip them here.
  if (typeof v === 'string') return sanitizeText(v).trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function asStringList(node: YamlNode | null | undefined): string[] | undefined {
  if (node === null || node === undefined) return undefined;
  if (isSeq(node)) {
    const out: string[] = [];
    for (const item of node.items as YamlNode[]) {
      const s = asString(item);
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out;
  }
  const single = asString(node);
  return single === undefined ? undefined : [single];
}

export { isMap, isSeq };
