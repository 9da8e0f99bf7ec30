// The decoding plans are compiled at `npm run gen:proto` time (kube/protobuf/codegen/plans.ts) and read from
// generated/plans.json at run time, so a process decodes protobuf without loading any descriptor. These tests tie
// the table to the checked-in descriptors (protoc-gen-es's output) and check what the run time no longer loads.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScalarType, create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { allFiles } from '../../../../kube/protobuf/generated';
import gotags from '../../../../kube/protobuf/generated/gotags.json';
import { PodSchema } from '../../../../kube/protobuf/generated/k8s.io/api/core/v1/generated_pb';
import { UnknownSchema } from '../../../../kube/protobuf/generated/k8s.io/apimachinery/pkg/runtime/generated_pb';
import { planTable, type GoTags } from '../../../../kube/protobuf/codegen/plans';
import { Scalar } from '../../../../kube/protobuf/plan';
import { MAGIC, decodeObject, encodeObject } from '../../../../kube/protobuf/wire';

const repoRoot = path.resolve(__dirname, '../../../../..');

const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'shop', labels: { app: 'web' }, creationTimestamp: '2026-12-06T07:00:00Z' },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'registry.example/web:1.2',
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        resources: { requests: { cpu: '250m', memory: '64Mi' } },
      },
    ],
    terminationGracePeriodSeconds: 30,
  },
};

describe('protobuf decoding plans', () => {
  test('generated/plans.json is exactly what the checked-in descriptors and gotags.json compile to', () => {
    const checkedIn = fs.readFileSync(path.join(repoRoot, 'kube/protobuf/generated/plans.json'), 'utf8');
    assert.equal(planTable(allFiles, gotags as GoTags), checkedIn, 'plans.json differs: run npm run gen:proto');
  });

  test("the table's scalar numbers are descriptor.proto's (bufbuild's ScalarType)", () => {
    const pairs: [Scalar, ScalarType][] = [
      [Scalar.DOUBLE, ScalarType.DOUBLE],
      [Scalar.FLOAT, ScalarType.FLOAT],
      [Scalar.INT64, ScalarType.INT64],
      [Scalar.UINT64, ScalarType.UINT64],
      [Scalar.INT32, ScalarType.INT32],
      [Scalar.FIXED64, ScalarType.FIXED64],
      [Scalar.FIXED32, ScalarType.FIXED32],
      [Scalar.BOOL, ScalarType.BOOL],
      [Scalar.STRING, ScalarType.STRING],
      [Scalar.BYTES, ScalarType.BYTES],
      [Scalar.UINT32, ScalarType.UINT32],
      [Scalar.SFIXED32, ScalarType.SFIXED32],
      [Scalar.SFIXED64, ScalarType.SFIXED64],
      [Scalar.SINT32, ScalarType.SINT32],
      [Scalar.SINT64, ScalarType.SINT64],
    ];
    for (const [ours, theirs] of pairs) assert.equal(ours, theirs);
  });

  test('a body written from the plans is what the descriptors read (envelope and object)', () => {
    const body = encodeObject(POD);
    assert.deepEqual([...body.subarray(0, 4)], [...MAGIC]);
    const unknown = fromBinary(UnknownSchema, body.subarray(4));
    assert.equal(unknown.typeMeta?.apiVersion, 'v1');
    assert.equal(unknown.typeMeta?.kind, 'Pod');
    // Byte for byte what bufbuild writes for the same envelope (empty contentEncoding/contentType included).
    const expected = toBinary(
      UnknownSchema,
      create(UnknownSchema, {
        typeMeta: { apiVersion: 'v1', kind: 'Pod' },
        raw: unknown.raw,
        contentEncoding: '',
        contentType: '',
      }),
    );
    assert.deepEqual([...body.subarray(4)], [...expected]);
    const pod = fromBinary(PodSchema, unknown.raw!);
    assert.equal(pod.metadata?.name, 'web-0');
    assert.equal(pod.metadata?.labels.app, 'web');
    assert.equal(pod.metadata?.creationTimestamp?.seconds, BigInt(Date.parse('2026-12-06T07:00:00Z') / 1000));
    assert.equal(pod.spec?.terminationGracePeriodSeconds, 30n);
    const c = pod.spec?.containers[0];
    assert.equal(c?.image, 'registry.example/web:1.2');
    assert.equal(c?.ports[0].containerPort, 8080);
    assert.equal(c?.resources?.requests.cpu.string, '250m');
    // And read back by the plans into the JSON shape.
    const back = decodeObject(body) as typeof POD;
    assert.deepEqual(back.metadata.labels, { app: 'web' });
    assert.equal(back.metadata.creationTimestamp, '2026-12-06T07:00:00Z');
    assert.deepEqual(back.spec.containers[0].resources, { requests: { cpu: '250m', memory: '64Mi' } });
    assert.equal(back.spec.terminationGracePeriodSeconds, 30);
  });

  test('encoding and decoding load no descriptor (no generated message module, no bufbuild registry)', () => {
    const wire = path.join(repoRoot, 'out/kube/protobuf/wire.js');
    const script = `
      const { encodeObject, decodeObject } = require(${JSON.stringify(wire)});
      const pod = decodeObject(encodeObject(${JSON.stringify(POD)}));
      if (pod.metadata.name !== 'web-0') throw new Error('decoded the wrong pod');
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
    assert.ok(
      loaded.some((m) => m.endsWith(path.join('protobuf', 'plan.js'))),
      'the probe loaded kube/protobuf',
    );
    const descriptors = loaded.filter(
      (m) =>
        m.includes(path.join('protobuf', 'generated', 'k8s.io')) ||
        /@bufbuild[\\/]protobuf[\\/]dist[\\/]cjs[\\/](index|registry|codegenv\d[\\/])/.test(m),
    );
    assert.deepEqual(descriptors, []);
  });
});
