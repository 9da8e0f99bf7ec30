// LSP position encodings other than UTF-16 (LSP 3.17 `general.positionEncodings`): where a client offers UTF-8 or
// UTF-32 (Helix, Neovim 0.10+, Zed…), the server answers in it, converting at the transport so that everything inside
// the server keeps counting UTF-16 code units, as vscode-languageserver-textdocument does. The conversion needs the
// text of each line: the translator mirrors open documents from didOpen/didChange/didClose.
import type { Message, MessageReader, MessageWriter, DataCallback, Disposable } from 'vscode-languageserver/node';

export type PositionEncoding = 'utf-8' | 'utf-16' | 'utf-32';

/** The client's first offered encoding this server speaks; UTF-16 (mandatory for every client) otherwise. */
export function choosePositionEncoding(offered: unknown): PositionEncoding {
  if (!Array.isArray(offered)) return 'utf-16';
  for (const e of offered) if (e === 'utf-8' || e === 'utf-32' || e === 'utf-16') return e;
  return 'utf-16';
}

interface Pos {
  line: number;
  character: number;
}

function isPos(v: unknown): v is Pos {
  return (
    !!v &&
    typeof v === 'object' &&
    typeof (v as Pos).line === 'number' &&
    typeof (v as Pos).character === 'number' &&
    Object.keys(v).length === 2
  );
}

/** Column in `encoding` units of the UTF-16 column `ch16` of `line`. */
function fromUtf16(line: string, ch16: number, encoding: PositionEncoding): number {
  const prefix = line.slice(0, Math.min(ch16, line.length));
  const beyond = Math.max(0, ch16 - line.length);
  if (encoding === 'utf-8') return Buffer.byteLength(prefix, 'utf8') + beyond;
  let n = 0;
  for (const _ of prefix) n++;
  return n + beyond;
}

/** UTF-16 column of the column `ch` (in `encoding` units) of `line`. */
function toUtf16(line: string, ch: number, encoding: PositionEncoding): number {
  let units = 0;
  let i = 0;
  for (const cp of line) {
    const width = encoding === 'utf-8' ? Buffer.byteLength(cp, 'utf8') : 1;
    if (units + width > ch) return i;
    units += width;
    i += cp.length;
  }
  return i + Math.max(0, ch - units);
}

class DocumentMirror {
  private lines?: string[];
  constructor(private text: string) {}
  line(n: number): string {
    this.lines ??= this.text.split(/\r\n|\r|\n/);
    return this.lines[n] ?? '';
  }
  /** Applies one didChange content change whose range is already in UTF-16. */
  apply(change: { range?: { start: Pos; end: Pos }; text: string }): void {
    if (!change.range) {
      this.text = change.text;
    } else {
      const offset = (p: Pos) => {
        let o = 0;
        const re = /\r\n|\r|\n/g;
        for (let l = 0; l < p.line; l++) {
          const m = re.exec(this.text);
          if (!m) return this.text.length;
          o = m.index + m[0].length;
        }
        return Math.min(o + p.character, this.text.length);
      };
      const start = offset(change.range.start);
      const end = offset(change.range.end);
      this.text = this.text.slice(0, start) + change.text + this.text.slice(end);
    }
    this.lines = undefined;
  }
}

/** Converts every position in `value` (in place) with `convert`, following WorkspaceEdits to their documents. */
function walk(value: unknown, uri: string | undefined, convert: (uri: string | undefined, p: Pos) => void): void {
  if (!value || typeof value !== 'object') return;
  if (isPos(value)) {
    convert(uri, value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) walk(v, uri, convert);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'changes' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [docUri, edits] of Object.entries(v as Record<string, unknown>)) walk(edits, docUri, convert);
    } else if (k === 'textDocument' || k === 'data') {
      continue;
    } else {
      const inner = (obj.textDocument as { uri?: string } | undefined)?.uri ?? (obj.uri as string | undefined);
      walk(v, typeof inner === 'string' ? inner : uri, convert);
    }
  }
}

