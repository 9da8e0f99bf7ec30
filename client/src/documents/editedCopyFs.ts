// Edited copies live in a small in-memory file system instead of untitled documents: the tab is titled by the
// file name (`deployment-web (edit).yaml`, not the first line of the text), and saving (done after a successful
// apply) makes the copy clean, so closing it does not ask to save a file that has nowhere to go.
import * as vscode from 'vscode';

export const EDITED_COPY_SCHEME = 'kubesense-edit';

interface Entry {
  data: Uint8Array;
  ctime: number;
  mtime: number;
}

export class EditedCopyFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Entry>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  /** Sets a copy's content (a fresh copy of the live object) without going through an editor. */
  put(uri: vscode.Uri, text: string): void {
    const now = Date.now();
    const existed = this.files.has(uri.toString());
    this.files.set(uri.toString(), { data: new TextEncoder().encode(text), ctime: now, mtime: now });
    this.emitter.fire([{ type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  forget(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
  }

  private entry(uri: vscode.Uri): Entry {
    const e = this.files.get(uri.toString());
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return e;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (
      uri.path === '/' ||
      [...this.files.keys()].some((k) => k.startsWith(uri.with({ path: uri.path + '/' }).toString()))
    )
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const e = this.entry(uri);
    return { type: vscode.FileType.File, ctime: e.ctime, mtime: e.mtime, size: e.data.byteLength };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.entry(uri).data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const old = this.files.get(uri.toString());
    this.files.set(uri.toString(), { data: content, ctime: old?.ctime ?? Date.now(), mtime: Date.now() });
    this.emitter.fire([{ type: old ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {}

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('edited copies cannot be renamed');
  }
}
