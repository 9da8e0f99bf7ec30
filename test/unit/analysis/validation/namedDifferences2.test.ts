// Differences with kube-apiserver 1.35 named in the README as still open, closed from the 1.35 Go validation
// (pkg/apis/core/validation, pkg/volume/validation) and pinned with the server's messages, each probed with
// `kubectl.1.33 create --dry-run=server --validate=strict` on the test cluster: a container securityContext's
// privilege escalation conflicts (the internal struct printed as Go's JSON), hostProcess and OS-specific pod rules,
// the in-tree volume sources, an ephemeral volume's claim template, and a PersistentVolume's own spec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterStyleStore, errorMessages, storeFor } from './sharedData';

const store = storeFor('1.35');
const errors = (o: unknown) => errorMessages(store, o);
const pod = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec,
});
const pv = (metadata: Record<string, unknown>, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata,
  spec,
});

test("allowPrivilegeEscalation false with privileged or an added CAP_SYS_ADMIN: the whole internal struct, as Go's JSON", async () => {
  // Server: field.Invalid(securityContext, sc) marshals core.SecurityContext (Go field names, nil pointers as null, `<` as \u003c); one error per CAP_SYS_ADMIN. Before: nothing.
  assert.deepEqual(
    await errors(
      pod({
        containers: [
          {
            name: 'c',
            image: 'i',
            securityContext: {
              privileged: true,
              allowPrivilegeEscalation: false,
              capabilities: { add: ['CAP_SYS_ADMIN', 'a<b&'], drop: [] },
              seLinuxOptions: { user: 'u' },
              windowsOptions: { runAsUserName: 'x', hostProcess: false },
              runAsUser: 5,
              runAsGroup: 6,
              runAsNonRoot: true,
              readOnlyRootFilesystem: false,
              procMount: 'Default',
              seccompProfile: { type: 'RuntimeDefault' },
              appArmorProfile: { type: 'Localhost', localhostProfile: 'x' },
            },
          },
        ],
      }),
    ),
    [
      'spec.containers[0].securityContext: Invalid value: {"Capabilities":{"Add":["CAP_SYS_ADMIN","a\\u003cb\\u0026"],"Drop":[]},"Privileged":true,"SELinuxOptions":{"User":"u","Role":"","Type":"","Level":""},"WindowsOptions":{"GMSACredentialSpecName":null,"GMSACredentialSpec":null,"RunAsUserName":"x","HostProcess":false},"RunAsUser":5,"RunAsGroup":6,"RunAsNonRoot":true,"ReadOnlyRootFilesystem":false,"AllowPrivilegeEscalation":false,"ProcMount":"Default","SeccompProfile":{"Type":"RuntimeDefault","LocalhostProfile":null},"AppArmorProfile":{"Type":"Localhost","LocalhostProfile":"x"}}: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
      'spec.containers[0].securityContext: Invalid value: {"Capabilities":{"Add":["CAP_SYS_ADMIN","a\\u003cb\\u0026"],"Drop":[]},"Privileged":true,"SELinuxOptions":{"User":"u","Role":"","Type":"","Level":""},"WindowsOptions":{"GMSACredentialSpecName":null,"GMSACredentialSpec":null,"RunAsUserName":"x","HostProcess":false},"RunAsUser":5,"RunAsGroup":6,"RunAsNonRoot":true,"ReadOnlyRootFilesystem":false,"AllowPrivilegeEscalation":false,"ProcMount":"Default","SeccompProfile":{"Type":"RuntimeDefault","LocalhostProfile":null},"AppArmorProfile":{"Type":"Localhost","LocalhostProfile":"x"}}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
    ],
  );
  assert.deepEqual(
    await errors({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'i',
                securityContext: {
                  privileged: true,
                  allowPrivilegeEscalation: false,
                  windowsOptions: { gmsaCredentialSpec: 'x' },
                },
              },
            ],
          },
        },
      },
    }),
    [
      'spec.template.spec.containers[0].securityContext: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":{"GMSACredentialSpecName":null,"GMSACredentialSpec":"x","RunAsUserName":null,"HostProcess":null},"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
    ],
  );
});

test('procMount Unmasked needs hostUsers: false', async () => {
  assert.deepEqual(
    await errors(
      pod({
        os: { name: 'plan9' },
        containers: [{ name: 'c', image: 'i', securityContext: { procMount: 'Unmasked' } }],
      }),
    ),
    [
      'spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`',
      'spec.os: Unsupported value: "plan9": supported values: "linux", "windows"',
    ],
  );
});

