// Field paths inside a document: ['spec', 'containers', 0, 'image'] <-> `spec.containers[0].image`,
// the notation the API server uses in its error causes.

export type FieldPath = ReadonlyArray<string | number>;

/** `spec.containers[0].image`, as in the API server's `field` of a StatusCause. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(seg) || seg === '') out += out === '' ? seg : `.${seg}`;
    // Keys with dots or slashes (labels, annotations) are bracketed the way field.Path.Key() prints them.
    else out += `[${seg}]`;
  }
  return out;
}

/** Inverse of formatPath for the common forms (`a.b[0].c`, `metadata.labels[app.kubernetes.io/name]`). */
export function parsePath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (/^\d+$/.test(m[2])) out.push(Number(m[2]));
    else out.push(m[2]);
  }
  return out;
}

export function samePath(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
