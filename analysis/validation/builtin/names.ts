// k8s.io/apimachinery/pkg/util/validation: name, label and annotation rules with the API server's messages.
import { quoteBytes } from '../../../kube/util/go/strconv';
import { remembered } from '../../../kube/util/remembered';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;

/**
 * A name rule's answers remembered per text (a copy given out each time: callers may keep it). Manifests repeat the
 * same label keys and values, names and namespaces thousands of times.
 */
function rememberedRule(rule: (v: string) => string[]): (v: string) => string[] {
  const known = remembered(rule, 4096);
  return (v) => {
    const errs = known(v);
    return errs.length === 0 ? [] : [...errs];
  };
}

/**
 * Go's len(v) > limit: lengths are UTF-8 bytes (util/validation says "characters" for DNS names, content/ "bytes"
 * for labels). A UTF-16 unit is 1 to 3 bytes, so most strings are decided by their length alone.
 */
function longerThan(v: string, limit: number): boolean {
  if (v.length > limit) return true;
  return v.length * 3 > limit && Buffer.byteLength(v, 'utf8') > limit;
}

export const dns1123Label = rememberedRule(function dns1123Label(v: string): string[] {
  const errs: string[] = [];
  if (longerThan(v, 63)) errs.push('must be no more than 63 characters');
  // A valid subdomain that is not a label (length already checked) has dots.
  if (!DNS1123_LABEL.test(v) && DNS1123_SUBDOMAIN.test(v)) errs.push('must not contain dots');
  else if (!DNS1123_LABEL.test(v)) {
    errs.push(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
  }
  return errs;
});

export const dns1123Subdomain = rememberedRule(function dns1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (longerThan(v, 253)) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(v)) {
    errs.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  }
  return errs;
});

export const dns1035Label = rememberedRule(function dns1035Label(v: string): string[] {
  const errs: string[] = [];
  if (longerThan(v, 63)) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(v)) {
    errs.push(
      `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  }
  return errs;
});

/** path.IsValidPathSegmentName: RBAC object names and other path-segment names. */
export function pathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (v.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** IsQualifiedName: label and annotation keys (`prefix/name`). */
export const qualifiedName = rememberedRule(function qualifiedName(v: string): string[] {
  const errs: string[] = [];
  const slash = v.indexOf('/');
  let name: string;
  if (slash < 0) name = v;
  else if (v.indexOf('/', slash + 1) < 0) {
    const prefix = v.slice(0, slash);
    name = v.slice(slash + 1);
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of dns1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (longerThan(name, 63)) errs.push('name part must be no more than 63 bytes');
  if (!QUALIFIED_NAME.test(name)) {
    errs.push(
      `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  }
  return errs;
});

export const labelValue = rememberedRule(function labelValue(v: string): string[] {
  const errs: string[] = [];
  if (longerThan(v, 63)) errs.push('must be no more than 63 bytes');
  if (!LABEL_VALUE.test(v)) {
    errs.push(
      `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  }
  return errs;
});

/** IsValidPortName (IANA_SVC_NAME). */
export function portName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push('must be no more than 15 characters');
  if (!IANA_SVC_NAME.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (/^-|-$/.test(v)) errs.push('must not begin or end with a hyphen');
  return errs;
}

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

/** Name rule per kind, from each type's ValidateXName in kubernetes/pkg/apis/.../validation. */
export function nameRuleFor(group: string, kind: string): NameRule {
  if (group === '' && kind === 'Namespace') return 'label';
  if (group === 'apps' && kind === 'StatefulSet') return 'label'; // ValidateStatefulSetName: its pods' hostnames
  if (group === '' && kind === 'Service') return 'dns1035';
  if (group === 'rbac.authorization.k8s.io') return 'path-segment';
  if (group === 'apiregistration.k8s.io') return 'path-segment'; // ValidateAPIService: then version.group
  // core/v1 Events skip ValidateObjectMeta (legacy validation); a CSR's name function accepts any name. Both keep
  // only the generic registry's path-segment check. (A Node's name is a subdomain, as most.)
  if (group === '' && kind === 'Event') return 'path-segment';
  if (group === 'certificates.k8s.io' && kind === 'CertificateSigningRequest') return 'path-segment';
  // ValidatePodDisruptionBudget validates the spec only: the generic registry's path-segment check names it.
  if (group === 'policy' && kind === 'PodDisruptionBudget') return 'path-segment';
  return 'subdomain';
}

export function checkName(rule: NameRule, v: string): string[] {
  switch (rule) {
    case 'label':
      return dns1123Label(v);
    case 'dns1035':
      return dns1035Label(v);
    case 'path-segment':
      return pathSegmentName(v);
    default:
      return dns1123Subdomain(v);
  }
}

/** names.SimpleNameGenerator's maxGeneratedNameLength: the prefix's bytes kept before the random suffix. */
const MAX_GENERATED_PREFIX_BYTES = 58;

/**
 * The name the server generates from generateName before validating it: the prefix cut to 58 bytes (Go slices the
 * string's bytes, so the cut may split a rune) and 5 random lower-case letters and digits, which never change a
 * rule's verdict. `checked` stands for it with 'x's (see checkableBytes); `printed` is how a field error shows it.
 */
export function generatedName(generateName: string): { checked: string; printed: string } {
  const bytes = Buffer.from(generateName, 'utf8').subarray(0, MAX_GENERATED_PREFIX_BYTES);
  return {
    checked: `${checkableBytes(bytes)}xxxxx`,
    printed: `${quoteBytes(bytes)} + 5 random characters (the generated name)`,
  };
}

/**
 * ValidateObjectMeta's check of generateName (the kind's name rule with prefix=true): the DNS rules mask a trailing
 * '-' as apimachinery's maskTrailingDash does (its last two bytes become "a", so `x@-` passes as `xa`). The
 * path-segment kinds' own rules (RBAC's, APIService's) ignore prefix=true: `.` is refused as a prefix too.
 */
export function checkNamePrefix(rule: NameRule, prefix: string): string[] {
  if (rule === 'path-segment') return checkName(rule, prefix);
  const bytes = Buffer.from(prefix, 'utf8');
  if (bytes.length <= 1 || !prefix.endsWith('-')) return checkName(rule, prefix);
  return checkName(rule, `${checkableBytes(bytes.subarray(0, bytes.length - 2))}a`);
}

/**
 * A Go string cut at a byte count, for the name rules: whole runes as they are, the bytes of a rune cut in two as
 * as many DELs (one byte each, and refused wherever non-ASCII is, so lengths and verdicts stay Go's).
 */
function checkableBytes(bytes: Uint8Array): string {
  let whole = bytes.length;
  while (whole > 0 && whole > bytes.length - 4 && !isWholeUtf8(bytes.subarray(0, whole))) whole--;
  return Buffer.from(bytes.subarray(0, whole)).toString('utf8') + '\x7f'.repeat(bytes.length - whole);
}

function isWholeUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