test("hostProcess pods: all containers alike, hostNetwork, the pod's setting; windowsOptions' names (JSON-printed *string values)", async () => {
  assert.deepEqual(
    await errors(
      pod({
        securityContext: { windowsOptions: { hostProcess: true, runAsUserName: '' } },
        initContainers: [{ name: 'i', image: 'i', securityContext: { windowsOptions: { hostProcess: false } } }],
        containers: [
          { name: 'c', image: 'i' },
          {
            name: 'd',
            image: 'i',
            securityContext: {
              windowsOptions: { gmsaCredentialSpecName: 'Bad_', gmsaCredentialSpec: '', runAsUserName: 'a\\b\\c' },
            },
          },
        ],
      }),
    ),
    [
      'spec.containers[1].securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: "": gmsaCredentialSpec cannot be an empty string',
      "spec.containers[1].securityContext.windowsOptions.gmsaCredentialSpecName: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.containers[1].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash',
      'spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers',
      'spec.initContainers[0].securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess value must be identical if both are specified, was true',
      'spec.securityContext.windowsOptions.runAsUserName: Invalid value: "": runAsUserName cannot be an empty string',
      'spec: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers',
    ],
  );
  assert.deepEqual(
    await errors(
      pod({
        containers: [
          {
            name: 'c',
            image: 'i',
            securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'dom.\\...' } },
          },
          { name: 'd', image: 'i', securityContext: { windowsOptions: { runAsUserName: 'bad:dom\\u@x' } } },
          { name: 'e', image: 'i', securityContext: { windowsOptions: { runAsUserName: 'x\u0001' } } },
        ],
      }),
    ),
    [
      'spec.containers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "dom.\\\\...": runAsUserName\'s User cannot contain only periods or spaces',
      'spec.containers[1].securityContext.windowsOptions.runAsUserName: Invalid value: "bad:dom\\\\u@x": runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format',
      'spec.containers[1].securityContext.windowsOptions.runAsUserName: Invalid value: "bad:dom\\\\u@x": runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]',
      'spec.containers[2].securityContext.windowsOptions.runAsUserName: Invalid value: "x\\u0001": runAsUserName cannot contain control characters',
      'spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers',
      'spec: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers',
    ],
  );
});

test('os.name: required, linux or windows; a Linux pod without windowsOptions, a Windows pod without Linux-only fields', async () => {
  assert.deepEqual(
    await errors(
      pod({
        os: { name: 'linux' },
        securityContext: { windowsOptions: { runAsUserName: 'x' } },
        containers: [{ name: 'c', image: 'i', securityContext: { windowsOptions: { runAsUserName: 'x' } } }],
      }),
    ),
    [
      'spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
      'spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
    ],
  );
  assert.deepEqual(
    await errors(
      pod({
        os: { name: 'windows' },
        hostPID: true,
        hostIPC: true,
        shareProcessNamespace: false,
        hostUsers: true,
        securityContext: {
          appArmorProfile: { type: 'RuntimeDefault' },
          seLinuxOptions: {},
          seccompProfile: { type: 'RuntimeDefault' },
          fsGroup: 1,
          fsGroupChangePolicy: 'Always',
          sysctls: [{ name: 'a.b', value: '1' }],
          runAsUser: 1,
          runAsGroup: 1,
          supplementalGroups: [],
          supplementalGroupsPolicy: 'Merge',
          seLinuxChangePolicy: 'Recursive',
        },
        containers: [
          {
            name: 'c',
            image: 'i',
            securityContext: {
              appArmorProfile: { type: 'RuntimeDefault' },
              seLinuxOptions: {},
              seccompProfile: { type: 'RuntimeDefault' },
              capabilities: {},
              readOnlyRootFilesystem: false,
              privileged: false,
              allowPrivilegeEscalation: true,
              procMount: 'Default',
              runAsUser: 1,
              runAsGroup: 1,
            },
          },
        ],
      }),
    ),
    [
      'spec.containers[0].securityContext.allowPrivilegeEscalation: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.appArmorProfile: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.capabilities: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.procMount: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.readOnlyRootFilesystem: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.runAsGroup: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.seLinuxOptions: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.seccompProfile: Forbidden: cannot be set for a windows pod',
      'spec.hostIPC: Forbidden: cannot be set for a windows pod',
      'spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.hostUsers: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.appArmorProfile: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.fsGroup: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.fsGroupChangePolicy: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.runAsGroup: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.seLinuxChangePolicy: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.seLinuxOptions: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.seccompProfile: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.supplementalGroups: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.supplementalGroupsPolicy: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.sysctls: Forbidden: cannot be set for a windows pod',
      'spec.shareProcessNamespace: Forbidden: cannot be set for a windows pod',
    ],
  );
  assert.deepEqual(await errors(pod({ os: { name: '' }, containers: [{ name: 'c', image: 'i' }] })), [
    'spec.os.name: Required value',
  ]);
});

