// Validation's plain diagnostics -> LSP diagnostics. The fix travels in `data` so code actions are 1:1 with it.
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { KubeDiagnostic, KubeSeverity } from '../validation/types';

export const DIAGNOSTIC_SOURCE = 'kubesense';

const SEVERITY: Record<KubeSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: KubeDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: d.code,
    message: d.message,
  };
  if (d.code === 'deprecated-api') out.tags = [DiagnosticTag.Deprecated];
  if (d.fix || d.field) out.data = { field: d.field, fix: d.fix };
  return out;
}
