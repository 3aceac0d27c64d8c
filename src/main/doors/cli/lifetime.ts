import { readFileSync } from 'node:fs';

/**
 * When a long-running command (serve) should stop: Ctrl+C, SIGTERM or
 * SIGHUP, or the program that started it going away. A parent killed with
 * SIGKILL cannot tell its child, so the child watches: its parent process id
 * changes when the parent dies. `npx` starts the command through `sh -c`,
 * and that shell outlives a killed npx, so when the parent is such a shell
 * the shell's own parent is watched too (Linux, through /proc).
 */
export function untilStopped(options: { pollMilliseconds?: number; onStop?: (why: string) => void } = {}): Promise<void> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const wrapperParent = isShell(parent) ? parentOf(parent) : undefined;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const handlers = new Map<NodeJS.Signals, () => void>();
    const stop = (why: string): void => {
      clearInterval(timer);
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
      options.onStop?.(why);
      resolve();
    };
    for (const signal of signals) {
      const handler = (): void => stop(signal);
      handlers.set(signal, handler);
      process.once(signal, handler);
    }
    const timer = setInterval(() => {
      if (process.ppid !== parent) stop('parent process gone');
      else if (wrapperParent !== undefined && parentOf(parent) !== wrapperParent) stop('the program that started it is gone');
    }, options.pollMilliseconds ?? 500);
    timer.unref();
  });
}

/** The parent process id of `pid` (Linux /proc), or undefined where /proc is not available. */
function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isShell(pid: number): boolean {
  try {
    const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return ['sh', 'dash', 'bash', 'zsh', 'ash'].includes(name);
  } catch {
    return false;
  }
}
