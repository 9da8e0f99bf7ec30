// The kubesense command line. Subcommands dispatch to kube/ and server/ code.
export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`kubesense: unknown command ${JSON.stringify(argv[0] ?? '')}\n`);
  return 1;
}