test('in-tree pod volume sources: iscsi, rbd, cephfs, fc, flexVolume, azure, quobyte, glusterfs, portworx, scaleIO, storageos, photon, vSphere, cinder, flocker, image', async () => {
  // OpenAPI's required lun, scaleIO secretRef and bare quobyte registry are not the server's (openapiToJsonSchema.ts).
  assert.deepEqual(
    await errors(
      pod({
        containers: [{ name: 'c', image: 'i' }],
        volumes: [
          {
            name: 'a',
            iscsi: { targetPortal: '', iqn: 'foo', lun: 300, chapAuthDiscovery: true, initiatorName: 'bar' },
          },
          { name: 'b', iscsi: { targetPortal: 'x', iqn: 'iqn.bad', lun: 0, initiatorName: 'eui.12' } },
          { name: 'c', rbd: { monitors: [], image: '' } },
          { name: 'd', cephfs: { monitors: [] } },
          { name: 'e', fc: { targetWWNs: ['a'], wwids: ['b'] } },
          { name: 'f', fc: {} },
          { name: 'g', fc: { targetWWNs: ['a'], lun: 256 } },
          { name: 'h', flexVolume: { driver: '', options: { 'kubernetes.io/x': '1', 'a.k8s.io': '2', ok: '3' } } },
          { name: 'i', azureFile: { secretName: '', shareName: '' } },
          { name: 'j', azureDisk: { diskName: '', diskURI: '', cachingMode: 'Bad', kind: 'Managed' } },
          { name: 'k', azureDisk: { diskName: 'a', diskURI: 'b', kind: 'Shared' } },
          { name: 'l', quobyte: { registry: '', volume: '' } },
          { name: 'm', quobyte: { registry: 'a:1,b', volume: 'v', tenant: 't' } },
          { name: 'n', glusterfs: { endpoints: '', path: '' } },
          { name: 'o', portworxVolume: { volumeID: '' } },
          { name: 'p', scaleIO: { gateway: '', system: '', volumeName: '', secretRef: {} } },
          { name: 'q', storageos: { volumeName: 'Bad_', volumeNamespace: 'Bad_', secretRef: { name: '' } } },
          { name: 'r', photonPersistentDisk: { pdID: '' } },
          { name: 's', vsphereVolume: { volumePath: '' } },
          { name: 't', cinder: { volumeID: '', secretRef: { name: '' } } },
          { name: 'u', flocker: { datasetName: 'a/b', datasetUUID: 'u' } },
          { name: 'v', flocker: {} },
          { name: 'w', image: { reference: '', pullPolicy: 'Sometimes' } },
          { name: 'x', emptyDir: {}, cephfs: { monitors: ['a'] } },
          {
            name: 'a123456789012345678901234567890123456789012345678901234567890',
            iscsi: {
              targetPortal: '1.2.3.4:3260',
              iqn: 'naa.1',
              lun: 0,
              initiatorName: 'iqn.2001-04.com.example:storage',
            },
          },
        ],
      }),
    ),
    [
      'spec.volumes[0].iscsi.initiatorname: Invalid value: "bar": must be valid format starting with iqn, eui, or naa',
      'spec.volumes[0].iscsi.iqn: Invalid value: "foo": must be valid format starting with iqn, eui, or naa',
      'spec.volumes[0].iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive',
      'spec.volumes[0].iscsi.secretRef: Required value',
      'spec.volumes[0].iscsi.targetPortal: Required value',
      'spec.volumes[10].azureDisk.diskURI: Unsupported value: "b": supported values: "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"',
      'spec.volumes[11].quobyte.registry: Required value: must be a host:port pair or multiple pairs separated by commas',
      'spec.volumes[11].quobyte.volume: Required value',
      'spec.volumes[12].quobyte.registry: Invalid value: "a:1,b": must be a host:port pair or multiple pairs separated by commas',
      'spec.volumes[13].glusterfs.endpoints: Required value',
      'spec.volumes[13].glusterfs.path: Required value',
      'spec.volumes[14].portworxVolume.volumeID: Required value',
      'spec.volumes[15].scaleIO.gateway: Required value',
      'spec.volumes[15].scaleIO.system: Required value',
      'spec.volumes[15].scaleIO.volumeName: Required value',
      'spec.volumes[16].storageos.secretRef.name: Required value',
      "spec.volumes[16].storageos.volumeName: Invalid value: \"Bad_\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      "spec.volumes[16].storageos.volumeNamespace: Invalid value: \"Bad_\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.volumes[17].photonPersistentDisk.pdID: Required value',
      'spec.volumes[18].vsphereVolume.volumePath: Required value',
      'spec.volumes[19].cinder.secretRef.name: Required value',
      'spec.volumes[19].cinder.volumeID: Required value',
      'spec.volumes[1].iscsi.initiatorname: Invalid value: "eui.12": must be valid format',
      'spec.volumes[1].iscsi.iqn: Invalid value: "iqn.bad": must be valid format',
      'spec.volumes[20].flocker.datasetName: Invalid value: "a/b": must not contain \'/\'',
      'spec.volumes[20].flocker: Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously',
      'spec.volumes[21].flocker: Required value: one of datasetName and datasetUUID is required',
      'spec.volumes[22].image.pullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.volumes[22].image.reference: Required value',
      'spec.volumes[23].cephFS: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[24].iscsi.iqn: Invalid value: "naa.1": must be valid format',
      'spec.volumes[24].name: Invalid value: "a123456789012345678901234567890123456789012345678901234567890": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
      'spec.volumes[2].rbd.image: Required value',
      'spec.volumes[2].rbd.monitors: Required value',
      'spec.volumes[3].cephfs.monitors: Required value',
      'spec.volumes[4].fc.lun: Required value: lun is required if targetWWNs is specified',
      'spec.volumes[4].fc.targetWWNs: Invalid value: ["a"]: targetWWNs and wwids can not be specified simultaneously',
      'spec.volumes[5].fc.targetWWNs: Required value: must specify either targetWWNs or wwids, but not both',
      'spec.volumes[6].fc.lun: Invalid value: 256: must be between 0 and 255, inclusive',
      'spec.volumes[7].flexVolume.driver: Required value',
      'spec.volumes[7].flexVolume.options[a.k8s.io]: Invalid value: "a.k8s.io": kubernetes.io and k8s.io namespaces are reserved',
      'spec.volumes[7].flexVolume.options[kubernetes.io/x]: Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved',
      'spec.volumes[8].azureFile.secretName: Required value',
      'spec.volumes[8].azureFile.shareName: Required value',
      'spec.volumes[9].azureDisk.cachingMode: Unsupported value: "Bad": supported values: "None", "ReadOnly", "ReadWrite"',
      'spec.volumes[9].azureDisk.diskName: Required value',
      'spec.volumes[9].azureDisk.diskURI: Required value',
      'spec.volumes[9].azureDisk.diskURI: Unsupported value: "": supported values: "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"',
    ],
  );
});

