// Issue scenarios 4–5: the language server in the real editor — squiggle at the right place, Problems
// entry, completion inside containers[0], hover description, and a quick fix that edits the document.
import type { Scenario } from '../harness/runner';
import type { DomElement, DomNode } from '../harness/dom';
import { waitUntil } from '../harness/wait';
import { timeouts, type Workbench } from '../harness/workbench';
import type { E2eContext } from './context';

/** Whether an error squiggle overlaps the first occurrence of `text` on 1-based `line` of the active editor. */
async function squiggleOverlapsText(workbench: Workbench, line: number, text: string): Promise<boolean> {
  return workbench.activeEditor().evaluate(
    (editorElement, args) => {
      const editor = editorElement as unknown as DomElement;
      const lines = Array.from(editor.querySelectorAll('.view-lines .view-line'));
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      // The editor renders only visible lines; the sample files are short enough to be fully visible.
      const target = lines[args.line - 1];
      if (!target) return false;
      // The line's text nodes, to turn the character range of `text` into a DOM Range.
      const textNodes: DomNode[] = [];
      const collect = (node: DomNode) => {
        if (node.nodeType === 3) textNodes.push(node);
        for (const child of Array.from(node.childNodes)) collect(child);
      };
      collect(target);
      const start = textNodes
        .map((n) => n.textContent ?? '')
        .join('')
        .indexOf(args.text);
      if (start < 0) return false;
      const end = start + args.text.length;
      const range = editor.ownerDocument.createRange();
      let offset = 0;
      for (const node of textNodes) {
        const length = (node.textContent ?? '').length;
        if (start >= offset && start <= offset + length) range.setStart(node, start - offset);
        if (end >= offset && end <= offset + length) {
          range.setEnd(node, end - offset);
          break;
        }
        offset += length;
      }
      const textRect = range.getBoundingClientRect();
      const squiggles = Array.from(editor.querySelectorAll('.squiggly-error')).map((s) => s.getBoundingClientRect());
      return squiggles.some(
        (s) => s.top < textRect.bottom && s.bottom > textRect.top && s.left < textRect.right && s.right > textRect.left,
      );
    },
    { line, text },
  );
}

export const diagnosticsCompletionHover: Scenario<E2eContext> = {
  id: 'language',
  name: '4. a manifest error shows a squiggle and a Problems entry; completion offers container fields; hover describes',
  timeoutMs: 240_000,
  async run(ctx) {
    const { workbench } = ctx.session;
    const page = workbench.page;

    // Diagnostic: `containerPort: "http"` on line 12 of pod-with-errors.yaml must be an integer.
    await workbench.openFile('pod-with-errors.yaml');
    await waitUntil(
      'an error squiggle under "http" on line 12 of pod-with-errors.yaml',
      () => squiggleOverlapsText(workbench, 12, '"http"'),
      timeouts.language,
    );
    // Ctrl+Shift+M toggles the Problems panel: press it only when the panel is not shown yet.
    if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /integer/i }).first();
    await problem.waitFor({ timeout: timeouts.language });
    const problemText = (await problem.getAttribute('aria-label')) ?? (await problem.textContent()) ?? '';
    if (!/12/.test(problemText)) throw new Error(`the Problems entry should point at line 12: "${problemText}"`);
    await ctx.screenshot('diagnostic squiggle and Problems entry');

    // Completion: a new line in containers[0] of deployment.yaml (after `image:`, line 19).
    await workbench.openFile('deployment.yaml');
    await workbench.goTo(19, 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.editor-widget.suggest-widget.visible');
    await suggest.locator('.monaco-list-row').first().waitFor({ timeout: timeouts.language });
    await ctx.screenshot('completion list in containers[0]');
    const offered = await suggest
      .locator('.monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    // Fields of a Deployment's spec (not a container's) must not be offered here.
    if (offered.some((label) => /^(replicas|selector|strategy)\b/.test(label))) {
      throw new Error(`completion in containers[0] offers Deployment fields: ${offered.join(', ')}`);
    }
    // Typing filters the list the way a user narrows it.
    for (const field of ['imagePullPolicy', 'resources']) {
      await page.keyboard.type(field.slice(0, 6));
      await suggest.locator('.monaco-list-row', { hasText: field }).first().waitFor({ timeout: timeouts.language });
      for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
      if (!(await suggest.isVisible())) await page.keyboard.press('Control+Space');
    }
    await page.keyboard.press('Escape');
    await workbench.runCommand('File: Revert File');

    // Hover: spec.replicas of the Deployment (line 8).
    await workbench.goTo(8, 4);
    await workbench.runCommand('Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /desired pods/i }).first();
    await hover.waitFor({ timeout: timeouts.language });
    await ctx.screenshot('hover with the field description');
    await page.keyboard.press('Escape');
  },
};

export const quickFix: Scenario<E2eContext> = {
  id: 'quick-fix',
  name: '5. a quick fix for the removed policy/v1beta1 apiVersion changes the document',
  timeoutMs: 180_000,
  async run(ctx) {
    const { workbench } = ctx.session;
    const page = workbench.page;
    await workbench.openFile('pdb-deprecated.yaml');
    await workbench
      .activeEditor()
      .locator('.squiggly-error, .squiggly-warning')
      .first()
      .waitFor({ timeout: timeouts.language });
    await workbench.goTo(1, 14);
    const menu = page.locator('.action-widget');
    const fix = menu.locator('.monaco-list-row', { hasText: /policy\/v1\b/ }).first();
    // Ctrl+. can land before the editor has focus or its code actions (a loaded CI machine once showed the lightbulb
    // with no menu open): ask again until the menu offers the fix, within the same bound.
    await waitUntil(
      'the quick fix to policy/v1 in the Ctrl+. menu',
      async () => {
        if (await fix.isVisible()) return true;
        await page.keyboard.press('Escape');
        await workbench.goTo(1, 14);
        await page.keyboard.press('Control+.');
        return fix
          .waitFor({ timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
      },
      timeouts.language,
    );
    await ctx.screenshot('quick fix offered');
    await fix.click();
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: DomElement }).document;
        const first = Array.from(doc.querySelectorAll('.editor-group-container.active .view-line')).sort(
          (a, b) => parseFloat(a.style.top) - parseFloat(b.style.top),
        )[0];
        return (first?.textContent ?? '').replace(/\u00a0/g, ' ').trim() === 'apiVersion: policy/v1';
      },
      undefined,
      { timeout: timeouts.ui },
    );
    await ctx.screenshot('document after the quick fix');
    await workbench.runCommand('File: Revert File');
  },
};
