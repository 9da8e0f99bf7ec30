// The explorer's declared contextValues (client/src/model/contextValues.ts) and package.json's
// view/item/context menus agree: every `viewItem` clause matches some value the tree produces, and every
// value gets exactly the commands MENU_CONTRACT says it offers. Renaming either side fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import {
  CONTEXT_VALUES,
  MENU_CONTRACT,
  OBJECT_ACTION_TAGS,
  OBJECT_KIND_TAGS,
  allContextValues,
  objectContextValue,
  objectTags,
  type ContextValue,
  type ObjectTag,
} from '../../../../client/src/model/contextValues';
import { FAILURE_KINDS } from '../../../../client/src/model/errors';

interface MenuItem {
  command: string;
  when?: string;
}
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]> };
};

/** A menu item's `viewItem` clause as a predicate on contextValues (`==` or `=~ /re/`). */
function viewItemClause(when: string): ((value: string) => boolean) | undefined {
  const re = /viewItem\s*=~\s*\/(.+?)\/([a-z]*)(?=\s|\)|$)/.exec(when);
  if (re) return (v) => new RegExp(re[1]!, re[2]).test(v);
  const eq = /viewItem\s*==\s*'?([\w.-]+)'?/.exec(when);
  if (eq) return (v) => v === eq[1];
  return undefined;
}

const clauses = Object.entries(pkg.contributes.menus).flatMap(([menu, items]) =>
  items.flatMap((m) => {
    const matches = viewItemClause(m.when ?? '');
    if (/viewItem/.test(m.when ?? '')) assert.ok(matches, `${menu} ${m.command}: a viewItem clause this test can read`);
    return matches ? [{ menu, command: m.command, when: m.when!, matches }] : [];
  }),
);

/** The commands MENU_CONTRACT says a value offers. */
function contracted(value: ContextValue): Set<string> {
  const fixed = (MENU_CONTRACT.values as Record<string, string[]>)[value];
  if (fixed) return new Set(fixed);
  if (value.startsWith('kubesense.error.')) return new Set(MENU_CONTRACT.error);
  assert.ok(value.startsWith('kubesense.object'), value);
  const tags = value.slice('kubesense.object'.length).split('.').filter(Boolean) as ObjectTag[];
  return new Set([...MENU_CONTRACT.object, ...tags.flatMap((t) => MENU_CONTRACT.objectTags[t])]);
}

/** The view/item/context commands whose clause matches this value. */
function offered(value: string): Set<string> {
  return new Set(clauses.filter((c) => c.menu === 'view/item/context' && c.matches(value)).map((c) => c.command));
}

const values = allContextValues();

test('the menus have viewItem clauses to check', () => {
  assert.ok(clauses.length >= 20, `${clauses.length} clauses`);
  assert.equal(new Set(values).size, values.length, 'no value declared twice');
});

test('every viewItem clause in package.json matches at least one declared contextValue', () => {
  for (const c of clauses)
    assert.ok(
      values.some((v) => c.matches(v)),
      `${c.menu} ${c.command}: "${c.when}" matches no contextValue the explorer produces`,
    );
});

test('every declared contextValue gets exactly the menu commands it is meant for', () => {
  for (const value of values) assert.deepEqual([...offered(value)].sort(), [...contracted(value)].sort(), value);
});

test('every command in the contract is offered by some value (no stale contract entries)', () => {
  const all = new Set(values.flatMap((v) => [...offered(v)]));
  const promised = [
    ...Object.values(MENU_CONTRACT.values).flat(),
    ...MENU_CONTRACT.error,
    ...MENU_CONTRACT.object,
    ...Object.values(MENU_CONTRACT.objectTags).flat(),
  ];
  for (const command of promised) assert.ok(all.has(command), command);
});

test('object values: tags in declared order, a kind tag first and at most one', () => {
  const r = (group: string, resource: string, verbs: string[]) => ({
    group,
    version: 'v1',
    resource,
    kind: resource,
    namespaced: true,
    verbs,
  });
  const cases: [ReturnType<typeof r>, string][] = [
    [r('', 'pods', ['get', 'delete', 'patch']), 'kubesense.object.pod.logs.deletable.patchable.forwardable'],
    [r('', 'secrets', ['get', 'delete', 'patch']), 'kubesense.object.secret.deletable.patchable'],
    [r('', 'configmaps', ['get']), 'kubesense.object'],
    [
      r('apps', 'deployments', ['delete', 'patch']),
      'kubesense.object.logs.deletable.patchable.scalable.rollout.history.forwardable',
    ],
    [r('apps', 'daemonsets', ['delete']), 'kubesense.object.logs.deletable.rollout.forwardable'],
    [r('apps', 'replicasets', ['patch']), 'kubesense.object.logs.patchable.scalable.forwardable'],
    [r('example.com', 'deployments', ['delete']), 'kubesense.object.deletable'],
  ];
  for (const [resource, want] of cases) {
    const value = objectContextValue(objectTags(resource));
    assert.equal(value, want, `${resource.group}/${resource.resource}`);
    assert.ok(values.includes(value), `${value} is declared`);
  }
  assert.equal(OBJECT_KIND_TAGS.length + OBJECT_ACTION_TAGS.length, Object.keys(MENU_CONTRACT.objectTags).length);
  for (const kind of FAILURE_KINDS) assert.ok(values.includes(`kubesense.error.${kind}`));
  for (const v of Object.values(CONTEXT_VALUES)) assert.ok(values.includes(v));
});
