// The table of "" at built-in enum fields (analysis/validation/builtin/emptyEnumTable.ts) from probe results: one
// verdict per `<group>.<Type>.<field>` (what the validator looks up), over every kind that reaches the field.
import { formatPath } from '../../../../analysis/documents/path';
import { probeName, supportedValuesIn, UNLISTED, type EnumProbe, type ProbeResult } from './emptyEnumProbes';

export interface TableEntry {
  verdict: 'accepted' | 'refused' | 'unprobeable';
  /** The probes (`Kind path`) behind the verdict. */
  probes: string[];
  /** Why unprobeable; the kinds that say otherwise; or that create checks nothing there. */
  reason?: string;
  /**
   * The values, where the server refuses one no enum lists (in most kinds probed): the server's own list from its
   * "Unsupported value" message, in its order ("" where it lists it; the most kinds' list), else the enum's.
   */
  values?: string[];
  /** The enum the server published for the field when measured, where its values are not `values`' (sorted). */
  published?: string[];
  /** For a published value the server refuses, the values its message lists when they are not `values`. */
  whenRefused?: Record<string, string[]>;
}

/** The values of a list as a set, "" left out (a published enum may carry a leaked default ""). */
function valueSet(values: readonly string[]): string {
  return JSON.stringify(values.filter((v) => v !== '').sort());
}

/** The supported values the server listed for the probe's field when given a value no enum lists, in its order. */
export function serverSupportedValues(p: EnumProbe, r: ProbeResult): string[] | undefined {
  return r.verdict === 'unprobeable' ? undefined : supportedValuesIn(r.unlisted, formatPath(p.path), UNLISTED);
}

/** The list most probes of a field got (the first of equals), or undefined. */
function mostListed(lists: (string[] | undefined)[]): string[] | undefined {
  const counts = new Map<string, number>();
  for (const l of lists) if (l) counts.set(JSON.stringify(l), (counts.get(JSON.stringify(l)) ?? 0) + 1);
  let best: string | undefined;
  for (const [k, n] of counts) if (best === undefined || n > counts.get(best)!) best = k;
  return best === undefined ? undefined : (JSON.parse(best) as string[]);
}

export function tableOf(probes: EnumProbe[], results: ProbeResult[]): Record<string, TableEntry> {
  const byKey = new Map<string, { p: EnumProbe; r: ProbeResult }[]>();
  probes.forEach((p, i) => byKey.set(p.key, [...(byKey.get(p.key) ?? []), { p, r: results[i] }]));
  const out: Record<string, TableEntry> = {};
  for (const key of [...byKey.keys()].sort()) {
    const all = byKey.get(key)!;
    const probed = all.filter((x) => x.r.verdict !== 'unprobeable');
    const names = (xs: typeof all) => xs.map((x) => probeName(x.p));
    if (!probed.length) {
      const r = all[0].r as { reason: string };
      out[key] = { verdict: 'unprobeable', probes: names(all), reason: r.reason };
      continue;
    }
    const accepted = probed.filter((x) => x.r.verdict === 'accepted');
    const refused = probed.filter((x) => x.r.verdict === 'refused');
    // Create checks nothing there (a status the strategy resets): "" is accepted like any value.
    const unchecked = probed.every((x) => x.r.verdict !== 'unprobeable' && !x.r.unlisted);
    // The validator knows the type, not the kind: where kinds differ, the most kinds' verdict (ties: refused), and
    // the others named (kind-specific rules, such as a Job's restartPolicy, or a status create resets).
    const verdict = accepted.length > refused.length ? 'accepted' : 'refused';
    const others = verdict === 'accepted' ? refused : accepted;
    const reason = others.length
      ? `${verdict === 'accepted' ? 'refused' : 'accepted'} by ${names(others).join(', ')}`
      : unchecked
        ? 'create accepts any value here'
        : undefined;
    const checked = probed.filter((x) => x.r.verdict !== 'unprobeable' && x.r.unlisted).length;
    const values =
      checked * 2 > probed.length
        ? (mostListed(probed.map((x) => serverSupportedValues(x.p, x.r))) ?? all[0].p.values.filter((v) => v !== ''))
        : undefined;
    const published = all[0].p.published;
    // A refused published value may be answered with another list (a toleration's Gt lists all four operators).
    const whenRefused: Record<string, string[]> = {};
    if (values)
      for (const v of new Set(
        probed.flatMap((x) => (x.r.verdict === 'unprobeable' ? [] : Object.keys(x.r.refusedValues))),
      )) {
        const lists = probed.map((x) =>
          x.r.verdict === 'unprobeable' || x.r.refusedValues[v] === undefined
            ? undefined
            : supportedValuesIn(x.r.refusedValues[v], formatPath(x.p.path), v),
        );
        const listed = mostListed(lists);
        if (listed && JSON.stringify(listed) !== JSON.stringify(values)) whenRefused[v] = listed;
      }
    out[key] = {
      verdict,
      probes: names(verdict === 'accepted' ? accepted : refused),
      ...(reason ? { reason } : {}),
      ...(values ? { values } : {}),
      ...(values && published && valueSet(published) !== valueSet(values) ? { published } : {}),
      ...(Object.keys(whenRefused).length ? { whenRefused } : {}),
    };
  }
  return out;
}