test('OpenAPI-required fields of volume sources that Go does not require, or requires with its own detail', async () => {
  assert.deepEqual(
    await errors(
      pod({
        containers: [{ name: 'c', image: 'i' }],
        volumes: [
          { name: 'a', scaleIO: { gateway: 'g', system: 's', volumeName: 'v' } },
          { name: 'b', quobyte: { volume: 'v' } },
          { name: 'c', iscsi: { targetPortal: '1.2.3.4', iqn: 'iqn.2001-04.com.example:storage' } },
          { name: 'd', scaleIO: { gateway: 'g', system: 's', secretRef: {} } },
        ],
      }),
    ),
    [
      'spec.volumes[1].quobyte.registry: Required value: must be a host:port pair or multiple pairs separated by commas',
      'spec.volumes[3].scaleIO.volumeName: Required value',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv1' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          local: { path: '/x' },
          nodeAffinity: { required: {} },
        },
      ),
    ),
    ['spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term'],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv2' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          scaleIO: { gateway: 'g', system: 's', volumeName: 'v' },
        },
      ),
    ),
    [],
  );
  assert.deepEqual(
    await errors(
      pv({ name: 'pv3' }, { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, quobyte: { volume: 'v' } }),
    ),
    ['spec.quobyte.registry: Required value: must be a host:port pair or multiple pairs separated by commas'],
  );
});

