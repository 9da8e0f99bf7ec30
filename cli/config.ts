// `kubesense config …`: kubectl's config subcommands over kube/kubeconfig, with kubectl 1.32's output and errors.
import type { LoadOptions, LoadedConfig } from '../kube/kubeconfig/loader';
import { aggregate } from '../kube/kubeconfig/loader';
import { setContext, startingConfig, useContext } from '../kube/kubeconfig/modify';
import { flattenConfig, minifyConfig, printConfig, shortenConfig } from '../kube/kubeconfig/view';
import { compareStrings } from '../kube/util/go';
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import { formatTable } from './printers/tabwriter';
import { JSONPathExecutionError, executeJSONPath, parseJSONPath } from './jsonpath';
import { configToV1, toJSONValue } from '../kube/kubeconfig/codec';
import * as fs from 'node:fs';
import { klogLine } from './klog';

function loadOptions(ctx: CommandContext): LoadOptions {
  return { explicitPath: ctx.global.kubeconfig || undefined, env: ctx.io.env, cwd: ctx.io.cwd };
}

/** kubectl's GetStartingConfig, plus the loader's klog lines at -v=1 (all files missing) and -v=6 (files loaded). */
function starting(ctx: CommandContext): LoadedConfig {
  const loaded = startingConfig(loadOptions(ctx));
  const v = ctx.global.verbosity;
  if (
    v >= 1 &&
    !loaded.explicitPath &&
    ctx.io.env.KUBECONFIG &&
    loaded.loadedFiles.length === 0 &&
    loaded.missingFiles.length > 0
  ) {
    klogLine(ctx.io, 'loader.go:140', `Config not found: ${loaded.missingFiles.join(', ')}`);
  }
  if (v >= 6) for (const f of loaded.loadedFiles) klogLine(ctx.io, 'loader.go:402', `Config loaded from file:  ${f}`);
  return loaded;
}

/** Go's %v of a []string: `[a b]`. */
const goList = (xs: string[]) => `[${xs.join(' ')}]`;

const PRINTER_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** `-o jsonpath=TEMPLATE` → ['jsonpath', 'TEMPLATE']; `-o yaml` → ['yaml', undefined]. */
function splitOutput(output: string): [string, string | undefined] {
  const eq = output.indexOf('=');
  return eq < 0 ? [output, undefined] : [output.slice(0, eq), output.slice(eq + 1)];
}

function readTemplate(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CommandError(`error reading --template ${file}, ${(e as Error).message}`);
  }
}

const view: Command = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  long: 'Display merged kubeconfig settings or a specified kubeconfig file.',
  usage: '[flags] [options]',
  flags: [
    { name: 'raw', kind: 'bool', description: 'Display raw byte data and sensitive data' },
    {
      name: 'flatten',
      kind: 'bool',
      description:
        'Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)',
    },
    { name: 'minify', kind: 'bool', description: 'Remove all information not used by current-context from the output' },
    { name: 'merge', kind: 'bool', default: true, description: 'Merge the full hierarchy of kubeconfig files' },
    {
      name: 'output',
      short: 'o',
      kind: 'string',
      default: 'yaml',
      description: 'Output format. One of: (json, yaml).',
    },
  ],
  async run(ctx) {
    if (ctx.args.length !== 0) throw new UsageError(`unexpected arguments: ${goList(ctx.args)}`);
    const output = String(ctx.flags.values.get('output'));
    const [format, template] = splitOutput(output);
    if (!PRINTER_FORMATS.split(',').includes(format)) {
      throw new CommandError(
        `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${PRINTER_FORMATS}`,
      );
    }
    let jsonpath: ReturnType<typeof parseJSONPath> | undefined;
    if (format === 'jsonpath' || format === 'jsonpath-file') {
      if (template === undefined) throw new CommandError('template format specified but no template given');
      const text = format === 'jsonpath-file' ? readTemplate(template) : template;
      try {
        jsonpath = parseJSONPath(text);
      } catch (e) {
        if (e instanceof JSONPathExecutionError) {
          throw new CommandError(
            `error executing jsonpath ${JSON.stringify(text)}: Error executing template: ${e.message}.`,
          );
        }
        throw new CommandError(`error parsing jsonpath ${text}, ${(e as Error).message}`);
      }
    } else if (format !== 'yaml' && format !== 'json') {
      throw new CommandError(
        `--output ${format} is not supported by kubesense config view (use yaml, json or jsonpath)`,
      );
    }
    const explicit = Boolean(ctx.global.kubeconfig);
    const merge = ctx.flags.changed.has('merge') ? ctx.flags.values.get('merge') === true : true;
    if (!merge && !explicit) throw new CommandError('if merge==false a precise file must be specified');
    const loaded = starting(ctx);
    const config = loaded.config;
    if (ctx.flags.values.get('minify') === true) {
      if (ctx.global.context) config.currentContext = ctx.global.context;
      minifyConfig(config);
    }
    if (ctx.flags.values.get('flatten') === true) flattenConfig(config, ctx.io.cwd);
    else if (ctx.flags.values.get('raw') !== true) shortenConfig(config);
    if (jsonpath) {
      try {
        ctx.io.stdout.write(executeJSONPath(jsonpath, toJSONValue(configToV1(config))));
      } catch (e) {
        // kubectl appends the whole object here; it holds credentials, so only the template is shown.
        throw new CommandError(
          `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${(e as Error).message}.`,
        );
      }
      return 0;
    }
    ctx.io.stdout.write(printConfig(config, format as 'yaml' | 'json'));
    return 0;
  },
};