interface RequestMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/** Wraps a connection's reader and writer so the client sees `encoding` columns and the server UTF-16. */
export class PositionEncodingTranslator {
  private encoding: PositionEncoding = 'utf-16';
  private readonly documents = new Map<string, DocumentMirror>();
  private readonly pending = new Map<number | string, string | undefined>();

  /** The encoding chosen at initialize ('utf-16' until then). */
  get negotiated(): PositionEncoding {
    return this.encoding;
  }

  reader(inner: MessageReader): MessageReader {
    return {
      onError: inner.onError,
      onClose: inner.onClose,
      onPartialMessage: inner.onPartialMessage,
      listen: (callback: DataCallback): Disposable => inner.listen((m) => callback(this.incoming(m))),
      dispose: () => inner.dispose(),
    };
  }

  writer(inner: MessageWriter): MessageWriter {
    return {
      onError: inner.onError,
      onClose: inner.onClose,
      write: (m: Message) => inner.write(this.outgoing(m)),
      end: () => inner.end(),
      dispose: () => inner.dispose(),
    };
  }

  private column(uri: string | undefined, p: Pos, toServer: boolean): void {
    const doc = uri ? this.documents.get(uri) : undefined;
    if (!doc) return;
    const line = doc.line(p.line);
    // ASCII lines count the same in every encoding.
    if (/^[\x00-\x7f]*$/.test(line)) return;
    p.character = toServer ? toUtf16(line, p.character, this.encoding) : fromUtf16(line, p.character, this.encoding);
  }

  private incoming(message: Message): Message {
    const m = message as RequestMessage;
    if (m.method === 'initialize') {
      const params = m.params as { capabilities?: { general?: { positionEncodings?: unknown } } } | undefined;
      this.encoding = choosePositionEncoding(params?.capabilities?.general?.positionEncodings);
      if (m.id !== undefined && m.id !== null) this.pending.set(m.id, 'initialize');
      return message;
    }
    const params = m.params as Record<string, unknown> | undefined;
    const uri = (params?.textDocument as { uri?: string } | undefined)?.uri;
    if (m.method === 'textDocument/didOpen') {
      const doc = params!.textDocument as { uri: string; text: string };
      this.documents.set(doc.uri, new DocumentMirror(doc.text));
    } else if (m.method === 'textDocument/didClose' && uri) {
      this.documents.delete(uri);
    } else if (m.method === 'textDocument/didChange' && uri) {
      const doc = this.documents.get(uri);
      for (const change of (params!.contentChanges as { range?: { start: Pos; end: Pos }; text: string }[]) ?? []) {
        if (change.range && this.encoding !== 'utf-16') {
          this.column(uri, change.range.start, true);
          this.column(uri, change.range.end, true);
        }
        doc?.apply(change);
      }
    } else if (this.encoding !== 'utf-16' && params) {
      walk(params, uri, (u, p) => this.column(u, p, true));
    }
    if (m.id !== undefined && m.id !== null && m.method) this.pending.set(m.id, uri);
    return message;
  }

  private outgoing(message: Message): Message {
    const m = message as RequestMessage;
    if (m.method === undefined && m.id !== undefined && m.id !== null && this.pending.has(m.id)) {
      const uri = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (uri === 'initialize') {
        const caps = (m.result as { capabilities?: Record<string, unknown> } | undefined)?.capabilities;
        if (caps && this.encoding !== 'utf-16') caps.positionEncoding = this.encoding;
        return message;
      }
      if (this.encoding !== 'utf-16') walk(m.result, uri, (u, p) => this.column(u, p, false));
    } else if (m.method && this.encoding !== 'utf-16') {
      // publishDiagnostics, workspace/applyEdit: positions of documents the params name.
      walk(m.params, undefined, (u, p) => this.column(u, p, false));
    }
    return message;
  }
}
