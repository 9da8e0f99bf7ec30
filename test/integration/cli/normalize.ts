// What may differ between kubesense's and kubectl's output of the same command, masked for byte comparison.

/** AGE cells differ by the second; the program name differs by design. */
export function normalize(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/(^|\s{3,})(\d+(s|m|h|d|y)(\d+(s|m|h|d))?|<unknown>)(?=\s{3,}|$)/g, '$1AGE'))
    .join('\n')
    .replace(/kubesense|kubectl\.1\.\d+/g, 'kubectl');
}

/**
 * kubectl describe output with relative ages masked: an Events row's Age ("5s", "3s (x3 over 4s)") or a node's
 * pod Age can tick between two runs a moment apart, and its width moves the columns after it, so each such row
 * is reduced to its cells (split on the tabwriter's 2+ space padding) with the Age cell replaced.
 */
export function normalizeDescribe(text: string): string {
  // The Age column: third in an Events table, last in a node's Non-terminated Pods table.
  let ageColumn: number | undefined;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*Events:/.test(line)) ageColumn = 2;
      else if (/^Non-terminated Pods:/.test(line)) ageColumn = -1;
      else if (!line.startsWith(' ')) ageColumn = undefined;
      if (ageColumn === undefined || !/^ {2}\S/.test(line)) return line;
      // Header and separator rows too: their padding follows the widest age.
      const cells = line.trim().split(/ {2,}/);
      if (!/^ {2}(Type|Namespace|-{3,})\s/.test(line)) cells[ageColumn < 0 ? cells.length - 1 : ageColumn] = 'AGE';
      return `  ${cells.join(' | ')}`;
    })
    .join('\n')
    .replace(/kubesense|kubectl\.1\.\d+/g, 'kubectl');
}
