// Stands in for node-emoji in the bundle: fllm turns emoji shortcodes off, so the emoji table
// need not load at start-up.
export function get(_name: string): string | undefined {
  return undefined;
}
