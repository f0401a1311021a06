// Small terminal charts, aligned by display width so Chinese labels line up.
import { displayWidth, padEndToWidth } from '../core/text.js';

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/** A horizontal bar `width` cells long filled to `fraction`. */
export function bar(fraction: number, width: number): string {
  const f = Math.max(0, Math.min(1, fraction));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  const partial = rest ? '▏▎▍▌▋▊▉'[7 - rest] ?? '' : '';
  return ('█'.repeat(full) + partial).padEnd(width, '·').slice(0, width);
}

/** Vertical columns, `height` rows tall, one column per value, each `columnWidth` wide. */
export function columns(values: number[], height: number, columnWidth: number): string[] {
  const max = Math.max(1, ...values);
  const rows: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    let line = '';
    for (const v of values) {
      const level = (v / max) * height * 8 - row * 8;
      const ch = level >= 8 ? '█' : level <= 0 ? (row === 0 && v > 0 ? '▁' : ' ') : BLOCKS[Math.round(level)] ?? ' ';
      line += ch.repeat(Math.max(1, columnWidth - 1)) + ' ';
    }
    rows.push(line.trimEnd());
  }
  return rows;
}

/** Pad labels to one display width so the columns after them align. */
export function alignLabels(labels: string[]): string[] {
  const w = Math.max(0, ...labels.map(displayWidth));
  return labels.map((l) => padEndToWidth(l, w));
}
