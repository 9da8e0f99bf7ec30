// ajv's standalone code passes each `$ref` call an options object with the value's JSON pointer built eagerly:
// `validate8(data2, {instancePath: instancePath + "/fieldsV1", parentData: data, parentDataProperty: "fieldsV1",
// rootData})` — an object and a string per call (a Deployment makes ~100 such calls), although the pointer is read
// only when an error is made. The code cached on disk (validatorCache.ts) is rewritten so that a call passes the
// piece of pointer it adds, as it was (a literal, then an item's index or a map key to escape), and where it sits
// in a module-wide stack of pieces; an error joins the pieces up to its own function's depth. A call without errors
// then allocates nothing. parentData, parentDataProperty and rootData are never read by the code our options make
// (no $data, no defaults, no coercion); code that uses them, or any form not rewritten below, is kept as ajv made it.

// Short names (the code is ~17 MB shipped): ajv names nothing with a `$`.
const PREFIXES = '$P'; // each depth's literal piece
const KEYS = '$K'; // each depth's item index or map key, or undefined
const PATH = '$path'; // the pointer of a depth
const DEPTH = '$d'; // how many pieces the running function's pointer has

/** The pointer of a function at a depth: each piece's literal, then its index, or its key escaped as ajv does. */
const RUNTIME =
  `const ${PREFIXES} = [], ${KEYS} = [];` +
  `function ${PATH}(depth){let path = "";for(let i = 0; i < depth; i++){const key = ${KEYS}[i];path += ${PREFIXES}[i];` +
  `if(key !== undefined)path += typeof key === "number" ? key : key.replace(/~/g, "~0").replace(/\\//g, "~1");}` +
  `return path;}`;

const HEADER = /function (\w+)\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{/g;
const LITERAL = String.raw`"(?:[^"\\\n]|\\.)*"`;
/** A call's options: a literal piece, optionally followed by an item index or an escaped map key. */
const CALL = new RegExp(
  String.raw`\((data\d*), \{instancePath:instancePath\+(${LITERAL})` +
    String.raw`(?: \+ (?:(i\d+)|(key\d+)\.replace\(/~/g, "~0"\)\.replace\(/\\//g, "~1"\)))?` +
    String.raw`,parentData:data\d*,parentDataProperty:(?:${LITERAL}|i\d+|key\d+),rootData\}\)`,
  'g',
);
/** A call at the same value (a schema that is only a `$ref`): an empty piece. */
const SAME_VALUE_CALL = /\((data\d*), \{instancePath,parentData,parentDataProperty,rootData\}\)/g;

/**
 * ajv's standalone code with `$ref` calls that allocate nothing, or the code unchanged when it holds a form this
 * rewrite does not know (then `instancePath` or the other options would still be read).
 */
export function withLazyInstancePaths(code: string): string {
  const prologue = /^"use strict";/.exec(code);
  if (!prologue) return code;
  let out = code
    .replace(
      HEADER,
      (_m, name: string) =>
        `function ${name}(data, $piece, $key, $at){const ${DEPTH} = $piece === undefined ? 0 : ` +
        `(${PREFIXES}[$at] = $piece, ${KEYS}[$at] = $key, $at + 1);`,
    )
    .replace(
      CALL,
      (_m, data: string, piece: string, item?: string, key?: string) =>
        `(${data}, ${piece}, ${item ?? key ?? 'undefined'}, ${DEPTH})`,
    )
    .replace(SAME_VALUE_CALL, (_m, data: string) => `(${data}, "", undefined, ${DEPTH})`)
    .replace(/\{instancePath,schemaPath:/g, () => `{instancePath:${PATH}(${DEPTH}),schemaPath:`)
    .replace(/instancePath:instancePath\+/g, () => `instancePath:${PATH}(${DEPTH})+`);
  // Every other use of the options is gone, or the code is not ours to rewrite.
  if (/\b(parentData|parentDataProperty|rootData)\b/.test(out)) return code;
  if (/\binstancePath\b(?!:)/.test(out)) return code;
  out = `${prologue[0]}${RUNTIME}${out.slice(prologue[0].length)}`;
  return out;
}
