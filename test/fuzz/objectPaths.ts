// Paths into a JSON object, shared by the mutation generators: read, write and delete at a path, and the path as
// the API server prints it.
export type Obj = Record<string, unknown>;
export type Path = (string | number)[];

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path`, or undefined when a step is missing. */
export function getAt(o: unknown, path: Path): unknown {
  let cur = o;
  for (const seg of path)
    cur = isObj(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** An edit that sets the value at `path` (its parent must exist). */
export function set(path: Path, value: unknown): (o: Obj) => void {
  return (o) => {
    (getAt(o, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]] = value;
  };
}

/** An edit that deletes the value at `path`. */
export function remove(path: Path): (o: Obj) => void {
  return (o) => {
    delete (getAt(o, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]];
  };
}

/** A path as the API server prints it: `spec.containers[0].name`. */
export function fieldPath(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
