// Flag parsing with pflag's semantics (what kubectl's cobra commands use), so the same argv gives the
// same result and the same error text: `--f v`, `--f=v`, `-f v`, `-fv`, `-f=v`, combined bool shorthands,
// `--` ends flags, flags may appear anywhere among positional arguments, and a repeated flag's last value wins.
import { parseDuration, quote as goQuote } from '../kube/util/go';
import { errorMessage } from '../kube/util/errors';

export type FlagKind = 'string' | 'bool' | 'int' | 'stringArray';

export interface FlagSpec {
  /** Long name without dashes, e.g. `namespace`. */
  name: string;
  /** One-letter shorthand without dash, e.g. `n`. */
  short?: string;
  kind: FlagKind;
  description: string;
  /** Placeholder shown in help for value flags. */
  valueName?: string;
  default?: string | boolean | number | string[];
  /** Shown in help; `(default …)` is appended only when `default` is set and non-empty. */
  hidden?: boolean;
}

export type FlagValue = string | boolean | number | string[];

export interface ParsedFlags {
  /** Values by long name: defaults filled in, then what argv set. */
  values: Map<string, FlagValue>;
  /** Long names the user set explicitly (pflag's `Changed`). */
  changed: Set<string>;
  /** Positional arguments, in order. */
  args: string[];
  /** How many positional arguments came before `--` (cobra's ArgsLenAtDash); -1 without `--`. */
  argsLenAtDash?: number;
}

/** A usage error: printed by main as `error: <msg>\nSee '<command path> --help' for usage.` */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** kubectl's global flags (the ones kubesense implements), shared by every command. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  {
    name: 'kubeconfig',
    kind: 'string',
    valueName: 'string',
    description: 'Path to the kubeconfig file to use for CLI requests.',
  },
  { name: 'context', kind: 'string', valueName: 'string', description: 'The name of the kubeconfig context to use' },
  { name: 'cluster', kind: 'string', valueName: 'string', description: 'The name of the kubeconfig cluster to use' },
  { name: 'user', kind: 'string', valueName: 'string', description: 'The name of the kubeconfig user to use' },
  {
    name: 'namespace',
    short: 'n',
    kind: 'string',
    valueName: 'string',
    description: 'If present, the namespace scope for this CLI request',
  },
  {
    name: 'cache-dir',
    kind: 'string',
    valueName: 'string',
    description: 'Default cache directory',
    default: '$HOME/.kube/cache',
  },
  {
    name: 'request-timeout',
    kind: 'string',
    valueName: 'string',
    default: '0',
    description:
      "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
  },
  {
    name: 'v',
    short: 'v',
    kind: 'int',
    valueName: 'Level',
    default: 0,
    description: 'number for the log level verbosity',
  },
];

/** The global flags after parsing, typed. Empty string = not set (as in kubectl's ConfigOverrides). */
export interface GlobalOptions {
  kubeconfig: string;
  context: string;
  cluster: string;
  user: string;
  namespace: string;
  cacheDir: string;
  /** Raw `--request-timeout` ('' = not set); commands that talk to a server call parseRequestTimeout(). */
  requestTimeout: string;
  verbosity: number;
}

function findLong(specs: FlagSpec[], name: string): FlagSpec | undefined {
  return specs.find((s) => s.name === name);
}
function findShort(specs: FlagSpec[], c: string): FlagSpec | undefined {
  return specs.find((s) => s.short === c);
}

/** pflag's `"-v, --v"` / `"--raw"` naming used in invalid-argument errors. */
function flagDisplay(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function convert(spec: FlagSpec, raw: string, previous: FlagValue | undefined): FlagValue {
  switch (spec.kind) {
    case 'string':
      return raw;
    case 'stringArray':
      return [...(Array.isArray(previous) ? previous : []), raw];
    case 'bool': {
      const b = parseGoBool(raw);
      if (b === undefined) {
        throw new FlagError(
          `invalid argument ${goQuote(raw)} for ${goQuote(flagDisplay(spec))} flag: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`,
        );
      }
      return b;
    }
    case 'int': {
      const n = parseGoInt(raw);
      if (n === undefined) {
        throw new FlagError(
          `invalid argument ${goQuote(raw)} for ${goQuote(flagDisplay(spec))} flag: strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`,
        );
      }
      return n;
    }
  }
}

/** strconv.ParseBool */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** strconv.ParseInt(s, 0, 32) for the values a verbosity flag sees. */
function parseGoInt(s: string): number | undefined {
  if (!/^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*)$/.test(s)) return undefined;
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[+-]/, '').replace(/_/g, '');
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body.startsWith('0')) n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return Number.isFinite(n) ? sign * n : undefined;
}

/**
 * Parse argv against `specs` the way pflag's FlagSet.Parse does (interspersed flags allowed).
 * Throws FlagError with pflag's message on bad input.
 */
