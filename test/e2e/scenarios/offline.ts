// Issue 12: switching the editor to a context whose server is down keeps a valid manifest free of errors
// (the cached upstream schemas stand in for the cluster's) and the status bar says which schemas are in use.
// (The hover footer naming the source is covered by test/unit/server/offline.test.ts.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Scenario } from '../harness/runner';
import { e2eSchemaCache } from '../harness/session';
import { timeouts } from '../harness/workbench';
import { repoRoot } from '../harness/toolchain';
import { requireCluster, type E2eContext } from './context';
import { exact } from './explorer';

export const offlineSchemas: Scenario<E2eContext> = {
  id: 'offline-schemas',
  retries: 1,
  name: '8. a context whose server is down: a valid manifest stays free of errors; the status bar names the schemas',
  timeoutMs: 180_000,
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = workbench.page;
    // The upstream 1.35 documents as if downloaded before (linked from ../shared, never copied).
    const upstream = path.join(e2eSchemaCache(ctx.session.home), 'openapi-v3', '1.35');
    fs.mkdirSync(path.dirname(upstream), { recursive: true });
    if (!fs.existsSync(upstream)) fs.symlinkSync(path.resolve(repoRoot, '../shared/k8s/openapi-v3/1.35'), upstream);

    // Quick Open right after the workbench loads (this scenario alone) may not open the file at the first Enter.
    await workbench.openFile('deployment.yaml').catch(() => workbench.openFile('deployment.yaml'));
    // The context status bar item (as a user switches): whichever context is in use now.
    const contextItem = workbench.statusBarItem(new RegExp(`(${kubeconfigs.allContexts.join('|')}) / `));
    await contextItem.click();
    await workbench.pickQuickItem(exact(kubeconfigs.contexts.unreachable));
    await workbench.pickQuickItem(exact('Only in this editor'));
    await workbench.statusBarItem(kubeconfigs.contexts.unreachable).waitFor({ timeout: timeouts.cluster });

    // Before: every valid manifest red at once with `no matches for kind "Deployment" in version "apps/v1"`.
    const errors = workbench.activeEditor().locator('.squiggly-error');
    const noErrorsFor = async (ms: number) => {
      for (const start = Date.now(); Date.now() - start < ms;) {
        const count = await errors.count();
        if (count > 0) throw new Error(`a valid manifest shows ${count} error squiggle(s) with the cluster away`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await noErrorsFor(5_000);
    const schemas = workbench.statusBarItem(/schemas: upstream cache \(cluster away\)/);
    await schemas.waitFor({ timeout: timeouts.language });
    await noErrorsFor(2_000);

    // Hovering the status bar item says which schemas and why the cluster's are not used.
    await schemas.hover();
    await page
      .locator('.monaco-hover:not(.hidden)', { hasText: /Not using the cluster's own schemas/ })
      .first()
      .waitFor({ timeout: timeouts.ui });
    await ctx.screenshot('valid manifest without errors; the status bar names the schemas in use');
    await page.mouse.move(600, 300);

    await contextItem.click();
    await workbench.pickQuickItem(/Follow the kubeconfig again/);
  },
};
