import { describe, expect, it } from 'vitest';
import { busyCoresFrom, useTextWorker } from '../../../../src/main/doors/cli/commands/import';

describe('useTextWorker (whether a CLI import finishes its texts in a second thread)', () => {
  it('from 4 cores, for 500 files or more, whatever the load', () => {
    expect(useTextWorker(10_000, undefined, 4, 7.5)).toBe(true);
    expect(useTextWorker(500, undefined, 8, 0)).toBe(true);
    expect(useTextWorker(499, undefined, 8, 0)).toBe(false);
  });

  it('on 2 or 3 cores only while a core is free (fewer than cores - 1 busy with other work)', () => {
    expect(useTextWorker(10_000, undefined, 2, 0)).toBe(true);
    expect(useTextWorker(10_000, undefined, 2, 0.4)).toBe(true);
    expect(useTextWorker(10_000, undefined, 2, 1)).toBe(false);
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

describe('busyCoresFrom', () => {
  it('counts the processes running now less this one on Linux, else takes the 1-minute average', () => {
    expect(busyCoresFrom('1.16 0.90 0.70 1/166 8917\n', 1.16)).toBe(0);
    expect(busyCoresFrom('2.74 1.57 1.12 3/166 8917\n', 2.74)).toBe(2);
    expect(busyCoresFrom(null, 0.4)).toBe(0.4);
    expect(busyCoresFrom('garbled', 1.5)).toBe(1.5);
  });
});
