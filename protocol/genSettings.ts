// `npm run gen:settings`: writes package.json's `contributes.configuration` from protocol/settings.ts, the one
// declaration of the `kubesense.*` settings. test/unit/protocol/settings.test.ts fails when the two drift apart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageJsonConfiguration } from './settings';

const file = path.resolve(process.argv[2] ?? 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
pkg.contributes.configuration = packageJsonConfiguration();
// JSON.stringify's layout is prettier's for package.json (its json-stringify parser).
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`${path.relative(process.cwd(), file)}: contributes.configuration written from protocol/settings.ts`);
