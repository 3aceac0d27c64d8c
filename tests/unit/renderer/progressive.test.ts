// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterPaint, nextTask } from '../../../src/renderer/src/editor/progressive';

/**
 * When work that follows a key runs (issue 12): after the frame that paints the key's highlight, and
 * then behind input, timers and other tasks unless it is a write, which must not wait behind a long
 * article's drawing. The browser's frame and task queues are stood in for here, so the order is exact.
 */
describe('afterPaint and nextTask', () => {
  let frames: (() => void)[];
  let posted: { callback: () => void; priority: string }[];

  beforeEach(() => {
    frames = [];
    posted = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    vi.stubGlobal('scheduler', {
      postTask: (callback: () => void, options: { priority: string }) => {
        posted.push({ callback, priority: options.priority });
        return Promise.resolve();
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('runs nothing before the next frame, then posts the work at background priority', () => {
    const ran: string[] = [];
    afterPaint(() => ran.push('panels'));
    expect(posted).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]!();
    expect(posted.map((p) => p.priority)).toEqual(['background']);
    expect(ran).toEqual([]);
    posted[0]!.callback();
    expect(ran).toEqual(['panels']);
  });

  it('posts a write after the frame at user-visible priority, among other tasks and not behind them', () => {
    afterPaint(() => undefined, 'user-visible');
    afterPaint(() => undefined);
    for (const frame of frames) frame();
    expect(posted.map((p) => p.priority)).toEqual(['user-visible', 'background']);
  });

  it('does not wait for a frame a hidden page will never paint', () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    afterPaint(() => undefined);
    expect(frames).toEqual([]);
    expect(posted.map((p) => p.priority)).toEqual(['background']);
    visibility.mockRestore();
  });

  it('falls back to a message to itself where the browser has no task scheduler', async () => {
    vi.stubGlobal('scheduler', undefined);
    const ran = await new Promise<string>((resolve) => nextTask(() => resolve('ran'), 'background'));
    expect(ran).toBe('ran');
    expect(posted).toEqual([]);
  });
});
