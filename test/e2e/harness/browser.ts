// Debian's Chromium driven by playwright-core (no downloaded browser): headless, no network besides
// 127.0.0.1, a fresh profile per run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './toolchain';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(options: { profileDir?: string } = {}): Promise<Browser> {
  const profileDir = options.profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    // Small enough for small screenshots; tall enough that an expanded context → namespace → kind path fits
    // the virtualised tree without scrolling.
    viewport: { width: 1280, height: 1000 },
    // The workbench's clipboard commands (copy name) need these on http://127.0.0.1.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
