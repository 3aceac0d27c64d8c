import { describe, expect, it } from 'vitest';
import { useTextWorker } from '../../../../src/main/doors/cli/commands/import';

describe('useTextWorker (whether a CLI import finishes its texts in a second thread)', () => {
  it('from 4 cores, for 500 files or more, whatever the load', () => {
    expect(useTextWorker(10_000, undefined, 4, 7.5)).toBe(true);
    expect(useTextWorker(500, undefined, 8, 0)).toBe(true);
    expect(useTextWorker(499, undefined, 8, 0)).toBe(false);
  });

  it('on 2 or 3 cores only while a core is free (1-minute load under cores - 1)', () => {
    expect(useTextWorker(10_000, undefined, 2, 0.4)).toBe(true);
    expect(useTextWorker(10_000, undefined, 2, 1.0)).toBe(false);
    expect(useTextWorker(10_000, undefined, 2, 2.6)).toBe(false);
    expect(useTextWorker(10_000, undefined, 3, 1.5)).toBe(true);
    expect(useTextWorker(10_000, undefined, 3, 2.0)).toBe(false);
  });

  it('never on one core; WORKBENCH_IMPORT_THREADS=1 or =2 decides whatever the machine', () => {
    expect(useTextWorker(10_000, undefined, 1, 0)).toBe(false);
    expect(useTextWorker(10_000, '1', 8, 0)).toBe(false);
    expect(useTextWorker(10, '2', 1, 9)).toBe(true);
  });
});
