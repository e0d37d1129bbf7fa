import { AppError } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8, refusing invalid sequences and NUL characters (400). */
export function decodeStrictUtf8(bytes: Uint8Array, what: string): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new AppError('bad_request', { field: what, detail: `${what}: Der Inhalt ist kein gültiges UTF-8.` });
  }
  if (text.includes('\u0000')) throw new AppError('bad_request', { field: what, detail: `${what}: Der Inhalt enthält NUL-Zeichen.` });
  return text;
}

/** Scans JSON text for its maximum nesting depth without building anything (cheap, no recursion). */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Strict JSON: valid UTF-8, no NUL (raw or escaped), bounded depth, well-formed. */
export function parseStrictJson(input: Uint8Array | string, what: string, maxDepth = 64): unknown {
  const text = typeof input === 'string' ? input : decodeStrictUtf8(input, what);
  if (typeof input === 'string' && text.includes('\u0000')) {
    throw new AppError('bad_request', { field: what, detail: `${what}: Der Inhalt enthält NUL-Zeichen.` });
  }
  if (jsonDepthExceeds(text, maxDepth)) {
    throw new AppError('bad_request', { field: what, detail: `${what}: Die Daten sind zu tief verschachtelt (höchstens ${maxDepth} Ebenen).` });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', { field: what, detail: `${what}: Der Inhalt ist kein gültiges JSON.` });
  }
  // In bytes we decoded strictly, NUL and lone surrogates can only hide in escapes (the decoder refuses
  // encoded surrogates): walk the parsed value only if the text has such an escape, a number that may
  // not fit a double (1e309 parses to Infinity) or a key that could reach a prototype. A string handed
  // in may carry a lone surrogate as such, so it is always walked.
  if (typeof input === 'string' || SUSPICIOUS.test(text)) assertPlainData(value, what);
  return value;
}

const SUSPICIOUS = /\\u(?:0000|d[89a-f])|\d{309}|[eE][+-]?\d{3}|"(?:__proto__|constructor)"/i;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Escaped \u0000 survives JSON.parse; lone surrogates (\ud800) are not valid Unicode text; 1e309 is
 * Infinity, which no column or calculation can hold; "__proto__" keys are a prototype-pollution
 * gadget (the same refusal as Fastify's default parser).
 */
function assertPlainData(value: unknown, what: string): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw new AppError('bad_request', { field: what, detail: `${what}: Der Inhalt enthält NUL-Zeichen.` });
      if (LONE_SURROGATE.test(v)) throw new AppError('bad_request', { field: what, detail: `${what}: Der Inhalt enthält ungültige Unicode-Zeichen.` });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new AppError('bad_request', { field: what, detail: `${what}: Eine Zahl liegt außerhalb des zulässigen Bereichs.` });
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (k === '__proto__' || (k === 'constructor' && inner && typeof inner === 'object' && 'prototype' in inner)) {
          throw new AppError('bad_request', { field: what, detail: `${what}: Der Schlüssel „${k}“ ist nicht erlaubt.` });
        }
        stack.push(k, inner);
      }
    }
  }
}
