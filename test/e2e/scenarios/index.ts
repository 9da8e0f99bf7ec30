// The end-to-end scenarios in the order they run (they share one workbench).
import type { Scenario } from '../harness/runner';
import { applyAndDiffFile } from './applyDiff';
import type { E2eContext } from './context';
import { switchContextFromStatusBar } from './contextSwitch';
import { dryRunOffersEnable, editApplyClose, hoverShowsTypes, yamlViewManagedFields } from './editor';
import { configMapLive, contextsListed, namespacesKindsPods } from './explorer';
import { filterTree, opensOnKubernetesView, setNamespaceQuickPick } from './explorerDaily';
import { failuresAsTreeItems } from './failures';
import { diagnosticsCompletionHover, quickFix } from './language';
import { offlineSchemas } from './offline';
import { portForwardFromTree } from './portForward';
import { referencesAcrossFiles } from './references';
import { containerTerminal } from './terminal';
import { followPodLogs } from './podLogs';
import { workbenchLoads } from './workbench';
import { scaleAndRestart } from './workloads';
import { treeFollowsAfterHide } from './treeVisibility';

export const scenarios: Array<Scenario<E2eContext>> = [
  // First: it checks what shows before anything is clicked.
  opensOnKubernetesView,
  workbenchLoads,
  contextsListed,
  namespacesKindsPods,
  configMapLive,
  filterTree,
  setNamespaceQuickPick,
  diagnosticsCompletionHover,
  quickFix,
  // Before the context switch and the edited-copy diffs, which leave other editors and groups active.
  hoverShowsTypes,
  switchContextFromStatusBar,
  failuresAsTreeItems,
  yamlViewManagedFields,
  editApplyClose,
  applyAndDiffFile,
  dryRunOffersEnable,
  offlineSchemas,
  // Day-2 operations from the tree (issue 15), each opening its own kind.
  scaleAndRestart,
  treeFollowsAfterHide,
  portForwardFromTree,
  containerTerminal,
  followPodLogs,
  // Last: it leaves a rename preview's editors behind.
  referencesAcrossFiles,
];
