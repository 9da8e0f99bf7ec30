// Day-2 workload operations kubectl builds from polymorphichelpers and the scale client: scale, rollout
// restart, status, history and undo.
export * from './status';
export * from './watch';
export * from './scale';
export * from './restart';
export * from './history';
export * from './deploymentutil';
