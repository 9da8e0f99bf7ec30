// Coexistence with Red Hat's YAML extension: when it also validates Kubernetes files (its `yaml.schemas`
// maps the built-in "kubernetes" schema), users see every problem twice. Say so once, with the fix.
import * as vscode from 'vscode';
import type { Log } from './output';

export const RED_HAT_YAML = 'redhat.vscode-yaml';
const DISMISSED_KEY = 'kubesense.redHatYamlNoticeDismissed';

/** Globs Red Hat YAML validates against its Kubernetes schema (`yaml.schemas: { kubernetes: [...] }`). */
export function redHatKubernetesGlobs(schemas: Record<string, unknown> | undefined): string[] {
  if (!schemas) return [];
  const globs: string[] = [];
  for (const [schema, value] of Object.entries(schemas)) {
    if (schema !== 'kubernetes' && !/kubernetes-json-schema|yannh|instrumenta/.test(schema)) continue;
    globs.push(...(Array.isArray(value) ? value.map(String) : [String(value)]));
  }
  return globs;
}

export async function checkRedHatYaml(context: vscode.ExtensionContext, log: Log): Promise<void> {
  if (!vscode.extensions.getExtension(RED_HAT_YAML)) return;
  const globs = redHatKubernetesGlobs(
    vscode.workspace.getConfiguration('yaml').get<Record<string, unknown>>('schemas'),
  );
  log.info(
    `Red Hat YAML is installed${globs.length ? `; it validates ${globs.join(', ')} with its Kubernetes schema` : ' (no Kubernetes schema mapping: no duplicate diagnostics)'}`,
  );
  if (globs.length === 0 || context.globalState.get(DISMISSED_KEY)) return;
  const choice = await vscode.window.showInformationMessage(
    'Red Hat YAML also validates Kubernetes manifests here ("yaml.schemas" maps "kubernetes"), so problems may appear twice. kubesense validates against your cluster\'s own schemas.',
    'Open yaml.schemas',
    'Turn Off kubesense Validation',
    "Don't Show Again",
  );
  if (choice === 'Open yaml.schemas')
    await vscode.commands.executeCommand('workbench.action.openSettings', 'yaml.schemas');
  else if (choice === 'Turn Off kubesense Validation')
    await vscode.workspace
      .getConfiguration('kubesense')
      .update('validation.enabled', false, vscode.ConfigurationTarget.Global);
  else if (choice === "Don't Show Again") await context.globalState.update(DISMISSED_KEY, true);
}
