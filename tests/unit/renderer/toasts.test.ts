import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentToasts, dismiss, dismissAll, dismissInfo, INFO_MILLISECONDS, notify } from '../../../src/renderer/src/state/toasts';
import { readFilesForImport } from '../../../src/renderer/src/file-import';

describe('toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    dismissAll();
    vi.useRealTimers();
  });

  it('leaving a view takes its information messages away and keeps the errors; one message can be taken back by its id', () => {
    const filled = notify('Filled “Peskov” from “Peskov said”.');
    notify('Could not save: the disk is full', 'error');
    notify('Copied 3 spans to your layer.');
    dismiss(filled);
    expect(currentToasts().map((t) => t.message)).toEqual(['Could not save: the disk is full', 'Copied 3 spans to your layer.']);
    dismissInfo();
    expect(currentToasts().map((t) => [t.kind, t.message])).toEqual([['error', 'Could not save: the disk is full']]);
  });

  it('collapse a repeated message into one with a count, and keep it for the full time after the last repeat', () => {
    notify('Select some text first.');
    vi.advanceTimersByTime(INFO_MILLISECONDS - 100);
    notify('Select some text first.');
    notify('Select some text first.');
    expect(currentToasts().map((t) => [t.message, t.count])).toEqual([['Select some text first.', 3]]);
    vi.advanceTimersByTime(INFO_MILLISECONDS - 100);
    expect(currentToasts()).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(currentToasts()).toHaveLength(0);
  });

  it('keep every error until dismissed, however many messages come after it', () => {
    notify('Could not save the change: gone', 'error');
    for (let i = 0; i < 10; i++) notify(`info ${i}`);
    vi.advanceTimersByTime(INFO_MILLISECONDS * 2);
    expect(currentToasts().map((t) => t.message)).toEqual(['Could not save the change: gone']);
  });

  it('tell an error from an information message with the same words', () => {
    notify('Same words');
    notify('Same words', 'error');
    expect(currentToasts().map((t) => t.kind)).toEqual(['info', 'error']);
  });
});

describe('readFilesForImport', () => {
  it('names every file that cannot be read, not only the first', async () => {
    const files = [
      new File(['Good text\n'], 'good.txt'),
      new File([new Uint8Array([0x25, 0x50, 0x44, 0x46])], 'report.pdf'),
      new File([new Uint8Array([0xff, 0xfe, 0x41, 0x00])], 'utf16.txt'),
    ];
    await expect(readFilesForImport(files)).rejects.toThrow(
      '2 of 3 files cannot be read: report.pdf: unsupported file type; import reads plain text (.txt, .md); utf16.txt is not valid UTF-8 text; convert it to UTF-8 first',
    );
  });
  it('reads good files exactly, BOM kept', async () => {
    expect(await readFilesForImport([new File(['\uFEFFa\r\nb'], 'a.md')])).toEqual([{ name: 'a.md', text: '\uFEFFa\r\nb' }]);
  });
});
