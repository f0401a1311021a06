// Nothing from content or input may reach the terminal raw: fllm's own styling is the only
// escape code it prints. Strips ESC sequences (CSI, OSC, others), C0/C1 controls, bidi overrides.
const ESCAPE_SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])?/g;
const C1_CSI_OSC = /[\u009b\u009d][^\u0007\u009c]*[\u0007\u009c]?/g;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Make text safe to print: keep newlines and tabs, drop every control sequence. */
export function sanitizeText(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(C1_CSI_OSC, '').replace(CONTROLS, '');
}

/** A single-line user query: no controls, no newlines, at most `maxLength` characters. */
export function sanitizeQuery(query: string, maxLength = 200): string {
  return [...sanitizeText(query).replace(/[\r\n\t]+/g, ' ').trim()].slice(0, maxLength).join('');
}
