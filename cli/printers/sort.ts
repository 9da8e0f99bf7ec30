// kubectl's --sort-by (kubectl/pkg/cmd/get/sorter.go): objects or table rows ordered by the first value a JSONPath
// finds in each, with kubectl's comparison (quantities by size, other strings byte by byte, a missing value
// "less" than anything) and Go's sort.Sort (pdqsort, not stable), so ties and missing fields land where
// kubectl puts them.
import { compareStrings, goSort } from '../../kube/util/go';
import { parseQuantity } from '../../kube/util/quantity';
import { findJSONPathResults, parseJSONPath, relaxedJSONPathExpression, type JSONPathOptions } from '../jsonpath';

export { goSort }; // Go's sort.Sort, now in kube/util/go (the CEL sorts use it too)

export class SortError extends Error {}

/** kubectl's RuntimeSorter field: relaxed when possible, else as given. */
export function sortField(sortBy: string): string {
  try {
    return relaxedJSONPathExpression(sortBy);
  } catch {
    return sortBy;
  }
}

type Values = unknown[];

function firstValues(field: string, objects: unknown[]): Values[] {
  const nodes = parseJSONPath(field);
  const options: JSONPathOptions = { allowMissing: true, showValues: true };
  // kubectl's findJSONPathResults: the first result set of the template.
  return objects.map((o) => findJSONPathResults(nodes, o, options)[0] ?? []);
}

/**
 * SortObjects: sorts in place; throws when the field is in none of the objects (kubectl checks this before
 * sorting). Nothing to sort is no error.
 */
export function sortObjects<T>(objects: T[], sortBy: string, objectOf: (item: T) => unknown = (o) => o): void {
  if (objects.length === 0) return;
  // Here (unlike for table rows) a field that is not a relaxed path is an error.
  const field = relaxedJSONPathExpression(sortField(sortBy));
  const values = firstValues(field, objects.map(objectOf));
  if (!values.some((v) => v.length > 0))
    throw new SortError(`couldn't find any field with path ${JSON.stringify(field)} in the list of objects`);
  sortBy_(objects, values, field);
}

/** TableSorter: rows by the field of their full object (requested with includeObject=Object). */
export function sortTableRows<T extends { object?: unknown }>(rows: T[], sortBy: string): void {
  const field = sortField(sortBy);
  let values: Values[];
  try {
    values = firstValues(
      field,
      rows.map((r) => r.object),
    );
  } catch (e) {
    throw new SortError(`sorting error: ${(e as Error).message}`);
  }
  if (rows.length > 0 && !values.some((v) => v.length > 0))
    throw new SortError(`couldn't find any field with path ${JSON.stringify(field)} in the list of objects`);
  sortBy_(rows, values, field);
}

function sortBy_<T>(items: T[], values: Values[], field: string): void {
  const less = (i: number, j: number): boolean => {
    // As kubectl: a missing value is less than anything, even another missing one.
    if (values[i].length === 0) return true;
    if (values[j].length === 0) return false;
    return isLess(values[i][0], values[j][0], field);
  };
  const swap = (i: number, j: number) => {
    [items[i], items[j]] = [items[j], items[i]];
    [values[i], values[j]] = [values[j], values[i]];
  };
  goSort(items.length, less, swap);
}

/** kubectl's isLess for values of unstructured objects (reflect.Interface). */
export function isLess(a: unknown, b: unknown, field = ''): boolean {
  if (a === null && b === null) return false;
  if (a === null) return true;
  if (b === null) return false;
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) === Number.isInteger(b)) return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a);
    const qb = qa === undefined ? undefined : parseQuantity(b);
    if (qa === undefined || qb === undefined) return compareStrings(a, b) < 0;
    return qa < qb;
  }
  // kubectl exits (klog.Fatalf) here; this is its message without the log header.
  const type = Array.isArray(a) ? '[]interface {}' : typeof a === 'object' ? 'map[string]interface {}' : typeof a;
  throw new SortError(
    `Field ${field} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: ${type}`,
  );
}
