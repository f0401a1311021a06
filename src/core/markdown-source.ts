// Line-level reading of a Markdown note: frontmatter and heading structure, with line numbers.
import type { Problem } from './model.js';
import { sanitizeText } from './sanitize.js';

export interface Heading {
  depth: number;
  title: string;
  line: number;
}

export interface Block {
  heading: Heading | null;
  /** Lines after the heading up to the next split heading, trimmed. */
  body: string;
  /** The line the trimmed body starts on. */
  bodyLine: number;
}

export interface SplitNote {
  frontmatter: string | null;
  frontmatterLine: number;
  /** Blocks in order; the first has heading null (text before any heading). */
  blocks: Block[];
}

/** Decode bytes as UTF-8 (refusing invalid input), drop a BOM, normalise line ends. */
export function decodeNote(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return normaliseText(text);
}

/** Drop a BOM, normalise line ends, and strip terminal control sequences from content. */
export function normaliseText(text: string): string {
  return sanitizeText(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
}

/** Split a note into frontmatter and heading blocks (`#`, `##`, `###`); deeper headings stay in bodies. */
export function splitNote(file: string, text: string, problems: Problem[], maxDepth = 3): SplitNote {
  const lines = text.split('\n');
  let start = 0;
  let frontmatter: string | null = null;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    const endDots = lines.indexOf('...', 1);
    const close = end === -1 ? endDots : endDots === -1 ? end : Math.min(end, endDots);
    if (close === -1) {
      problems.push({ file, line: 1, message: 'frontmatter is not closed: add a line `---` after it', zh: '头部元数据（frontmatter）没有闭合：请在它后面加一行 `---`', hint: '---\\nchapter: 1\\ntitle: Pre-training\\n---' });
    } else {
      frontmatter = lines.slice(1, close).join('\n');
      start = close + 1;
    }
  }
  const blocks: Block[] = [];
  let current: { heading: Heading | null; lines: string[]; first: number } = { heading: null, lines: [], first: start + 1 };
  const finish = () => {
    const lead = current.lines.findIndex((l) => l.trim() !== '');
    blocks.push({ heading: current.heading, body: current.lines.join('\n').trim(), bodyLine: current.first + Math.max(0, lead) });
  };
  const headingPattern = new RegExp(`^ {0,3}(#{1,${maxDepth}})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$`);
  let fence: string | null = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    }
    const heading = fence === null && !fenceMatch ? headingPattern.exec(line) : null;
    if (heading) {
      finish();
      current = { heading: { depth: heading[1]!.length, title: heading[2]!.trim(), line: i + 1 }, lines: [], first: i + 2 };
    } else current.lines.push(line);
  }
  finish();
  return { frontmatter, frontmatterLine: 2, blocks };
}