export function parseFlags(argv: string[], specs: FlagSpec[]): ParsedFlags {
  const values = new Map<string, FlagValue>();
  for (const s of specs) {
    if (s.default !== undefined) values.set(s.name, s.default);
    else if (s.kind === 'bool') values.set(s.name, false);
    else if (s.kind === 'stringArray') values.set(s.name, []);
    else if (s.kind === 'int') values.set(s.name, 0);
    else values.set(s.name, '');
  }
  const changed = new Set<string>();
  const args: string[] = [];
  let argsLenAtDash = -1;
  const set = (spec: FlagSpec, raw: string) => {
    values.set(spec.name, convert(spec, raw, changed.has(spec.name) ? values.get(spec.name) : undefined));
    changed.add(spec.name);
  };

  let i = 0;
  while (i < argv.length) {
    const a = argv[i++];
    if (a === '--') {
      argsLenAtDash = args.length;
      args.push(...argv.slice(i));
      break;
    }
    if (a.length < 2 || !a.startsWith('-')) {
      args.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      if (body.length === 0 || body.startsWith('-') || body.startsWith('=')) {
        throw new FlagError(`bad flag syntax: ${a}`);
      }
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = findLong(specs, name);
      if (!spec) {
        if (name === 'help') throw new HelpRequested();
        throw new FlagError(`unknown flag: --${name}`);
      }
      if (eq >= 0) set(spec, body.slice(eq + 1));
      else if (spec.kind === 'bool') set(spec, 'true');
      else if (i < argv.length) set(spec, argv[i++]);
      else throw new FlagError(`flag needs an argument: ${a}`);
      continue;
    }
    // Shorthand cluster: -abc, -nvalue, -n value, -n=value
    let shorts = a.slice(1);
    while (shorts.length > 0) {
      const c = shorts[0];
      const spec = findShort(specs, c);
      if (!spec) {
        if (c === 'h') throw new HelpRequested();
        throw new FlagError(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorts}`);
      }
      if (shorts.length > 2 && shorts[1] === '=') {
        set(spec, shorts.slice(2));
        shorts = '';
      } else if (spec.kind === 'bool') {
        set(spec, 'true');
        shorts = shorts.slice(1);
      } else if (shorts.length > 1) {
        set(spec, shorts[1] === '=' ? shorts.slice(2) : shorts.slice(1));
        shorts = '';
      } else if (i < argv.length) {
        set(spec, argv[i++]);
        shorts = '';
      } else {
        throw new FlagError(`flag needs an argument: ${goQuoteRune(c)} in -${c}`);
      }
    }
  }
  return { values, changed, args, argsLenAtDash };
}

/** Go's %q of a rune: 'x' */
function goQuoteRune(c: string): string {
  return `'${c}'`;
}

/** `-h` / `--help` seen: main prints the command's help and exits 0, as cobra does. */
export class HelpRequested extends Error {
  constructor() {
    super('help requested');
    this.name = 'HelpRequested';
  }
}

/**
 * cobra's stripFlags: the non-flag words of argv, used only to find which (sub)command is meant.
 * A `--flag` without `=` that is not a bool consumes the next word, exactly as cobra guesses.
 */
export function commandWords(argv: string[], specs: FlagSpec[]): string[] {
  const words: string[] = [];
  let rest = [...argv];
  while (rest.length > 0) {
    const s = rest[0];
    rest = rest.slice(1);
    if (s === '--') break;
    const longTakesValue = s.startsWith('--') && !s.includes('=') && findLong(specs, s.slice(2))?.kind !== 'bool';
    const shortTakesValue =
      s.startsWith('-') &&
      !s.startsWith('--') &&
      !s.includes('=') &&
      s.length === 2 &&
      findShort(specs, s.slice(1))?.kind !== 'bool';
    if (longTakesValue || shortTakesValue) {
      if (rest.length <= 1) break;
      rest = rest.slice(1);
      continue;
    }
    if (s !== '' && !s.startsWith('-')) words.push(s);
  }
  return words;
}

const INVALID_TIMEOUT =
  'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)';

/**
 * kubectl's `--request-timeout` in ms (client-go's clientcmd.ParseTimeout): a non-negative int64 is seconds, anything
 * else a Go duration (time.ParseDuration). 0 and negative durations mean no timeout, as client-go's http.Client has it.
 */
export function parseRequestTimeout(value: string): number {
  if (/^[+-]?\d+$/.test(value)) {
    const n = BigInt(value);
    if (n >= 0n && n < 2n ** 63n) return Number(n) * 1000;
  }
  try {
    return parseDuration(value) / 1e6;
  } catch {
    throw new Error(INVALID_TIMEOUT);
  }
}

/** A pflag Duration flag (`--timeout`, `--pod-running-timeout`, `--since`) in ns; a FlagError in pflag's words. */
export function durationFlag(flags: ParsedFlags, name: string): number {
  const raw = String(flags.values.get(name) ?? '');
  try {
    return parseDuration(raw);
  } catch (e) {
    throw new FlagError(`invalid argument ${goQuote(raw)} for "--${name}" flag: ${errorMessage(e)}`);
  }
}

export function globalOptions(parsed: ParsedFlags): GlobalOptions {
  const str = (n: string) => String(parsed.values.get(n) ?? '');
  return {
    kubeconfig: str('kubeconfig'),
    context: str('context'),
    cluster: str('cluster'),
    user: str('user'),
    namespace: str('namespace'),
    cacheDir: parsed.changed.has('cache-dir') ? str('cache-dir') : '',
    requestTimeout: parsed.changed.has('request-timeout') ? str('request-timeout') : '',
    verbosity: Number(parsed.values.get('v') ?? 0),
  };
}
