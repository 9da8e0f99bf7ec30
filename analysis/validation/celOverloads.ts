// The functions kube-apiserver 1.35 declares for CRD rules (k8s.io/apiserver/pkg/cel/environment/base.go) and the
// argument types of their overloads, for the type checker's "undeclared reference" and "found no matching
// overload" errors. A function missing here is refused, so the list is the whole environment; argument types are
// listed only for overloads whose parameters are concrete (type parameters such as list(A).indexOf(A) are `elem`).

/** An overload: receiver kind (undefined for a global function) and parameter kinds (`elem`: the list's element). */
interface Overload {
  recv?: string;
  args: string[];
}

const member = (recv: string, ...sigs: string[][]): Overload[] => sigs.map((args) => ({ recv, args }));
const global = (...sigs: string[][]): Overload[] => sigs.map((args) => ({ args }));

/** Functions whose every overload is listed: a call matching none is a type error. */
const OVERLOADS = new Map<string, Overload[]>([
  // standard CEL and cel-go ext.Strings v2
  ['startsWith', member('string', ['string'])],
  ['endsWith', member('string', ['string'])],
  ['contains', member('string', ['string'])],
  ['matches', [...member('string', ['string']), ...global(['string', 'string'])]],
  ['charAt', member('string', ['int'])],
  ['indexOf', [...member('string', ['string'], ['string', 'int']), ...member('list', ['elem'])]],
  ['lastIndexOf', [...member('string', ['string'], ['string', 'int']), ...member('list', ['elem'])]],
  ['lowerAscii', member('string', [])],
  ['upperAscii', member('string', [])],
  ['trim', member('string', [])],
  ['replace', member('string', ['string', 'string'], ['string', 'string', 'int'])],
  ['split', member('string', ['string'], ['string', 'int'])],
  ['substring', member('string', ['int'], ['int', 'int'])],
  ['format', member('string', ['list'])],
  ['join', member('list', [], ['string'])],
  ['strings.quote', global(['string'])],
  // cel-go ext.Lists v3 and ext.Sets
  ['reverse', member('list', [])],
  ['distinct', member('list', [])],
  ['sort', member('list', [])],
  ['flatten', member('list', [], ['int'])],
  ['slice', member('list', ['int', 'int'])],
  ['lists.range', global(['int'])],
  ['sets.contains', global(['list', 'list'])],
  ['sets.equivalent', global(['list', 'list'])],
  ['sets.intersects', global(['list', 'list'])],
  // Kubernetes libraries: lists, regex, quantity, URLs, IP/CIDR, semver, format
  ['isSorted', member('list', [])],
  ['sum', member('list', [])],
  ['min', member('list', [])],
  ['max', member('list', [])],
  ['find', member('string', ['string'])],
  ['findAll', member('string', ['string'], ['string', 'int'])],
  ['quantity', global(['string'])],
  ['isQuantity', global(['string'])],
  ['url', global(['string'])],
  ['isURL', global(['string'])],
  ['ip', [...global(['string']), ...member('opaque:CIDR', [])]],
  ['isIP', global(['string'])],
  ['ip.isCanonical', global(['string'])],
  ['cidr', global(['string'])],
  ['isCIDR', global(['string'])],
  ['semver', global(['string'], ['string', 'bool'])],
  ['isSemver', global(['string'], ['string', 'bool'])],
  ['format.named', global(['string'])],
]);

/** Declared functions whose overloads are not (all) listed above: only their name is checked. */
const DECLARED = new Set([
  // standard CEL: conversions, size, timestamps and durations
  'size', 'int', 'uint', 'double', 'string', 'bytes', 'bool', 'type', 'dyn', 'duration', 'timestamp',
  'getFullYear', 'getMonth', 'getDayOfMonth', 'getDate', 'getDayOfWeek', 'getDayOfYear', 'getHours', 'getMinutes',
  'getSeconds', 'getMilliseconds',
  // optional types
  'optional.of', 'optional.ofNonZeroValue', 'optional.none', 'optional.unwrap', 'unwrapOpt', 'value', 'hasValue',
  'or', 'orValue', 'first', 'last',
  // Kubernetes libraries' functions on their own types
  'sign', 'isGreaterThan', 'isLessThan', 'compareTo', 'asApproximateFloat', 'isInteger', 'asInteger', 'add', 'sub',
  'getScheme', 'getHost', 'getHostname', 'getPort', 'getEscapedPath', 'getQuery', 'family', 'isUnspecified',
  'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast', 'containsIP', 'containsCIDR',
  'masked', 'prefixLength', 'major', 'minor', 'patch', 'validate', 're2Matches',
  // macros (the estimator expands the ones it sizes; the others reach the check as calls) and cel.bind, which is
  // reported on its own
  'has', 'all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'transformList', 'transformMap',
  'transformMapEntry', 'sortBy', 'optMap', 'optFlatMap', 'cel.bind',
]); // prettier-ignore

/** Namespaces whose functions are not listed one by one (format.dns1123Label() …, and any not checked here). */
const OPEN_NAMESPACES = ['format.', 'math.', 'base64.'];

export interface CelArgType {
  /** The kind: 'string', 'int', 'list', 'opaque:CIDR', 'dyn' … */
  k: string;
  elem?: CelArgType;
}

/**
 * cel-go's checker error for a call (undefined when it type-checks or is not known well enough to tell):
 * an undeclared function, or no overload for these receiver and argument types.
 */
export function overloadError(
  name: string,
  recv: CelArgType | undefined,
  args: CelArgType[],
  typeName: (t: CelArgType) => string,
): string | undefined {
  const overloads = OVERLOADS.get(name);
  if (!overloads) {
    if (DECLARED.has(name) || OPEN_NAMESPACES.some((ns) => name.startsWith(ns))) return undefined;
    return `undeclared reference to '${name}' (in container '')`;
  }
  if (recv?.k === 'dyn' || args.some((a) => !CONCRETE.has(a.k))) return undefined;
  const candidates = overloads.filter((o) => (o.recv === undefined) === (recv === undefined));
  if (recv && !CONCRETE.has(recv.k) && !candidates.some((o) => o.recv === recv.k)) return undefined;
  const fits = (o: Overload) =>
    (!recv || o.recv === recv.k) &&
    o.args.length === args.length &&
    o.args.every((p, i) => {
      if (p === 'elem') return !recv?.elem || !CONCRETE.has(recv.elem.k) || recv.elem.k === args[i].k;
      return p === args[i].k;
    });
  if (candidates.some(fits)) return undefined;
  const applied = `(${args.map(typeName).join(', ')})`;
  return `found no matching overload for '${name}' applied to '${recv ? `${typeName(recv)}.` : ''}${applied}'`;
}

/** Argument kinds whose assignability is exact; anything else (dyn, objects, optionals, opaque) is not judged. */
const CONCRETE = new Set(['string', 'int', 'uint', 'double', 'bool', 'bytes', 'list', 'map']);
