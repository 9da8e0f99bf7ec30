// `kubesense check --references`: the cross-file rules over the checked files, off by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run as runCheck } from './run';
import { openapiDir, sharedK8s } from '../../analysis/validation/sharedData';

const run = (args: string[], cwd: string) => runCheck(args, {}, cwd);

test('check --references: a broken copy of microservices-demo gives exactly its two warnings; off by default', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-refs-'));
  try {
    fs.cpSync(path.join(sharedK8s, 'corpus/microservices-demo/kubernetes-manifests'), dir, { recursive: true });
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
    const cart = path.join(dir, 'cartservice.yaml');
    fs.writeFileSync(
      cart,
      fs.readFileSync(cart, 'utf8').replace('  selector:\n    app: cartservice\n', '  selector:\n    app: cart\n'),
    );
    const email = path.join(dir, 'emailservice.yaml');
    fs.writeFileSync(
      email,
      fs
        .readFileSync(email, 'utf8')
        .replace(
          'kind: ServiceAccount\nmetadata:\n  name: emailservice',
          'kind: ServiceAccount\nmetadata:\n  name: mail',
        ),
    );
    const schemas = ['--schema-dir', openapiDir('1.35')];
    const plain = await run(['check', '.', ...schemas], dir);
    assert.equal(plain.stdout, '', 'no reference rules without --references');
    const r = await run(['check', '.', ...schemas, '--references'], dir);
    assert.equal(
      r.stdout,
      'cartservice.yaml:77:3: warning: Service selector app=cart matches no Pod template in the workspace in namespace "default". [spec.selector]\n' +
        'emailservice.yaml:30:27: warning: ServiceAccount "default/emailservice" is not defined in the workspace. [spec.template.spec.serviceAccountName]\n',
    );
    assert.match(r.stderr, /--references without --context: the given files are taken as everything that exists/);
    assert.match(r.stderr, /0 errors, 2 warnings/);
    assert.equal(r.code, 0, 'warnings do not fail the run');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
