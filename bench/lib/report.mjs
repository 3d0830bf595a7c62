// Ratios against their targets: one line each, and the list that goes to results.json.
const results = [];

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function geometricMean(values) {
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

/**
 * One measured ratio. `target` is a bound on the ratio: `atLeast` for speed-ups, `atMost` for
 * overheads. `detail` carries the raw figures the ratio was made from, for results.json.
 */
export function ratio(name, value, target, detail = {}) {
  const ok = target.atLeast !== undefined ? value >= target.atLeast : value <= target.atMost;
  const bound = target.atLeast !== undefined ? `≥ ${target.atLeast}×` : `≤ ${target.atMost}×`;
  results.push({ name, ratio: Number(value.toFixed(3)), target: bound, ok, ...detail });
  console.log(`${ok ? '✓' : '✗'} ${name}: ${value.toFixed(2)}× (target ${bound})${note(detail)}`);
}

/** A figure printed for context, held to no target. */
export function info(text) {
  console.log(`  ${text}`);
}

function note(detail) {
  return detail.summary ? ` -- ${detail.summary}` : '';
}

export function allResults() {
  return results;
}

export const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