const currentContext: Command = {
  name: 'current-context',
  short: 'Display the current-context',
  long: 'Display the current-context.',
  async run(ctx) {
    const { config } = starting(ctx);
    if (!config.currentContext) throw new CommandError('current-context is not set');
    ctx.io.stdout.write(`${config.currentContext}\n`);
    return 0;
  },
};

const getContexts: Command = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  long: 'Display one or many contexts from the kubeconfig file.',
  usage: '[(-o|--output=)name)] [options]',
  flags: [
    {
      name: 'no-headers',
      kind: 'bool',
      description:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    { name: 'output', short: 'o', kind: 'string', description: 'Output format. One of: name' },
  ],
  async run(ctx) {
    const output = String(ctx.flags.values.get('output') ?? '');
    if (output !== '' && output !== 'name') {
      throw new CommandError(
        `--output ${output} is not available in kubectl config get-contexts; resetting to default output format`,
      );
    }
    const nameOnly = output === 'name';
    const showHeaders = !(ctx.flags.values.get('no-headers') === true || nameOnly);
    const { config } = starting(ctx);
    const errors: string[] = [];
    const toPrint: string[] = [];
    // Not push(...keys): spreading 200,000 names overflows the stack.
    if (ctx.args.length === 0) for (const name of config.contexts.keys()) toPrint.push(name);
    else {
      for (const name of ctx.args) {
        if (config.contexts.has(name)) toPrint.push(name);
        else errors.push(`context ${name} not found`);
      }
    }
    const rows: string[][] = [];
    if (showHeaders) rows.push(nameOnly ? ['CURRENT'] : ['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']);
    toPrint.sort(compareStrings);
    for (const name of toPrint) {
      const c = config.contexts.get(name)!;
      rows.push(
        nameOnly ? [name] : [config.currentContext === name ? '*' : ' ', name, c.cluster, c.authInfo, c.namespace],
      );
    }
    ctx.io.stdout.write(nameOnly ? rows.map((r) => r.join('\t') + '\n').join('') : formatTable(rows));
    if (errors.length > 0) throw new CommandError(aggregate(errors), 1, [...new Set(errors)]);
    return 0;
  },
};

const useContextCmd: Command = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  long: 'Set the current-context in a kubeconfig file.',
  usage: 'CONTEXT_NAME [options]',
  async run(ctx) {
    if (ctx.args.length !== 1) {
      ctx.io.stdout.write(ctx.help());
      throw new CommandError(`Unexpected args: ${goList(ctx.args)}`);
    }
    useContext(loadOptions(ctx), ctx.args[0]);
    ctx.io.stdout.write(`Switched to context ${JSON.stringify(ctx.args[0])}.\n`);
    return 0;
  },
};

const setContextCmd: Command = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig',
  long: 'Set a context entry in kubeconfig. Specifying a name that already exists will merge new fields on top of existing values for those fields.',
  usage: '[NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]',
  flags: [
    { name: 'current', kind: 'bool', description: 'Modify the current context' },
    { name: 'cluster', kind: 'string', description: 'cluster for the context entry in kubeconfig' },
    { name: 'user', kind: 'string', description: 'user for the context entry in kubeconfig' },
    { name: 'namespace', kind: 'string', description: 'namespace for the context entry in kubeconfig' },
  ],
  async run(ctx) {
    if (ctx.args.length > 1) {
      ctx.io.stdout.write(ctx.help());
      throw new CommandError(`Unexpected args: ${goList(ctx.args)}`);
    }
    const val = (n: string) => (ctx.flags.changed.has(n) ? String(ctx.flags.values.get(n)) : undefined);
    const res = setContext(loadOptions(ctx), {
      name: ctx.args[0] || undefined,
      current: ctx.flags.values.get('current') === true,
      namespace: val('namespace'),
      cluster: val('cluster'),
      user: val('user'),
    });
    ctx.io.stdout.write(`Context ${JSON.stringify(res.name)} ${res.existed ? 'modified' : 'created'}.\n`);
    return 0;
  },
};

export const command: Command = {
  name: 'config',
  short: 'Modify kubeconfig files',
  long: 'Modify kubeconfig files using subcommands like "kubesense config use-context my-context".',
  subcommands: [currentContext, getContexts, setContextCmd, useContextCmd, view],
};