/** The checked-in TypeScript of the table (a header saying how it was made, then one line per field). */
export function renderTable(table: Record<string, TableEntry>, serverVersion: string, kinds: number): string {
  const entries = Object.entries(table);
  const line = ([key, e]: [string, TableEntry]) => {
    const more = e.probes.length > 1 ? ` (+${e.probes.length - 1} more)` : '';
    return `  ${JSON.stringify(key)}, // ${e.probes[0]}${more}${e.reason ? `; ${e.reason}` : ''}\n`;
  };
  const list = (v: TableEntry['verdict']) => entries.filter(([, e]) => e.verdict === v);
  return (
    `// GENERATED by test/cluster/probeEmptyEnums.ts --write against kube-apiserver ${serverVersion} (the test\n` +
    `// cluster): "" at every enum field (published \`enum\`, or builtin/enums.ts) of the ${kinds} built-in kinds with a\n` +
    `// create endpoint in the upstream 1.35 documents, by server-side dry-run with strict field validation of a minimal\n` +
    `// object (test/integration/analysis/validation/emptyEnumProbes.ts). Do not edit by hand: regenerate and review\n` +
    `// the diff. The drift test (test/integration/analysis/validation/emptyEnum.test.ts) re-probes every entry.\n` +
    `// Keys: \`<group>.<Type>.<field>\` (\`[]\`: a list field's items). Comments: the first probe (Kind path); the kinds\n` +
    `// that differ (the verdict is the most kinds'; ties: refused); "create accepts any value here" where create checks\n` +
    `// nothing (status fields the strategy resets on create are probed like any other: that is what create does).\n\n` +
    `/** The minor version of the API server the table was measured on. */\n` +
    `export const ENUM_MEASURED_ON = ${JSON.stringify(/^v?(\d+\.\d+)/.exec(serverVersion)?.[1] ?? serverVersion)};\n\n` +
    `/** Fields where the server accepts "" (a Go defaulter fills it in, or validation gives it a meaning). */\n` +
    `export const EMPTY_ENUM_ACCEPTED: readonly string[] = [\n${list('accepted').map(line).join('')}];\n\n` +
    `/** Fields where the server refuses "" (in at least one kind that reaches the type). */\n` +
    `export const EMPTY_ENUM_REFUSED: readonly string[] = [\n${list('refused').map(line).join('')}];\n\n` +
    `/**\n * The values of every probed field where the server refuses a value no enum lists, as its "Unsupported value"\n` +
    ` * message lists them (its order, "" where it lists it), else the enum's: what the built-in check (builtin/enums.ts)\n` +
    ` * holds a value to where the schema publishes no \`enum\` (the upstream documents), and what replaces a published\n` +
    ` * \`enum\` (emptyEnums.ts), so that messages list the server's values in the server's order.\n */\n` +
    `export const ENUM_VALUES: Readonly<Record<string, readonly string[]>> = {\n` +
    entries
      .filter(([, e]) => e.values)
      .map(([key, e]) => `  ${JSON.stringify(key)}: ${JSON.stringify(e.values)},\n`)
      .join('') +
    `};\n\n` +
    `/**\n * The enum the server published when ENUM_VALUES was measured, where its values differ from the measured ones\n` +
    ` * (elsewhere they are the same values): a measured list replaces only the very enum it was measured against, so a\n` +
    ` * server of another version, publishing other values, keeps its own (emptyEnums.ts).\n */\n` +
    `export const ENUM_PUBLISHED_WHEN_MEASURED: Readonly<Record<string, readonly string[]>> = {\n` +
    entries
      .filter(([, e]) => e.published)
      .map(([key, e]) => `  ${JSON.stringify(key)}: ${JSON.stringify(e.published)},\n`)
      .join('') +
    `};\n\n` +
    `/**\n * Published values the server refuses with a message listing other values than ENUM_VALUES' (Go's validation\n` +
    ` * lists per value: a toleration's Gt/Lt get all four operators while their feature gate is off), per field.\n */\n` +
    `export const ENUM_VALUES_WHEN_REFUSED: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {\n` +
    entries
      .filter(([, e]) => e.whenRefused)
      .map(([key, e]) => `  ${JSON.stringify(key)}: ${JSON.stringify(e.whenRefused)},\n`)
      .join('') +
    `};\n\n` +
    `/** Fields no create can probe, with why: "" stays refused there, as for any field not listed. */\n` +
    `export const EMPTY_ENUM_UNPROBEABLE: Readonly<Record<string, string>> = {\n` +
    list('unprobeable')
      .map(([key, e]) => `  ${JSON.stringify(key)}: ${JSON.stringify(e.reason ?? '')}, // ${e.probes[0]}\n`)
      .join('') +
    `};\n`
  );
}