test("an ephemeral volume's claim template: metadata restrictions, the claim spec, the PVC name it makes, an image reference in pods only", async () => {
  assert.deepEqual(
    await errors({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [{ name: 'c', image: 'i' }],
            volumes: [
              { name: 'w', image: { reference: '' } },
              { name: 'e', ephemeral: {} },
              {
                name: 'f',
                ephemeral: {
                  volumeClaimTemplate: {
                    metadata: {
                      name: 'x',
                      namespace: 'y',
                      labels: { 'a b': 'c' },
                      annotations: { A_: 'x' },
                      generateName: 'g',
                      finalizers: ['a'],
                      uid: 'u',
                    },
                    spec: {
                      accessModes: [],
                      resources: { requests: { storage: '-1' } },
                      volumeMode: 'Bad',
                      storageClassName: 'Bad_',
                      dataSource: { kind: 'Foo', name: '' },
                      selector: { matchLabels: { 'a b': 'c' } },
                    },
                  },
                },
              },
              {
                name: 'g',
                ephemeral: {
                  volumeClaimTemplate: {
                    spec: {
                      accessModes: ['ReadWriteOnce'],
                      resources: {},
                      dataSource: { kind: 'PersistentVolumeClaim', name: 'a' },
                      dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'b' },
                    },
                  },
                },
              },
            ],
          },
        },
      },
    }),
    [
      'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate: Required value',
      "spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.metadata.annotations: Invalid value: \"A_\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.metadata.finalizers: Forbidden: cannot be set',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.metadata.generateName: Forbidden: cannot be set',
      "spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.metadata.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.metadata.namespace: Forbidden: cannot be set',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.metadata.uID: Forbidden: cannot be set',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.dataSource.name: Required value',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.dataSource: Invalid value: "Foo": must be \'PersistentVolumeClaim\' when referencing the default apiGroup',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "-1": must be greater than zero',
      "spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.selector.matchLabels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.storageClassName: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.volumeMode: Unsupported value: "Bad": supported values: "Block", "Filesystem"',
      'spec.template.spec.volumes[3].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value',
      'spec.template.spec.volumes[3].ephemeral.volumeClaimTemplate.spec: Invalid value: {}: must match dataSourceRef',
    ],
  );
  assert.deepEqual(
    await errors({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p2345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890',
        namespace: 'default',
      },
      spec: {
        containers: [{ name: 'c', image: 'i' }],
        volumes: [
          {
            name: 'e23456789012345678901234567890123456789012345678901234567890',
            ephemeral: {
              volumeClaimTemplate: {
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
              },
            },
          },
          { name: 'f', image: { reference: '' } },
        ],
      },
    }),
    [
      'spec.volumes[0].name: Invalid value: "e23456789012345678901234567890123456789012345678901234567890": PVC name "p2345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890-e23456789012345678901234567890123456789012345678901234567890": must be no more than 253 characters',
      'spec.volumes[1].image.reference: Required value',
    ],
  );
});

test("a claim template left empty, a claim's zero or negative storage, data sources", async () => {
  assert.deepEqual(
    await errors(
      pod({
        containers: [{ name: 'c', image: 'i' }],
        volumes: [
          { name: 'a', ephemeral: { volumeClaimTemplate: {} } },
          {
            name: 'b',
            ephemeral: {
              volumeClaimTemplate: {
                metadata: { finalizers: [], ownerReferences: [], generation: 0, name: '', labels: { a: 'b' } },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 0 } } },
              },
            },
          },
          {
            name: 'c',
            ephemeral: {
              volumeClaimTemplate: {
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  resources: { requests: { storage: '-1Gi' } },
                  dataSourceRef: { kind: 'X', name: 'y', apiGroup: 'Bad_', namespace: 'Bad_' },
                  dataSource: { kind: 'X', name: 'y' },
                },
              },
            },
          },
          { name: 'd', image: {} },
        ],
      }),
    ),
    [
      'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required',
      'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value',
      'spec.volumes[1].ephemeral.volumeClaimTemplate.metadata.finalizers: Forbidden: cannot be set',
      'spec.volumes[1].ephemeral.volumeClaimTemplate.metadata.ownerReferences: Forbidden: cannot be set',
      'spec.volumes[1].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "0": must be greater than zero',
      'spec.volumes[2].ephemeral.volumeClaimTemplate.spec.dataSource: Invalid value: "X": must be \'PersistentVolumeClaim\' when referencing the default apiGroup',
      "spec.volumes[2].ephemeral.volumeClaimTemplate.spec.dataSourceRef.apiGroup: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.volumes[2].ephemeral.volumeClaimTemplate.spec.dataSourceRef.namespace: Invalid value: \"Bad_\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.volumes[2].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero',
      'spec.volumes[2].ephemeral.volumeClaimTemplate.spec: Invalid value: {}: may not be specified when dataSourceRef.namespace is specified',
      'spec.volumes[3].image.reference: Required value',
    ],
  );
  assert.deepEqual(
    await errors({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'c', namespace: 'default' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '-1000m' } },
        dataSource: { kind: 'VolumeSnapshot', name: 's' },
        dataSourceRef: { kind: 'VolumeSnapshot', name: 's', apiGroup: 'snapshot.storage.k8s.io' },
        volumeAttributesClassName: 'Bad_',
      },
    }),
    [
      'spec.dataSource: Invalid value: "VolumeSnapshot": must be \'PersistentVolumeClaim\' when referencing the default apiGroup',
      'spec.resources[storage]: Invalid value: "-1": must be greater than zero',
      "spec.volumeAttributesClassName: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec: Invalid value: {}: must match dataSourceRef',
    ],
  );
  assert.deepEqual(
    await errors({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's', namespace: 'default' },
      spec: {
        serviceName: 's',
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            securityContext: { windowsOptions: { hostProcess: true } },
            hostNetwork: true,
            containers: [
              { name: 'c', image: 'i', securityContext: { privileged: true, allowPrivilegeEscalation: false } },
            ],
            initContainers: [
              {
                name: 'i',
                image: 'i',
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { add: ['CAP_SYS_ADMIN', 'CAP_SYS_ADMIN'] },
                },
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'v' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } },
          },
        ],
      },
    }),
    [
      'spec.template.spec.containers[0].securityContext: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
      'spec.template.spec.initContainers[0].securityContext: Invalid value: {"Capabilities":{"Add":["CAP_SYS_ADMIN","CAP_SYS_ADMIN"],"Drop":null},"Privileged":null,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":null,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":false,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
      'spec.volumeClaimTemplates[0].spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ],
  );
});

