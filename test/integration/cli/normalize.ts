// What may differ between kubesense's and kubectl's output of the same command, masked for byte comparison.

/** AGE cells differ by the second; the program name differs by design. */
export function normalize(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/(^|\s{3,})(\d+(s|m|h|d|y)(\d+(s|m|h|d))?|<unknown>)(?=\s{3,}|$)/g, '$1AGE'))
    .join('\n')
    .replace(/kubesense/g, 'kubectl');
}
