import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, CR, LF, OPEN_BRACE, OPEN_BRACKET, QUOTE, SLASH, SPACE, TAB } from './jsonChars';

/**
 * The keys of the top-level object of a text (see `topLevelKeys` in jsonTree.ts) by one pass over
 * its characters, the same keys jsonc-parser's scanner finds; null when the text is one where the
 * scanner's tokens could differ from this character view (it does not start with `{` after spaces
 * and line breaks, has a `/` outside strings (a comment), a line break or no end in a string, or
 * an escape in a top-level key): the caller then asks the scanner. With `stopAt`, it stops at the
 * first of those keys it finds (the keys so far, then).
 */
export function scanTopLevelKeys(text: string, stopAt?: readonly string[]): Set<string> | null {
  const len = text.length;
  let i = 0;
  for (let c = text.charCodeAt(0); c === SPACE || c === LF || c === CR || c === TAB; c = text.charCodeAt(++i));
  if (text.charCodeAt(i) !== OPEN_BRACE) return null;
  const keys = new Set<string>();
  let depth = 1;
  let expectKey = true;
  i++;
  while (depth > 0 && i < len) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      for (;;) {
        if (j >= len) return null;
        const d = text.charCodeAt(j);
        if (d === QUOTE) break;
        if (d === BACKSLASH) {
          escaped = true;
          j += 2;
        } else if (d === LF || d === CR) {
          return null;
        } else {
          j++;
        }
      }
      if (depth === 1 && expectKey) {
        if (escaped) return null;
        const key = text.slice(i + 1, j);
        keys.add(key);
        // A key asked for: the keys so far (it is among the keys of the whole scan, which only adds).
        if (stopAt?.includes(key)) return keys;
        expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    else if (c === COMMA && depth === 1) expectKey = true;
    else if (c === SLASH) return null;
    i++;
  }
  return keys;
}