test("a PersistentVolume's capacity, local volume node affinity, reclaim policy, class names, access modes, one source", async () => {
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv1' },
        { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi', cpu: '1' }, local: { path: '/a/../b' } },
      ),
    ),
    [
      'spec.capacity: Unsupported value: {"cpu":"1","storage":"1Gi"}: supported values: "storage"',
      'spec.local.path: Invalid value: "/a/../b": must not contain \'..\'',
      'spec.nodeAffinity: Required value: Local volume requires node affinity',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv2' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '0' },
          persistentVolumeReclaimPolicy: 'Recycle',
          hostPath: { path: '/' },
          nodeAffinity: {},
          volumeMode: 'Bad',
          storageClassName: 'Bad_',
        },
      ),
    ),
    [
      'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
      'spec.nodeAffinity.required: Required value: must specify required node constraints',
      "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
      "spec.storageClassName: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.volumeMode: Unsupported value: "Bad": supported values: "Block", "Filesystem"',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv3' },
        { accessModes: [], capacity: {}, local: { path: '' }, nodeAffinity: { required: { nodeSelectorTerms: [] } } },
      ),
    ),
    [
      'spec.accessModes: Required value',
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: {}: supported values: "storage"',
      'spec.local.path: Required value',
      'spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv12' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi', memory: '1Gi' },
          nfs: { server: 'a', path: 'relative' },
          rbd: { monitors: ['a'], image: 'b' },
        },
      ),
    ),
    [
      'spec.capacity: Unsupported value: {"memory":"1Gi","storage":"1Gi"}: supported values: "storage"',
      'spec.nfs.path: Invalid value: "relative": must be an absolute path',
      'spec.rbd: Forbidden: may not specify more than 1 volume type',
    ],
  );
});

test("a PersistentVolume's node affinity terms, CSI secret references, mount-options annotation", async () => {
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv4', annotations: { 'volume.beta.kubernetes.io/mount-options': 'a' } },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          csi: {
            driver: 'Bad_',
            volumeHandle: '',
            controllerPublishSecretRef: {},
            nodePublishSecretRef: { name: 'Bad_', namespace: 'Bad_' },
            controllerExpandSecretRef: { name: 'a' },
            nodeExpandSecretRef: { namespace: 'b' },
          },
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'a b', operator: 'In', values: [] },
                    { key: 'a', operator: 'Exists', values: ['x'] },
                    { key: 'a', operator: 'Gt', values: ['1', '2'] },
                    { key: 'a', operator: 'In', values: ['b c'] },
                  ],
                  matchFields: [
                    { key: 'metadata.name', operator: 'Exists' },
                    { key: 'spec.x', operator: 'In', values: ['a'] },
                  ],
                },
              ],
            },
          },
        },
      ),
    ),
    [
      'metadata.annotations.volume.beta.kubernetes.io/mount-options: Forbidden: may not specify mount options for this volume type',
      'spec.csi.controllerExpandSecretRef.namespace: Required value',
      'spec.csi.controllerPublishSecretRef.name: Required value',
      'spec.csi.controllerPublishSecretRef.namespace: Required value',
      "spec.csi.driver: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'spec.csi.nodeExpandSecretRef.name: Required value',
      "spec.csi.nodePublishSecretRef.name: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "spec.csi.nodePublishSecretRef.namespace: Invalid value: \"Bad_\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.csi.volumeHandle: Required value',
      "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      "spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[3].values[0]: Invalid value: \"b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'spec.nodeAffinity.required.nodeSelectorTerms[0].matchFields[0].operator: Invalid value: "Exists": not a valid selector operator',
      'spec.nodeAffinity.required.nodeSelectorTerms[0].matchFields[1].key: Invalid value: "spec.x": not a valid field selector key',
    ],
  );
});

