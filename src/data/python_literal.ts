/**
 * A parser for the subset of Python literal syntax that `.npy` headers use (what `ast.literal_eval` reads in
 * `numpy.lib.format`): dicts, tuples, lists, strings, integers (with Python 2's `L` suffix), floats, `True`,
 * `False` and `None`. Parenthesised single values without a comma are values, not tuples, as in Python.
 *
 * @internal
 * @module
 */
import {ParseError} from '../errors';

/** A parsed Python value. Tuples and lists both become arrays; `tuple` tells them apart. @internal */
export type PyValue = string | number | boolean | null | PyValue[] | PyTuple | PyDict;
/** @internal */
export interface PyTuple {
  readonly kind: 'tuple';
  readonly items: PyValue[];
}
/** @internal */
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: Map<string | number | boolean | null, PyValue>;
}

/** @internal */
export function isPyTuple(v: PyValue): v is PyTuple {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as PyTuple).kind === 'tuple';
}
/** @internal */
export function isPyDict(v: PyValue): v is PyDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as PyDict).kind === 'dict';
}

/**
 * Parses `text` as one Python literal. `offsetOf(i)` maps a character index to a byte offset for errors.
 * @internal
 */
export function parsePythonLiteral(text: string, component: string, offsetOf: (i: number) => number): PyValue {
  let i = 0;
  const fail = (what: string, at = i): never => {
    const shown = at < text.length ? `'${text.slice(at, at + 12)}'` : 'the end of the header';
    throw new ParseError(`${component}: ${what} in the header; got ${shown} at byte ${offsetOf(at)}.`, {offset: offsetOf(at)});
  };
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const expect = (ch: string): void => {
    ws();
    if (text[i] !== ch) fail(`expected '${ch}'`);
    i++;
  };

  const parseString = (): string => {
    const quote = text[i] as string;
    const start = i;
    i++;
    let out = '';
    while (i < text.length && text[i] !== quote) {
      const c = text[i] as string;
      if (c === '\n') fail('unterminated string', start);
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      const simple: Record<string, string> = {'\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0'};
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        i += 2;
      } else if (e === 'x' || e === 'u') {
        const len = e === 'x' ? 2 : 4;
        const hex = text.slice(i + 2, i + 2 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail('bad escape in string');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2 + len;
      } else {
        fail('unsupported escape in string');
      }
    }
    if (i >= text.length) fail('unterminated string', start);
    i++;
    return out;
  };

  const parseNumber = (): number => {
    const m = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[lL]?/.exec(text.slice(i));
    if (!m) return fail('expected a value');
    const raw = m[0].replace(/[lL]$/, '');
    i += m[0].length;
    return Number(raw);
  };

  const parseSequence = (close: string): {items: PyValue[]; trailingComma: boolean} => {
    const items: PyValue[] = [];
    let trailingComma = false;
    ws();
    while (text[i] !== close) {
      items.push(parseValue());
      ws();
      if (text[i] === ',') {
        i++;
        trailingComma = true;
        ws();
      } else {
        trailingComma = false;
        if (text[i] !== close) fail(`expected ',' or '${close}'`);
      }
    }
    i++;
    return {items, trailingComma};
  };

  const parseValue = (): PyValue => {
    ws();
    const c = text[i];
    if (c === undefined) return fail('unexpected end');
    if (c === "'" || c === '"') return parseString();
    if ((c === 'u' || c === 'b' || c === 'U' || c === 'B') && (text[i + 1] === "'" || text[i + 1] === '"')) {
      i++;
      return parseString();
    }
    if (c === '{') {
      i++;
      const entries = new Map<string | number | boolean | null, PyValue>();
      ws();
      while (text[i] !== '}') {
        const keyAt = i;
        const key = parseValue();
        if (typeof key === 'object' && key !== null) fail('unhashable dict key', keyAt);
        if (entries.has(key as string)) fail(`duplicate key ${String(key)}`, keyAt);
        expect(':');
        entries.set(key as string, parseValue());
        ws();
        if (text[i] === ',') {
          i++;
          ws();
        } else if (text[i] !== '}') {
          fail("expected ',' or '}'");
        }
      }
      i++;
      return {kind: 'dict', entries};
    }
    if (c === '(') {
      i++;
      const {items, trailingComma} = parseSequence(')');
      if (items.length === 1 && !trailingComma) return items[0] as PyValue;
      return {kind: 'tuple', items};
    }
    if (c === '[') {
      i++;
      return parseSequence(']').items;
    }
    for (const [word, value] of [['True', true], ['False', false], ['None', null]] as const) {
      if (text.startsWith(word, i) && !/\w/.test(text[i + word.length] ?? '')) {
        i += word.length;
        return value;
      }
    }
    return parseNumber();
  };

  const value = parseValue();
  ws();
  if (i !== text.length) fail('unexpected text after the literal');
  return value;
}
