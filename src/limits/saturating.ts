/**
 * Arithmetic for counts that a document can make as large as it likes (a fragment spreading
 * the next one twice, a thousand levels deep, doubles a thousand times): sums and products
 * stop at CEILING instead of reaching Infinity, and 0 × a huge count stays 0, never NaN.
 * Every limit is far below the ceiling, so a saturated count is always refused.
 */
export const CEILING = Number.MAX_SAFE_INTEGER;

/** Clamps to [0, CEILING]; anything not a number (NaN) counts as the ceiling, so it is refused. */
export function saturate(value: number): number {
  return Number.isNaN(value) ? CEILING : Math.min(CEILING, Math.max(0, value));
}

export function add(a: number, b: number): number {
  return saturate(a + b);
}

export function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : saturate(a * b);
}
