// The CLI framework: pflag's parsing rules, cobra's command lookup, and kubectl's error wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FlagError,
  FlagSpec,
  GLOBAL_FLAGS,
  commandWords,
  globalOptions,
  parseFlags,
  parseRequestTimeout,
} from '../../../cli/flags';
import { main } from '../../../cli/main';
import { formatTable } from '../../../cli/printers/tabwriter';

const LOCAL: FlagSpec[] = [
  { name: 'raw', kind: 'bool', description: '' },
  { name: 'output', short: 'o', kind: 'string', description: '' },
];
const specs = [...LOCAL, ...GLOBAL_FLAGS];

test('flags: --f v, --f=v, -f v, -fv, -f=v, interspersed, last wins, -- ends flags', () => {
  const p = parseFlags(
    [
      'a',
      '--namespace',
      'x',
      '-n=y',
      'b',
      '--context=c1',
      '--context',
      'c2',
      '-ojson',
      '--raw',
      '--',
      '--kubeconfig',
      'z',
    ],
    specs,
  );
  assert.deepEqual(p.args, ['a', 'b', '--kubeconfig', 'z']);
  assert.equal(p.values.get('namespace'), 'y');
  assert.equal(p.values.get('context'), 'c2');
  assert.equal(p.values.get('output'), 'json');
  assert.equal(p.values.get('raw'), true);
  assert.ok(p.changed.has('raw') && !p.changed.has('kubeconfig'));
  const g = globalOptions(
    parseFlags(['--kubeconfig', '/k', '--user=u', '--cluster', 'c', '-v', '6', '--request-timeout=5s'], specs),
  );
  assert.deepEqual(g, {
    kubeconfig: '/k',
    context: '',
    cluster: 'c',
    user: 'u',
    namespace: '',
    cacheDir: '',
    requestTimeout: '5s',
    verbosity: 6,
  });
  assert.equal(parseRequestTimeout('1m30s'), 90000);
  assert.equal(parseRequestTimeout('10'), 10000);
  assert.throws(() => parseRequestTimeout('abc'), /Invalid timeout value/);
});

test("flag errors use pflag's words", () => {
  const err = (argv: string[]) => {
    try {
      parseFlags(argv, specs);
    } catch (e) {
      assert.ok(e instanceof FlagError);
      return e.message;
    }
    return '';
  };
  assert.equal(err(['--nope']), 'unknown flag: --nope');
  assert.equal(err(['-x']), "unknown shorthand flag: 'x' in -x");
  assert.equal(err(['--context']), 'flag needs an argument: --context');
  assert.equal(err(['-n']), "flag needs an argument: 'n' in -n");
  assert.equal(
    err(['--raw=maybe']),
    'invalid argument "maybe" for "--raw" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
  );
  assert.equal(
    err(['-v=abc']),
    'invalid argument "abc" for "-v, --v" flag: strconv.ParseInt: parsing "abc": invalid syntax',
  );
});

test('command words are found the way cobra strips flags', () => {
  assert.deepEqual(commandWords(['--context', 'x', 'config', '-n', 'ns', 'view', '--raw'], specs), ['config', 'view']);
  assert.deepEqual(commandWords(['--context=x', 'config', '--', 'view'], specs), ['config']);
});

test('main: help exits 0, unknown commands exit 1 with a suggestion, usage errors name the command', async () => {
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main(argv, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: '/',
    });
    return { code, out, err };
  };
  const help = await run(['config', 'view', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage:\n {2}kubesense config view/);
  assert.match(help.out, /--minify/);
  const root = await run([]);
  assert.equal(root.code, 0);
  assert.match(root.out, /config/);
  const unknown = await run(['confg']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.err, 'error: unknown command "confg" for "kubesense"\n\nDid you mean this?\n\tconfig\n');
  const flag = await run(['config', 'current-context', '--bogus']);
  assert.deepEqual(flag, {
    code: 1,
    out: '',
    err: "error: unknown flag: --bogus\nSee 'kubesense config current-context --help' for usage.\n",
  });
  const proto = await run(['toString']);
  assert.equal(proto.code, 1, 'Object.prototype names are not commands');
  const helpCmd = await run(['help', 'config', 'view']);
  assert.equal(helpCmd.code, 0);
  assert.equal(helpCmd.out, help.out);
  const group = await run(['config']);
  assert.equal(group.code, 1);
  assert.match(group.err, /Available Commands:/);
});

test("tabwriter pads like kubectl's (minwidth 6, padding 3), last column unpadded", () => {
  assert.equal(
    formatTable([
      ['CURRENT', 'NAME', 'NS'],
      ['*', 'a-long-name', ''],
    ]),
    'CURRENT   NAME          NS\n*         a-long-name   \n',
  );
});
