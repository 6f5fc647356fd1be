// Incremental reading of a streamed JSON answer: the completed objects of one top-level array so far.
// Used to show the first proposal while the rest is still arriving. Pure.

/**
 * The items of the array under `key` whose JSON text is complete in `text`, parsed.
 * `{"proposals":[{"a":1},{"b":` gives `[{a:1}]`. Items that do not parse are skipped.
 */
export function completedItems(text: string, key: string): unknown[] {
  const out: unknown[] = [];
  const keyAt = text.indexOf(`"${key}"`);
  if (keyAt < 0) return out;
  let i = text.indexOf('[', keyAt + key.length + 2);
  if (i < 0) return out;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (i = i + 1; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
    } else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      if (depth === 0) break; // the end of the array
      depth--;
      if (depth === 0 && start >= 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          // an item that is not JSON: skipped here, the final parse reports it
        }
        start = -1;
      }
    }
  }
  return out;
}