test("a PersistentVolume's in-tree sources as the …PersistentVolumeSource variants check them", async () => {
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv5' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          iscsi: {
            targetPortal: '',
            iqn: 'foo',
            lun: -1,
            chapAuthSession: true,
            secretRef: { name: '' },
            initiatorName: 'bar',
          },
          glusterfs: { endpoints: 'a', path: 'b' },
        },
      ),
    ),
    ['spec.iscsi: Forbidden: may not specify more than 1 volume type'],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv6' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          glusterfs: { endpoints: '', path: '', endpointsNamespace: 'Bad_' },
          flexVolume: { driver: '' },
        },
      ),
    ),
    [
      'spec.flexVolume.driver: Required value',
      'spec.glusterfs.endpoints: Required value',
      "spec.glusterfs.endpointsNamespace: Invalid value: \"Bad_\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.glusterfs.path: Required value',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv7' },
        { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, cinder: { volumeID: '', secretRef: {} } },
      ),
    ),
    [
      'spec.cinder.secretRef.name: Required value',
      'spec.cinder.secretRef.namespace: Required value',
      'spec.cinder.volumeID: Required value',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv8' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          azureFile: { secretName: '', shareName: '', secretNamespace: '' },
        },
      ),
    ),
    [
      'spec.azureFile.secretName: Required value',
      'spec.azureFile.secretNamespace: Required value',
      'spec.azureFile.shareName: Required value',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv9' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          storageos: { volumeName: '', secretRef: {} },
          volumeAttributesClassName: '',
        },
      ),
    ),
    [
      'spec.csi: Required value: has to be specified when using volumeAttributesClassName',
      'spec.storageos.secretRef.name: Required value',
      'spec.storageos.secretRef.namespace: Required value',
      'spec.storageos.volumeName: Required value',
      'spec.volumeAttributesClassName: Required value: an empty string is disallowed',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv10' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          glusterfs: { endpoints: 'a', path: 'b', endpointsNamespace: '' },
          volumeAttributesClassName: 'Bad_',
          claimRef: { name: 'x' },
        },
      ),
    ),
    [
      'spec.csi: Required value: has to be specified when using volumeAttributesClassName',
      'spec.glusterfs.endpointsNamespace: Invalid value: "": if the endpointnamespace is set, it must be a valid namespace name',
      "spec.volumeAttributesClassName: Invalid value: \"Bad_\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  );
  assert.deepEqual(
    await errors(pv({ name: 'pv11' }, { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } })),
    ['spec: Required value: must specify a volume type'],
  );
});

test("flexVolume is never forbidden beside another PV source; iscsi's <pv name>:<targetPortal> length; hostPath // recycled", async () => {
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv1', annotations: { 'volume.beta.kubernetes.io/mount-options': 'a' } },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '-1Gi' },
          nfs: { server: 'a', path: '/x' },
          flexVolume: { driver: 'd' },
          local: { path: '/x' },
        },
      ),
    ),
    [
      'spec.capacity[storage]: Invalid value: "-1Gi": must be greater than zero',
      'spec.capacity[storage]: Invalid value: -1073741824: must be a valid resource quantity',
      'spec.local: Forbidden: may not specify more than 1 volume type',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv2' },
        {
          accessModes: ['ReadWriteOnce'],
          flexVolume: { driver: 'd' },
          csi: { driver: 'd', volumeHandle: 'h' },
          persistentVolumeReclaimPolicy: 'Recycle',
        },
      ),
    ),
    [
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: null: supported values: "storage"',
      'spec.csi: Forbidden: may not specify more than 1 volume type',
    ],
  );
  assert.deepEqual(
    await errors(
      pv(
        { name: 'pv3-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
        {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          iscsi: {
            targetPortal: '1.2.3.4:3260',
            iqn: 'iqn.2001-04.com.example:storage',
            initiatorName: 'iqn.2001-04.com.example:x',
          },
          hostPath: { path: '//' },
          persistentVolumeReclaimPolicy: 'Recycle',
        },
      ),
    ),
    [
      'spec.iscsi: Forbidden: may not specify more than 1 volume type',
      "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
    ],
  );
});

