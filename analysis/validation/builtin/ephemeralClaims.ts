// The claims a pod's ephemeral volumes create are named `<pod>-<volume>` (ValidateVolumes, validateVolumeSource):
// the name must be a valid PersistentVolumeClaim name, and no persistentVolumeClaim volume may use one of them. The
// pod's name is the one validated: a Pod made with generateName gets its generated name first (the prefix and 5
// random characters, which never change a verdict but are printed as such). Templates keep their own name.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { quote } from '../../../kube/util/go/strconv';
import { dns1123Subdomain, generatedName } from './names';
import type { Obj, Problems } from './problems';

/** The pod name ephemeral claims are named after: as validated (`checked`) and as a message prints it. */
export interface PodName {
  checked: string;
  /** Made from generateName: random, so no claim name can be known to equal one it makes. */
  generated: boolean;
  /** Prints `<checked>-<volume>` as the server's %q would, the random characters said in words. */
  printClaim: (volume: string) => string;
}

/** The name in the metadata beside a pod spec (a Pod's, a template's); a top-level generateName's name too. */
export function podNameBeside(obj: Obj, specPath: FieldPath): PodName | undefined {
  let cur: unknown = obj;
  for (let i = 0; i < specPath.length - 1; i++) cur = isPlainObject(cur) ? cur[specPath[i]] : undefined;
  const meta = isPlainObject(cur) ? cur.metadata : undefined;
  if (!isPlainObject(meta)) return undefined;
  if (typeof meta.name === 'string' && meta.name !== '')
    return { checked: meta.name, generated: false, printClaim: (volume) => quote(`${meta.name as string}-${volume}`) };
  // Only the object itself is named by generateName (rest.BeforeCreate), not a template inside it.
  if (specPath.length !== 1 || typeof meta.generateName !== 'string' || meta.generateName === '') return undefined;
  const generated = generatedName(meta.generateName);
  const prefix = generated.printed.slice(0, generated.printed.indexOf(' + 5 random characters'));
  return {
    checked: generated.checked,
    generated: true,
    printClaim: (volume) => `${prefix} + 5 random characters + ${quote(`-${volume}`)}`,
  };
}

/** An ephemeral volume's claim name `<pod>-<volume>` is a valid PersistentVolumeClaim name. */
export function checkEphemeralClaimName(pr: Problems, p: FieldPath, volume: string, pod: PodName | undefined): void {
  if (!pod || volume === '') return;
  for (const msg of dns1123Subdomain(`${pod.checked}-${volume}`))
    pr.invalid([...p, 'name'], volume, `PVC name ${pod.printClaim(volume)}: ${msg}`);
}

/** A persistentVolumeClaim volume naming a claim one of the pod's ephemeral volumes creates (a named pod only). */
export function checkCreatedClaimReferences(pr: Problems, base: FieldPath, spec: Obj, pod: PodName | undefined): void {
  if (!pod || pod.generated || !Array.isArray(spec.volumes)) return;
  const created = new Set<string>();
  for (const v of spec.volumes)
    if (isPlainObject(v) && isPlainObject(v.ephemeral))
      created.add(`${pod.checked}-${typeof v.name === 'string' ? v.name : ''}`);
  if (created.size === 0) return;
  spec.volumes.forEach((v, i) => {
    const claim =
      isPlainObject(v) && isPlainObject(v.persistentVolumeClaim) ? v.persistentVolumeClaim.claimName : undefined;
    if (typeof claim === 'string' && created.has(claim))
      pr.invalid(
        [...base, 'volumes', i, 'persistentVolumeClaim', 'claimName'],
        claim,
        'must not reference a PVC that gets created for an ephemeral volume',
      );
  });
}
