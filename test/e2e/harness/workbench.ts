// Page-object helpers for VS Code's workbench DOM. Every wait is on DOM state (locators / waitForFunction),
// never a fixed sleep; timeouts only bound how long a broken build can hang.
import type { Locator, Page } from 'playwright-core';
import type { DomElement } from './dom';
import { waitUntil } from './wait';

export const timeouts = { workbench: 90_000, ui: 20_000, cluster: 45_000, language: 60_000 };

export class Workbench {
  constructor(readonly page: Page) {}

  async waitForReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeouts.workbench });
    await this.page.locator('.part.statusbar').waitFor({ timeout: timeouts.workbench });
    await this.page.locator('.part.activitybar').waitFor({ timeout: timeouts.workbench });
  }

  /** Activity bar entry of a view container, by its title. */
  activityItem(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-item [aria-label^="${title}"]`).first();
  }

  /** Runs a palette command by its exact title ("Category: Title" as shown in the palette). */
  async runCommand(title: string): Promise<void> {
    const input = await this.openQuickInput('>');
    await input.fill('>' + title);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: timeouts.ui }).catch(() => {
      throw new Error(`the command palette has no command "${title}"`);
    });
    await row.click();
    await this.page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden', timeout: timeouts.ui })
      .catch(() => undefined);
  }

  /** Opens a fresh command palette ('>') or Quick Open (''), closing whatever quick input was open. */
  async openQuickInput(prefix: string): Promise<Locator> {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: timeouts.ui });
    }
    await this.page.keyboard.press(prefix === '>' ? 'F1' : 'Control+P');
    await widget.waitFor({ state: 'visible', timeout: timeouts.ui });
    return widget.locator('.quick-input-box input');
  }

  /** Rows of quick-pick currently shown (labels), after waiting for at least one. */
  async quickPickLabels(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: timeouts.ui });
    return rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  /** Picks the quick-pick row whose label (not its description or detail) matches. */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: label }) })
      .first();
    await row.waitFor({ timeout: timeouts.ui });
    await row.click();
  }

  /** The tree rows of one view (by the view pane's title, e.g. "Clusters"). */
  viewPane(title: string): Locator {
    return this.page.locator('.pane', { has: this.page.locator(`.pane-header[aria-label^="${title}"]`) }).first();
  }

  /** Clicks one of a view's title actions (e.g. "Collapse All"). A container with a single view shows
   *  them in the side bar's title instead of the (hidden) pane header. */
  async viewTitleAction(pane: Locator, label: string): Promise<void> {
    const header = pane.locator('.pane-header');
    const bar = (await header.isVisible()) ? header : this.page.locator('.part.sidebar .composite.title');
    await bar.hover();
    const action = bar.locator(`.action-label[aria-label^="${label}"]`).first();
    await action.waitFor({ timeout: timeouts.ui });
    await action.click();
  }

  treeRows(pane: Locator): Locator {
    return pane.locator('.monaco-list-row[role="treeitem"]');
  }

  /** A tree row whose label (first text of its aria-label) matches, optionally at a given depth. */
  treeRow(pane: Locator, label: string | RegExp, level?: number): Locator {
    const levelSelector = level === undefined ? '' : `[aria-level="${level}"]`;
    return pane
      .locator(`.monaco-list-row[role="treeitem"]${levelSelector}`)
      .filter({ has: this.page.locator('.label-name', { hasText: label }) })
      .first();
  }

  /** Expands a tree row. Rows are re-rendered when the provider refreshes (live lists), so the state is
   *  re-read through the locator each time and the click repeated if a refresh swallowed it. */
  async expand(row: Locator): Promise<void> {
    await this.setExpanded(row, true);
  }

  async collapse(row: Locator): Promise<void> {
    await this.setExpanded(row, false);
  }

  private async setExpanded(row: Locator, expanded: boolean): Promise<void> {
    await row.waitFor({ timeout: timeouts.cluster });
    const want = String(expanded);
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await row.getAttribute('aria-expanded')) === want) return;
      await row.locator('.monaco-tl-twistie').click();
      const settled = await waitUntil(
        `aria-expanded=${want}`,
        async () => (await row.getAttribute('aria-expanded')) === want,
        5000,
      )
        .then(() => true)
        .catch(() => false);
      if (settled) return;
    }
    const label = await row.locator('.label-name').textContent();
    throw new Error(`tree row "${label}" did not become ${expanded ? 'expanded' : 'collapsed'}`);
  }

  /**
   * The rendered rows of a pane in list order (VS Code reuses row elements, so DOM order is not list order): label,
   * description (what the user reads), depth, list index and whether the row is expanded.
   */
  async visibleTree(
    pane: Locator,
  ): Promise<
    Array<{ index: number; level: number; label: string; description: string; aria: string; expanded: boolean }>
  > {
    const rows = await this.treeRows(pane).evaluateAll((els) =>
      els.map((row) => ({
        index: Number(row.getAttribute('data-index')),
        level: Number(row.getAttribute('aria-level')),
        label: row.querySelector('.label-name')?.textContent ?? '',
        description: row.querySelector('.label-description')?.textContent ?? '',
        aria: row.getAttribute('aria-label') ?? '',
        expanded: row.getAttribute('aria-expanded') === 'true',
      })),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), as a user would. */
  async openFile(relativePath: string): Promise<Locator> {
    const input = await this.openQuickInput('');
    await input.fill(relativePath);
    const base = relativePath.split('/').pop()!;
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first();
    await row.waitFor({ timeout: timeouts.ui });
    // The matching row itself, not Enter: Enter opens the highlighted row, which can still be a recent file while
    // the search results arrive.
    await row.click();
    // The file's tab must become the active one: a tab of it left open by an earlier step does not count, and
    // Quick Open does not always switch to a file that is already open, so its tab is then clicked.
    const active = this.page
      .locator(`.editor-group-container.active .tabs-container .tab.active[aria-label^="${base}"]`)
      .first();
    const opened = await active.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (!opened) await this.page.locator(`.tabs-container .tab[aria-label^="${base}"]`).first().click();
    await active.waitFor({ timeout: timeouts.ui });
    const editor = this.activeEditor();
    await editor.locator('.view-lines').waitFor({ timeout: timeouts.ui });
    return editor;
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Text of the active editor's rendered lines (enough for the small manifests of the sample workspace). */
  async editorText(): Promise<string> {
    return this.activeEditor()
      .locator('.view-lines')
      .evaluate((el) => {
        const lines = Array.from((el as unknown as DomElement).querySelectorAll('.view-line'));
        lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
        return lines.map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
      });
  }

  /** Moves the cursor with "Go to Line/Column" (1-based). */
  async goTo(line: number, column: number): Promise<void> {
    await this.activeEditor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: timeouts.ui });
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
  }

  statusBarItem(textOrId: string | RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item', { hasText: textOrId }).first();
  }

  /** Drags the side bar's sash so tree rows show their descriptions (phases, files) in screenshots. */
  async setSideBarWidth(width: number): Promise<void> {
    const sideBar = this.page.locator('.part.sidebar');
    const box = await sideBar.boundingBox();
    if (!box || Math.abs(box.width - width) < 4) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await waitUntil(
      'the side bar to resize',
      async () => {
        const now = await sideBar.boundingBox();
        return now !== null && Math.abs(now.width - box.width) > 4;
      },
      timeouts.ui,
    );
  }

  /** Closes quick inputs, suggest/hover widgets and menus (Escape until none is visible). */
  async dismissWidgets(): Promise<void> {
    const open = this.page.locator(
      '.quick-input-widget:visible, .suggest-widget.visible, .action-widget:visible, .monaco-hover:visible, ' +
        '.context-view .monaco-menu:visible, .monaco-dialog-box:visible',
    );
    for (let i = 0; i < 4 && (await open.count()) > 0; i++) await this.page.keyboard.press('Escape');
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file, type: 'png' });
  }
}
