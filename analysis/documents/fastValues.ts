// Fast values for `kubesense check`: js-yaml reads a document ~10× faster than the `yaml` AST (which keeps the
// exact ranges every diagnostic needs). A document read here gets its AST only when a diagnostic asks for a
// range, so valid documents are never parsed twice. Anything where the two readers could disagree, or where
// the reading itself is a finding (YAML 1.1 surprises, duplicate keys, aliases, tags, merge keys, syntax
// errors), returns undefined and the caller parses that document with the full reader.
import { FAILSAFE_SCHEMA, loadAll, Type } from 'js-yaml';
import { ReadPlaces, readManifestSubset, readManifestSubsetIn } from './subsetReader';
import { GoScalar, resolvePlainScalar, resolvePlainScalarQuickly, yaml11Surprise } from './yaml11';

/** The go-yaml v2 reading of untagged plain scalars; records what a bail-out needs to know. One per process. */
class PlainScalarReading {
  /** A plain scalar read differently than written (`yes`, `0777`), other than a null word: the full reader must warn. */
  surprised = false;
  /** A plain `null`, `Null`, `NULL` or `~`: read as null, which only matters where the schema accepts anything. */
  nullWords = false;
  /** String forms of non-string plain scalars, to spot a plain key YAML 1.1 turned into something else. */
  readonly nonStringTexts = new Set<string>();
  private lastSource = '';
  private lastValue: GoScalar = '';

  readonly type = new Type('tag:yaml.org,2002:kubesense-go-scalar', {
    kind: 'scalar',
    resolve: (data: unknown): boolean => {
      if (typeof data !== 'string') return false;
      const v = resolvePlainScalarQuickly(data);
      if (typeof v === 'string') return false;
      this.lastSource = data;
      this.lastValue = v;
      return true;
    },
    construct: (data: string): GoScalar => {
      const v = data === this.lastSource ? this.lastValue : resolvePlainScalar(data);
      if (yaml11Surprise(data, v)) {
        if (v === null) this.nullWords = true;
        else this.surprised = true;
      }
      this.nonStringTexts.add(v === null ? 'null' : String(v));
      return v;
    },
  });
  readonly schema = FAILSAFE_SCHEMA.extend({ implicit: [this.type] });

  reset(): void {
    this.surprised = false;
    this.nullWords = false;
    this.nonStringTexts.clear();
    this.lastSource = '';
    this.lastValue = '';
  }
}

const reading = new PlainScalarReading();

