// A bearer token read from `tokenFile`, re-read whenever the file changes (projected service-account tokens
// rotate in place) and after a 401.
import * as fs from 'node:fs';
import type { CredentialSource, Credentials } from '../rest/config';

export class TokenFileSource implements CredentialSource {
  private stamp = '';
  private token: string | undefined;

  constructor(
    readonly file: string,
    initialToken?: string,
  ) {
    // client-go's file token source trims the file's contents; the first token came from the same file.
    this.token = initialToken?.trim();
    if (initialToken !== undefined) this.stamp = this.currentStamp();
  }

  private currentStamp(): string {
    try {
      const st = fs.statSync(this.file);
      return `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return '';
    }
  }

  async get(): Promise<Credentials> {
    const stamp = this.currentStamp();
    if (this.token === undefined || stamp !== this.stamp) {
      try {
        this.token = (await fs.promises.readFile(this.file, 'utf8')).trim();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(
          `unable to read tokenFile ${this.file}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`,
        );
      }
      this.stamp = stamp;
    }
    return { token: this.token };
  }

  invalidate(): void {
    this.token = undefined;
  }
}
