import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseFile, readSource, type DecodedTextFile, type SourceFile } from '../../../src/main/import/pipeline';
import { TextFinisher } from '../../../src/main/import/text-finisher';

const encoder = new TextEncoder();
const RU = 'Стороны обменялись 75 пленными в субботу, сообщил посреднический комитет. Это первый обмен с начала января.\n';
const CLUTTERED =
  'News Feed\n\nTalks resume in Lisk, mediators say\n\n2 min read\nTalks resume in Lisk, mediators say\nDelegates at the table. (Piet Hallan / AFP via Getty Images)\n\nTalks resumed on Monday.\n\nRead more\nShow More\n';

/** 400 files: English prose (some of it long enough for a language guess), page clutter, Windows-1251, an empty file. */
function sources(): SourceFile[] {
  return Array.from({ length: 400 }, (_, i) => {
    const name = `folder/report-${i}.txt`;
    if (i % 50 === 7) return { name, bytes: iconv.encode(RU, 'windows-1251') };
    if (i % 10 === 3) return { name, bytes: encoder.encode(CLUTTERED.replace('Monday', `day ${i}`)) };
    if (i === 399) return { name, bytes: new Uint8Array() };
    const sentence = `Officials said the convoy reached the northern port on day ${i}, and the ceasefire held through the night despite shelling. `;
    return { name, bytes: encoder.encode(`Report ${i}\n\n${sentence.repeat(1 + (i % 4))}\n`) };
  });
}

async function finishAll(finisher: TextFinisher, files: SourceFile[], verbatim: boolean, letWorkerStart = true): Promise<unknown[]> {
  const decoded = files.map((f) => readSource(f, { verbatim }) as DecodedTextFile);
  finisher.begin(decoded, verbatim);
  try {
    // On a busy machine this thread could otherwise finish everything before the worker's first chunk.
    for (const until = Date.now() + 5000; letWorkerStart && finisher.chunksTakenByWorker() < 3 && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return decoded.map((_, i) => finisher.document(i));
  } finally {
    finisher.close();
  }
}

describe('TextFinisher (the CLI finishing plain texts in a worker thread while it stores)', () => {
  it('gives exactly what parsing each file on this thread gives, with the worker doing part of the work', async () => {
    const files = sources();
    const expected = files.map((f) => parseFile(f, {}).documents[0]);
    const finisher = new TextFinisher();
    // Where the sources and esbuild are present (here), the worker starts; the test would otherwise prove nothing about it.
    expect(await finisher.ready()).toBe(true);
    const documents = await finishAll(finisher, files, false);
    expect(documents).toEqual(expected);
    expect(finisher.workerChunks).toBeGreaterThan(0);
    expect(finisher.workerChunks + finisher.ownChunks).toBeGreaterThanOrEqual(Math.ceil(files.length / 32));
    // The details that are easy to lose on the way through another thread.
    expect(documents[7]).toMatchObject({ text: RU, language: 'ru', meta: { encoding: 'windows-1251' }, original: { mediaType: 'text/plain' } });
    expect(documents[3]).toMatchObject({ meta: { removedLines: expect.any(Array) }, original: { mediaType: 'text/plain' } });
    expect(documents[2]).toMatchObject({ language: 'en', original: null, meta: { languageDetectedBy: 'tinyld' } });
  });

  it('keeps plain text verbatim when asked, through the worker too', async () => {
    const files = sources();
    const finisher = new TextFinisher();
    await finisher.ready();
    expect(await finishAll(finisher, files, true)).toEqual(files.map((f) => parseFile(f, { verbatim: true }).documents[0]));
  });

  it('does all the work on this thread, with the same results, when there is no worker or it is not ready yet', async () => {
    const files = sources();
    const expected = files.map((f) => parseFile(f, {}).documents[0]);
    const without = new TextFinisher(false);
    expect(await finishAll(without, files, false, false)).toEqual(expected);
    expect(without.workerChunks).toBe(0);
    // Not awaited: the worker is still being bundled and started while this thread takes every chunk.
    const starting = new TextFinisher();
    expect(await finishAll(starting, files, false, false)).toEqual(expected);
  });

  it('takes over the remaining chunks when the worker starts after this thread has already handed out texts', async () => {
    const files = sources();
    const expected = files.map((f) => parseFile(f, {}).documents[0]);
    const decoded = files.map((f) => readSource(f, {}) as DecodedTextFile);
    const late = new TextFinisher();
    late.begin(decoded, false);
    try {
      // The worker is not running yet (it starts asynchronously): this thread finishes and hands out the first 100 texts.
      const documents = decoded.slice(0, 100).map((_, i) => late.document(i));
      expect(await late.ready()).toBe(true);
      for (const until = Date.now() + 5000; late.chunksTakenByWorker() < 6 && Date.now() < until;) await new Promise((resolve) => setTimeout(resolve, 10));
      for (let i = 100; i < decoded.length; i++) documents.push(late.document(i));
      expect(documents).toEqual(expected);
      expect(late.workerChunks).toBeGreaterThan(0);
    } finally {
      late.close();
    }
  });
});
