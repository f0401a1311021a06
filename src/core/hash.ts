// A small non-cryptographic hash, cheap enough for start-up paths (node:crypto alone takes
// milliseconds to load).

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A cheap fingerprint of a long text: its length, and FNV-1a of its first and last 64 code
 * units and of every 512th between. Hashing every unit of a 100 KB bundle at start-up makes V8
 * optimise the loop, which costs time and about 4 MB of memory; this samples instead, so it
 * tells builds apart, not every edit (an edit of the same length between samples slips).
 */
export function sampledFingerprint(text: string): string {
  let h = 0x811c9dc5;
  const mix = (i: number) => {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  };
  const n = text.length;
  for (let i = 0; i < Math.min(n, 64); i++) mix(i);
  for (let i = 64; i < n - 64; i += 512) mix(i);
  for (let i = Math.max(64, n - 64); i < n; i++) mix(i);
  return `${n}-${(h >>> 0).toString(16)}`;
}
