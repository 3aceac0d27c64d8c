/**
 * When a long-running command (serve) should stop: Ctrl+C, SIGTERM or
 * SIGHUP, or its parent going away (an `npx` or a terminal killed with
 * SIGKILL leaves its child orphaned; the child notices its parent process id
 * changed). The caller then closes the database cleanly.
 */
export function untilStopped(options: { pollMilliseconds?: number; onStop?: (why: string) => void } = {}): Promise<void> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const stop = (why: string): void => {
      clearInterval(timer);
      for (const s of signals) process.removeListener(s, handlers[s]!);
      options.onStop?.(why);
      resolve();
    };
    const handlers: Partial<Record<NodeJS.Signals, () => void>> = {};
    for (const s of signals) {
      handlers[s] = () => stop(s);
      process.once(s, handlers[s]!);
    }
    const timer = setInterval(() => {
      if (process.ppid !== parent) stop('parent process gone');
    }, options.pollMilliseconds ?? 500);
    timer.unref();
  });
}
