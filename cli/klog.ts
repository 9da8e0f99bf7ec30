// klog-style lines for -v=N, in kubectl's shape: `I1128 04:39:38.032763   15756 loader.go:402] message`.
import type { CommandIO } from './command';

export function klogLine(
  io: CommandIO,
  source: string,
  message: string,
  now = new Date(),
  severity: 'I' | 'W' | 'E' = 'I',
): void {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(now.getMonth() + 1)}${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)}`;
  io.stderr.write(`${severity}${stamp} ${String(process.pid).padStart(7)} ${source}] ${message}\n`);
}
