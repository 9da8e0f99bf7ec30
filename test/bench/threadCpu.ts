// Preloaded (`node -r`) into a process measured by checkThreads.ts, where it also runs in every worker thread:
// at exit each thread appends its own CPU time (Linux's /proc/thread-self/schedstat, in ns) to the file named by
// KUBESENSE_THREAD_CPU_FILE, and the main thread the whole process's (every thread, V8's own ones included).
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.KUBESENSE_THREAD_CPU_FILE;
if (file)
  process.on('exit', () => {
    const threadMs = Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
    const cpu = process.cpuUsage();
    const processMs = isMainThread ? (cpu.user + cpu.system) / 1000 : undefined;
    fs.appendFileSync(file, `${JSON.stringify({ main: isMainThread, threadMs, processMs })}\n`);
  });
