// Surgical edits of YAML source text: change one scalar, add or remove one key, append one list item, and leave
// every other byte (comments, spacing, quoting, key order, unknown fields) exactly as the user wrote it.
// Positions come from the `yaml` package's parsed Document (node ranges). An edit that cannot be done this way
// (odd shapes such as aliases or a null where a map is expected) reports false so the caller can fall back to
// re-serializing the document, which still keeps comments and order.
import * as YAML from 'yaml';
import { goStringStyle } from './goyaml';

interface TextEdit {
  at: number;
  remove: number;
  insert: string;
}

/** A plain or double-quoted scalar that reads back as the same string under YAML 1.1 (and 1.2). */
export function yamlScalar(value: string): string {
  return goStringStyle(value, false) === 'plain' ? value : JSON.stringify(value);
}

export class SourceEditor {
  readonly doc: YAML.Document.Parsed;
  private readonly edits: TextEdit[] = [];

  constructor(readonly text: string) {
    this.doc = YAML.parseDocument(text, { version: '1.1', uniqueKeys: false });
  }

  get ok(): boolean {
    return this.doc.errors.length === 0;
  }

  /** The top-level mapping, if the document is one. */
  root(): YAML.YAMLMap | undefined {
    return YAML.isMap(this.doc.contents) ? this.doc.contents : undefined;
  }

  private lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  private lineEnd(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    return nl < 0 ? this.text.length : nl;
  }

  private pair(map: YAML.YAMLMap, key: string): YAML.Pair | undefined {
    return map.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === key) as YAML.Pair | undefined;
  }

  /** Sets `key: value` in `map` (replacing the existing scalar, or adding the key after the map's last entry). */
  setScalar(map: YAML.YAMLMap, key: string, value: string): boolean {
    const existing = this.pair(map, key);
    const rendered = yamlScalar(value);
    if (existing) {
      const v = existing.value;
      if (YAML.isScalar(v) && v.range) {
        if (String(v.value) === value && v.type === 'PLAIN') return true;
        this.edits.push({ at: v.range[0], remove: v.range[1] - v.range[0], insert: rendered });
        return true;
      }
      if (v === null && YAML.isScalar(existing.key) && existing.key.range) {
        // `key:` with no value: put the value after the colon.
        const colon = this.text.indexOf(':', existing.key.range[1]);
        if (colon < 0) return false;
        this.edits.push({ at: colon + 1, remove: 0, insert: ` ${rendered}` });
        return true;
      }
      return false;
    }
    return this.appendPair(map, `${yamlScalar(key)}: ${rendered}`);
  }

  private appendPair(map: YAML.YAMLMap, pairText: string): boolean {
    const last = map.items[map.items.length - 1] as YAML.Pair<YAML.Node, YAML.Node> | undefined;
    if (map.flow) {
      if (!map.range) return false;
      if (last) {
        const end = (last.value ?? last.key)?.range?.[1];
        if (end === undefined) return false;
        this.edits.push({ at: end, remove: 0, insert: `, ${pairText}` });
      } else {
        this.edits.push({ at: map.range[0] + 1, remove: 0, insert: pairText });
      }
      return true;
    }
    if (!last || !last.key?.range) return false;
    const indent = last.key.range[0] - this.lineStart(last.key.range[0]);
    const end = (last.value ?? last.key).range?.[1];
    if (end === undefined) return false;
    this.insertLineAfter(end, ' '.repeat(indent) + pairText);
    return true;
  }

  /** Inserts a full line after the line (or block) that ends at `end`. */
  private insertLineAfter(end: number, line: string) {
    // Block collections end after their last newline; scalars end mid-line (maybe before a comment).
    let at = end;
    while (
      at > 0 &&
      (this.text[at - 1] === ' ' || this.text[at - 1] === '\n') &&
      this.text.slice(this.lineStart(at - 1), at - 1).trim() === ''
    )
      at--;
    const eol = this.lineEnd(at > 0 && this.text[at - 1] === '\n' ? at - 1 : at);
    if (eol === this.text.length)
      this.edits.push({ at: eol, remove: 0, insert: `${this.text.endsWith('\n') || eol === 0 ? '' : '\n'}${line}\n` });
    else this.edits.push({ at: eol + 1, remove: 0, insert: `${line}\n` });
  }

  /** Removes `key` from `map` (no-op when absent). */
  deleteKey(map: YAML.YAMLMap, key: string): boolean {
    const idx = map.items.findIndex((p) => YAML.isScalar(p.key) && String((p.key as YAML.Scalar).value) === key);
    if (idx < 0) return true;
    const p = map.items[idx] as YAML.Pair<YAML.Node, YAML.Node>;
    const start = p.key?.range?.[0];
    const end = (p.value ?? p.key)?.range?.[1];
    if (start === undefined || end === undefined) return false;
    if (map.flow) {
      if (map.items.length === 1) this.edits.push({ at: start, remove: end - start, insert: '' });
      else if (idx > 0) {
        const prevEnd = (
          (map.items[idx - 1] as YAML.Pair<YAML.Node, YAML.Node>).value ??
          (map.items[idx - 1] as YAML.Pair<YAML.Node, YAML.Node>).key
        )?.range?.[1];
        if (prevEnd === undefined) return false;
        this.edits.push({ at: prevEnd, remove: end - prevEnd, insert: '' });
      } else {
        const nextStart = (map.items[1] as YAML.Pair<YAML.Node, YAML.Node>).key?.range?.[0];
        if (nextStart === undefined) return false;
        this.edits.push({ at: start, remove: nextStart - start, insert: '' });
      }
      return true;
    }
    if (map.items.length === 1) return false; // removing the only key would leave `parent:` null; let the fallback decide
    const from = this.lineStart(start);
    if (this.text.slice(from, start).trim() !== '') return false; // key shares its line (`- name: x` item start)
    const valueEndLine = this.lineEnd(end > 0 && this.text[end - 1] === '\n' ? end - 1 : end);
    this.edits.push({ at: from, remove: Math.min(valueEndLine + 1, this.text.length) - from, insert: '' });
    return true;
  }

  /** Appends an item to a sequence: `blockLines` (without indentation) for block style, `flowText` for flow style. */
  appendToSeq(seq: YAML.YAMLSeq, blockLines: string[], flowText: string): boolean {
    const last = seq.items[seq.items.length - 1] as YAML.Node | undefined;
    if (seq.flow) {
      if (!seq.range) return false;
      if (last?.range) this.edits.push({ at: last.range[1], remove: 0, insert: `, ${flowText}` });
      else if (!last) this.edits.push({ at: seq.range[0] + 1, remove: 0, insert: flowText });
      else return false;
      return true;
    }
    if (!last?.range || !seq.range) return false;
    const dash = this.text.lastIndexOf('-', last.range[0]);
    if (dash < 0) return false;
    const indent = dash - this.lineStart(dash);
    const pad = ' '.repeat(indent);
    const lines = blockLines.map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`));
    // Insert after the sequence's last content line.
    const lastLineEnd = this.lineEnd(Math.max(last.range[1] - 1, 0));
    this.edits.push({
      at: Math.min(lastLineEnd + 1, this.text.length),
      remove: 0,
      insert: `${lastLineEnd === this.text.length && !this.text.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`,
    });
    return true;
  }

  apply(): string {
    let out = this.text;
    for (const e of [...this.edits].sort((a, b) => b.at - a.at))
      out = out.slice(0, e.at) + e.insert + out.slice(e.at + e.remove);
    return out;
  }
}
