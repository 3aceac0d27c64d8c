import { writeFileSync } from 'node:fs';

/**
 * `npm start` learns whether the desktop window appeared through a file it
 * names in WORKBENCH_LAUNCH_STATUS: the Electron door writes "shown" when the
 * window shows, "handed-over" when another instance already has the database
open (and brings its window forward), or "failed <why>" when it cannot get
that far. Anything else
 * (no file) means Electron ended on its own, and the launcher explains the exit.
 */
export const LAUNCH_STATUS_ENV = 'WORKBENCH_LAUNCH_STATUS';

export type LaunchStatus = 'shown' | 'handed-over' | `failed ${string}`;

export function reportLaunch(status: LaunchStatus, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[LAUNCH_STATUS_ENV];
  if (!file) return;
  try {
    writeFileSync(file, status);
  } catch {
    // The launcher is gone; nobody is waiting for the answer.
  }
}