// Syntax where a shortcut would change meaning or lose a finding: anchors/aliases, tags, explicit keys, `...`
// document ends, tabs (indentation rules differ in detail between parsers), directives, Helm `{{`. Merge keys are
// found in the value instead (a `<<` key, see KeyWalk): `<<` in text (`cat <<EOF`) is common and harmless.
export const UNUSUAL = /(^|[\s[\]{},:-])[&*!]\S|^\s*\?(\s|$)|^\.\.\.|\t|^%|\{\{|\r/m;
// What UNUSUAL needs besides a `...` line: a piece without any (most) is not unusual, as a much cheaper look finds
// (one search per character, each a memchr: several times faster than a character class's scan).
const UNUSUAL_CHARACTERS = ['&', '*', '!', '?', '\t', '\r'];

// A `---` line with nothing after it but blank lines and comments (an empty document: null).
const EMPTY_DOCUMENT = /^---[ ]*(#.*)?(\n *(#.*)?)*$/;

/** What the fast reader read: the value, and whether plain null words occur in it (see nullWords above). */
export interface FastReading {
  value: Record<string, unknown> | null;
  nullWords: boolean;
  /** Some mapping or list in the value holds a null (validation then has nulls to drop or to make zero values of). */
  nullProperties: boolean;
  /** Read by js-yaml, not the subset reader: go-yaml may read it otherwise (goParity.ts). */
  byJsYaml?: boolean;
  /** Offsets the subset reader found on the way (not js-yaml). */
  places?: ReadPlaces;
}

/**
 * The value of one `---`-delimited piece of a file as the API server reads it, or undefined when the piece
 * must go through the full reader (see above). Only mappings and empty documents (null) are read here.
 */
export function fastDocumentValue(source: string): Record<string, unknown> | null | undefined {
  const r = fastDocumentReading(source);
  return r && !r.nullWords ? r.value : undefined;
}

/**
 * fastDocumentValue, but also for documents whose only YAML 1.1 surprises are null words (said in the result).
 * The subset reader answers for most manifests (~3× cheaper than js-yaml); js-yaml reads the rest. `plainAscii`: the
 * caller knows the source holds only printable ASCII and line feeds (isPlainAscii of its file). `text` and `start`:
 * the source is text.slice(start, start + source.length), where the subset reader reads it (no copy).
 */
export function fastDocumentReading(
  source: string,
  reader: 'subset-first' | 'js-yaml' = 'subset-first',
  plainAscii = false,
  text = source,
  start = 0,
): FastReading | undefined {
  if (EMPTY_DOCUMENT.test(source)) return { value: null, nullWords: false, nullProperties: false };
  if (unusualBesidesDocumentEnds(source)) return undefined;
  if (reader === 'subset-first') {
    const subset = readManifestSubsetIn(text, start, start + source.length, plainAscii);
    if (subset) return subset;
  }
  // A `...` line is unusual too (the subset reader, which refuses one, has looked for them where it answers).
  if (hasDocumentEndLine(source)) return undefined;
  return readWithJsYaml(source);
}

/** What the subset reader answers for a piece, after the same screens as fastDocumentReading (undefined: no answer). */
export function subsetDocumentReading(source: string): FastReading | undefined {
  if (EMPTY_DOCUMENT.test(source)) return undefined;
  if (unusualBesidesDocumentEnds(source)) return undefined;
  return readManifestSubset(source);
}

/** UNUSUAL.test(source) where `...` lines do not count (the subset reader refuses them itself). */
export function unusualBesidesDocumentEnds(source: string): boolean {
  return hasUnusualCharacters(source) && UNUSUAL.test(source);
}

/**
 * False when UNUSUAL cannot match the piece but for a `...` line: none of the characters it needs, a `{` only where
 * no `{{` is (`{}`, JSON), a `%` only where no line starts with it (`maxSurge: 25%`).
 */
function hasUnusualCharacters(source: string): boolean {
  for (const c of UNUSUAL_CHARACTERS) if (source.includes(c)) return true;
  if (source.includes('{{')) return true;
  for (let i = source.indexOf('%'); i >= 0; i = source.indexOf('%', i + 1)) {
    // `^` of a multi-line pattern: after \n, \r (unusual already), U+2028 or U+2029.
    const before = i === 0 ? 0x0a : source.charCodeAt(i - 1);
    if (before === 0x0a || before === 0x2028 || before === 0x2029) return true;
  }
  return false;
}

export function hasDocumentEndLine(source: string): boolean {
  return source.startsWith('...') || source.includes('\n...');
}

function readWithJsYaml(source: string): FastReading | undefined {
  reading.reset();
  let docs: unknown[];
  try {
    docs = loadAll(source, undefined, { schema: reading.schema, json: false });
  } catch {
    return undefined; // syntax errors and duplicate keys: the full reader words them as go-yaml does
  }
  if (docs.length !== 1 || reading.surprised) return undefined;
  const value = docs[0];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  // `null` too: an empty key is "null" here but "" in the full reader. And `<<`: this schema has no merge keys, so a
  // merge key (plain or with a mapping or sequence value: aliases are unusual already) shows as a key "<<".
  reading.nonStringTexts.add('null');
  reading.nonStringTexts.add(MERGE_KEY);
  const walk = new KeyWalk(reading.nonStringTexts);
  if (walk.hasKeyIn(value, 0)) return undefined;
  return {
    value: value as Record<string, unknown>,
    nullWords: reading.nullWords,
    nullProperties: walk.nullProperties,
    byJsYaml: true,
  };
}

/**
 * js-yaml's reading of a piece with go-yaml's scalars, surprises and all (undefined when it refuses the piece): for a
 * document go-yaml reads and the `yaml` package refuses (goParity.ts), where js-yaml follows go-yaml.
 */
export function readWithGoScalars(source: string): unknown {
  reading.reset();
  try {
    const docs = loadAll(source, undefined, { schema: reading.schema, json: true });
    return docs.length === 1 ? docs[0] : undefined;
  } catch {
    return undefined;
  }
}

const MERGE_KEY = '<<';

// Deeper nesting is left to the full reader, which bounds and reports depth (kube/util/yamlGuards.ts).
const MAX_FAST_DEPTH = 100;

/**
 * The one walk of a fast-read value: its keys, and (on the way) whether any mapping or list holds a null (a null list
 * item matters too: validation gives it Go's zero value, goZeroItems.ts).
 */
class KeyWalk {
  nullProperties = false;

  constructor(private readonly texts: Set<string>) {}

  /** True when some mapping key could have come from a plain scalar that was not read as a string (or too deep). */
  hasKeyIn(value: unknown, depth: number): boolean {
    if (!value || typeof value !== 'object') return false;
    if (depth > MAX_FAST_DEPTH) return true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (value[i] === null) this.nullProperties = true;
        if (this.hasKeyIn(value[i], depth + 1)) return true;
      }
      return false;
    }
    const o = value as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (v === null) this.nullProperties = true;
      if (this.texts.has(k) || this.hasKeyIn(v, depth + 1)) return true;
    }
    return false;
  }
}
