// ajv's standalone code declares every schema it compiled as a constant (`const schema17 = {...};`, JSON text), but
// with our options (no verbose errors, no $data) the code reads only a few of them (enum values, list checks): of
// the shipped entries' 4,619 constants 4,109 are never named again, 1 MB of object literals that each load built
// (the 17 largest entries' top level ran in ~35 ms with them, ~10 ms without). The cached code drops them.

const DECLARATION = /\bconst (schema\d+) = /g;

/** ajv's standalone code without the schema constants it never reads; unchanged when it is not in the expected form. */
export function withoutUnusedSchemas(code: string): string {
  const uses = new Map<string, number>();
  for (const [name] of code.matchAll(/\bschema\d+\b/g)) uses.set(name, (uses.get(name) ?? 0) + 1);
  const drop: [start: number, end: number][] = [];
  const declaration = new RegExp(DECLARATION);
  for (let m = declaration.exec(code); m; m = declaration.exec(code)) {
    const start = m.index;
    const valueEnd = jsonEnd(code, start + m[0].length);
    if (valueEnd === undefined || code.charCodeAt(valueEnd) !== 0x3b) return code; // not `<JSON>;`
    if (uses.get(m[1]) === 1) drop.push([start, valueEnd + 1]); // named only where it is declared
    declaration.lastIndex = valueEnd + 1; // the next declaration follows this value, not inside it
  }
  let out = '';
  let at = 0;
  for (const [start, end] of drop) {
    out += code.slice(at, start);
    at = end;
  }
  return out + code.slice(at);
}

/** Where the JSON value starting at i ends (JSON.stringify's text: strings, objects, arrays, literals). */
function jsonEnd(text: string, i: number): number | undefined {
  const first = text.charCodeAt(i);
  if (first !== 0x7b && first !== 0x5b) {
    const m = /^(?:true|false|null|-?\d[\d.eE+-]*)/.exec(text.slice(i, i + 32));
    return m ? i + m[0].length : undefined;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      // a string: to its closing quote (a backslash escapes the next character)
      for (j++; j < text.length && text.charCodeAt(j) !== 0x22; j++) if (text.charCodeAt(j) === 0x5c) j++;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return j + 1;
  }
  return undefined;
}
