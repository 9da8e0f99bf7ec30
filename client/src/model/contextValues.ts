// The contextValue of every explorer tree item, declared once: package.json's view/item/context menus
// show a command when `viewItem =~ /…/` matches it, and VS Code never checks that the two agree.
// test/unit/client/model/contextValues.test.ts checks every menu clause against these values and every value
// against the commands MENU_CONTRACT says it offers, so renaming either side fails a test.
import { FAILURE_KINDS, type FailureKind } from './errors';
import type { ExplorerResource } from './kinds';
import { hasLogs } from './podLogs';
import { isForwardable } from './portForward';
import { supports } from './workloadActions';

/** Folder and message items: one fixed value each. */
export const CONTEXT_VALUES = {
  context: 'kubesense.context',
  /** The kubeconfig's current-context: Use Context is pointless on it. */
  currentContext: 'kubesense.context.current',
  namespace: 'kubesense.namespace.deletable.patchable',
  allNamespaces: 'kubesense.allNamespaces',
  clusterScope: 'kubesense.clusterScope',
  category: 'kubesense.category',
  apiGroup: 'kubesense.apiGroup',
  kind: 'kubesense.kind',
  /** An informational item (e.g. "No pods"). */
  message: 'kubesense.message',
} as const;

const OBJECT = 'kubesense.object';
const ERROR = 'kubesense.error';

/** What an object item is, right after `kubesense.object` (at most one). */
export const OBJECT_KIND_TAGS = ['secret', 'pod'] as const;
/** What can be done with an object, appended in this order when they apply. */
export const OBJECT_ACTION_TAGS = [
  'logs',
  'deletable',
  'patchable',
  'scalable',
  'rollout',
  'history',
  'forwardable',
] as const;
export type ObjectTag = (typeof OBJECT_KIND_TAGS)[number] | (typeof OBJECT_ACTION_TAGS)[number];

export type ContextValue =
  (typeof CONTEXT_VALUES)[keyof typeof CONTEXT_VALUES] | `${typeof OBJECT}${string}` | `${typeof ERROR}.${FailureKind}`;

/** An object item's tags, in contextValue order. */
export function objectTags(r: ExplorerResource): ObjectTag[] {
  const core = r.group === '';
  const applies: Record<ObjectTag, boolean> = {
    secret: core && r.resource === 'secrets',
    pod: core && r.resource === 'pods',
    logs: hasLogs(r),
    deletable: r.verbs.includes('delete'),
    patchable: r.verbs.includes('patch'),
    scalable: supports('scale', r),
    rollout: supports('restart', r),
    history: supports('undo', r),
    forwardable: isForwardable(r),
  };
  return [...OBJECT_KIND_TAGS, ...OBJECT_ACTION_TAGS].filter((t) => applies[t]);
}

export function objectContextValue(tags: readonly ObjectTag[]): ContextValue {
  return `${OBJECT}${tags.map((t) => '.' + t).join('')}`;
}

export function errorContextValue(kind: FailureKind): ContextValue {
  return `${ERROR}.${kind}`;
}

/** Every value the tree can produce (objects: each kind tag or none, with any set of action tags). */
export function allContextValues(): ContextValue[] {
  const out: ContextValue[] = [...Object.values(CONTEXT_VALUES), ...FAILURE_KINDS.map(errorContextValue)];
  const n = OBJECT_ACTION_TAGS.length;
  for (const kind of [undefined, ...OBJECT_KIND_TAGS])
    for (let mask = 0; mask < 1 << n; mask++) {
      const actions = OBJECT_ACTION_TAGS.filter((_, i) => mask & (1 << i));
      out.push(objectContextValue(kind ? [kind, ...actions] : actions));
    }
  return out;
}

/**
 * The view/item/context commands each item offers: the contract package.json's `when` clauses implement.
 * An object offers `object` plus the commands of each of its tags; an error item offers `error`.
 */
export const MENU_CONTRACT = {
  values: {
    [CONTEXT_VALUES.context]: [
      'kubesense.explorer.refresh',
      'kubesense.useContext',
      'kubesense.useContextInEditor',
      'kubesense.setNamespace',
      'kubesense.setNamespaceInEditor',
      'kubesense.copyName',
    ],
    [CONTEXT_VALUES.currentContext]: [
      'kubesense.explorer.refresh',
      'kubesense.useContextInEditor',
      'kubesense.setNamespace',
      'kubesense.setNamespaceInEditor',
      'kubesense.copyName',
    ],
    [CONTEXT_VALUES.namespace]: [
      'kubesense.explorer.refresh',
      'kubesense.setNamespace',
      'kubesense.setNamespaceInEditor',
      'kubesense.describe',
      'kubesense.openYaml',
      'kubesense.showEvents',
      'kubesense.editYaml',
      'kubesense.copyName',
      'kubesense.delete',
    ],
    [CONTEXT_VALUES.allNamespaces]: ['kubesense.explorer.refresh'],
    [CONTEXT_VALUES.clusterScope]: [],
    [CONTEXT_VALUES.category]: [],
    [CONTEXT_VALUES.apiGroup]: [],
    [CONTEXT_VALUES.kind]: ['kubesense.explorer.refresh', 'kubesense.copyName'],
    [CONTEXT_VALUES.message]: [],
  } satisfies Record<(typeof CONTEXT_VALUES)[keyof typeof CONTEXT_VALUES], string[]>,
  error: ['kubesense.explorer.retry'],
  object: ['kubesense.describe', 'kubesense.openYaml', 'kubesense.showEvents', 'kubesense.copyName'],
  objectTags: {
    secret: ['kubesense.showDecodedSecret'],
    pod: ['kubesense.openTerminal', 'kubesense.runInTerminal'],
    logs: ['kubesense.showLogs'],
    deletable: ['kubesense.delete'],
    patchable: ['kubesense.editYaml'],
    scalable: ['kubesense.scale'],
    rollout: ['kubesense.rolloutRestart', 'kubesense.rolloutStatus'],
    history: ['kubesense.rolloutUndo'],
    forwardable: ['kubesense.portForward'],
  } satisfies Record<ObjectTag, string[]>,
};