// Probed on the test cluster (it publishes the node selector operator's enum); both stores must give its words.
const NODE_TERM = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]';
for (const [name, from] of [
  ['upstream 1.35, no published enum', store],
  ["the cluster's published enum", clusterStyleStore()],
] as const)
  test(`a selector operator outside the enum is Go's "not a valid selector operator" (${name})`, async () => {
    // Server: ValidateNodeSelectorRequirement / ValidateNodeFieldSelectorRequirement / ValidateLabelSelector give
    // field.Invalid, "" included. Before: the enum's "Unsupported value".
    const nodeTerm = {
      matchExpressions: [
        { key: 'a', operator: 'Foo', values: ['x'] },
        { key: 'b', operator: '', values: ['x'] },
      ],
      matchFields: [{ key: 'metadata.name', operator: 'Bar', values: ['node1'] }],
    };
    assert.deepEqual(
      await errorMessages(
        from,
        pod({
          securityContext: { seLinuxChangePolicy: 'Recursive' },
          containers: [{ name: 'c', image: 'nginx' }],
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [nodeTerm] },
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 1, preference: { matchExpressions: [{ key: 'a', operator: 'Baz', values: ['x'] }] } },
              ],
            },
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  topologyKey: 'k',
                  labelSelector: { matchExpressions: [{ key: 'a', operator: 'Qux', values: ['x'] }] },
                },
              ],
            },
          },
        }),
      ),
      [
        `${NODE_TERM}.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator`,
        `${NODE_TERM}.matchExpressions[1].operator: Invalid value: "": not a valid selector operator`,
        `${NODE_TERM}.matchFields[0].operator: Invalid value: "Bar": not a valid selector operator`,
        'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator: Invalid value: "Baz": not a valid selector operator',
        'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator: Invalid value: "Qux": not a valid selector operator',
      ].sort(),
    );
    assert.deepEqual(
      await errorMessages(
        from,
        pv(
          { name: 'pv1' },
          {
            capacity: { storage: '1Gi' },
            accessModes: ['ReadWriteOnce'],
            local: { path: '/x' },
            nodeAffinity: {
              required: { nodeSelectorTerms: [{ ...nodeTerm, matchExpressions: [nodeTerm.matchExpressions[0]] }] },
            },
          },
        ),
      ),
      [
        'spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator',
        'spec.nodeAffinity.required.nodeSelectorTerms[0].matchFields[0].operator: Invalid value: "Bar": not a valid selector operator',
      ],
    );
  });

test("a pod's seLinuxChangePolicy: only Recursive without the SELinuxMount feature gate (off in 1.35)", async () => {
  // Server: validateSELinuxChangePolicy with AllowOnlyRecursiveSELinuxChangePolicy. Before: MountOption accepted.
  for (const value of ['MountOption', 'Weird'])
    assert.deepEqual(
      await errors(
        pod({ securityContext: { seLinuxChangePolicy: value }, containers: [{ name: 'c', image: 'nginx' }] }),
      ),
      [`spec.securityContext.seLinuxChangePolicy: Unsupported value: "${value}": supported values: "Recursive"`],
    );
});

test('a workload selector LabelSelectorAsSelector refuses: "invalid label selector" (a StatefulSet without detail, a DaemonSet nothing) and no pod template checks', async () => {
  // Server: pkg/apis/apps/validation — the selector's own errors, then field.Invalid(selector) when it does not
  // convert, and ValidatePodTemplateSpecForReplicaSet (the whole template) only when it does. Before: no selector
  // error, and the template's bad label reported although the server skips the template.
  const workload = (kind: string, selector: Record<string, unknown>, labels: Record<string, string>) => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'w', namespace: 'default' },
    spec: {
      ...(kind === 'StatefulSet' ? { serviceName: 's' } : {}),
      selector,
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  });
  const cases: [unknown, string[]][] = [
    [
      workload(
        'Deployment',
        { matchLabels: { app: 'x', b: 'y' }, matchExpressions: [{ key: 'app', operator: 'Bad', values: ['x'] }] },
        { app: 'x', b: 'y' },
      ),
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Bad": not a valid selector operator',
        'spec.selector: Invalid value: {"matchLabels":{"app":"x","b":"y"},"matchExpressions":[{"key":"app","operator":"Bad","values":["x"]}]}: invalid label selector',
      ],
    ],
    [
      workload('ReplicaSet', { matchExpressions: [{ key: 'app', operator: 'In' }] }, { app: 'x' }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"In"}]}: invalid label selector',
      ],
    ],
    [
      workload(
        'StatefulSet',
        { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'app', operator: 'Exists', values: ['a'] }] },
        { app: 'x' },
      ),
      [
        "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        'spec.selector: Invalid value: {"matchLabels":{"app":"x"},"matchExpressions":[{"key":"app","operator":"Exists","values":["a"]}]}',
      ],
    ],
    [
      workload('DaemonSet', { matchExpressions: [{ key: 'bad key', operator: 'Exists' }] }, { app: 'x' }),
      [
        "spec.selector.matchExpressions[0].key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    [
      workload('Deployment', { matchLabels: { app: 'bad value!' } }, { app: 'bad value!' }),
      [
        "spec.selector.matchLabels: Invalid value: \"bad value!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        'spec.selector: Invalid value: {"matchLabels":{"app":"bad value!"}}: invalid label selector',
      ],
    ],
  ];
  for (const [object, server] of cases) assert.deepEqual((await errors(object)).sort(), [...server].sort());
});
