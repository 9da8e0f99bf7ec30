// The end-to-end scenarios in the order they run (they share one workbench).
import type { Scenario } from '../harness/runner';
import type { E2eContext } from './context';
import { switchContextFromStatusBar } from './contextSwitch';
import { configMapLive, contextsListed, namespacesKindsPods } from './explorer';
import { failuresAsTreeItems } from './failures';
import { diagnosticsCompletionHover, quickFix } from './language';
import { workbenchLoads } from './workbench';

export const scenarios: Array<Scenario<E2eContext>> = [
  workbenchLoads,
  contextsListed,
  namespacesKindsPods,
  configMapLive,
  diagnosticsCompletionHover,
  quickFix,
  switchContextFromStatusBar,
  failuresAsTreeItems,
];
