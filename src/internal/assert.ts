/**
 * Argument checks shared by every module. Messages follow `<Component>: <what>; got <value>. <fix>`.
 * @internal
 * @module
 */
import {InvalidArgumentError} from '../errors';

/** Short, printable rendering of any value for error messages. @internal */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v == null || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    const head = v.slice(0, 6).map(describeValue).join(', ');
    return `[${head}${v.length > 6 ? `, … (${v.length} items)` : ''}]`;
  }
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as {length: number}).length})`;
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** Throws an {@link InvalidArgumentError} built lazily when `cond` is false. @internal */
export function check(cond: unknown, argument: string, message: () => string): asserts cond {
  if (!cond) throw new InvalidArgumentError(message(), {argument});
}

/** Checks a finite number inside optional bounds (inclusive). @internal */
export function checkNumber(
  component: string,
  argument: string,
  value: unknown,
  opts: {min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean} = {},
): number {
  const what = opts.integer ? 'an integer' : 'a finite number';
  check(typeof value === 'number' && Number.isFinite(value), argument,
    () => `${component}: \`${argument}\` must be ${what}; got ${describeValue(value)}.`);
  const v = value as number;
  check(!opts.integer || Number.isInteger(v), argument,
    () => `${component}: \`${argument}\` must be an integer; got ${v}. Round it before passing it.`);
  if (opts.min !== undefined) {
    const ok = opts.exclusiveMin ? v > opts.min : v >= opts.min;
    check(ok, argument, () =>
      `${component}: \`${argument}\` must be ${opts.exclusiveMin ? '>' : '>='} ${opts.min}; got ${v}.`);
  }
  if (opts.max !== undefined) {
    check(v <= opts.max, argument, () => `${component}: \`${argument}\` must be <= ${opts.max}; got ${v}.`);
  }
  return v;
}

/** Checks that `value` is one of `allowed` (unknown strings never fall back silently). @internal */
export function checkOneOf<T extends string>(
  component: string, argument: string, value: unknown, allowed: readonly T[],
): T {
  check(typeof value === 'string' && (allowed as readonly string[]).includes(value), argument, () => {
    const hint = typeof value === 'string' ? closestName(value, allowed) : undefined;
    return `${component}: unknown \`${argument}\` ${describeValue(value)}. ` +
      `Valid values: ${allowed.map((a) => `'${a}'`).join(', ')}.` + (hint ? ` Did you mean '${hint}'?` : '');
  });
  return value as T;
}

/** Levenshtein distance, case-insensitive. @internal */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({length: t.length + 1}, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/**
 * The candidate closest to `name` (prefix match or a small edit distance), or undefined when none is close.
 * @internal
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const prefix = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  if (prefix.length > 0 && lower.length >= 2) return [...prefix].sort()[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
