import type * as ReadabilityModule from '@mozilla/readability';
import type * as Linkedom from 'linkedom';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Tinyld from 'tinyld';
import type { HtmlTools } from '../../shared/formats/html-article';
import { PROJECT_ROOT } from '../paths';

/**
 * Libraries only an import needs, loaded when first used. Loaded with
 * everything else, they cost every CLI command, the browser host and the
 * app's service about 0.45 s at start (tinyld building its language models
 * about 0.25 s, linkedom about 0.2 s), though most of them never import a
 * file. They are required from the project's node_modules (dependencies, so
 * also in the packaged app) rather than bundled.
 */
function fromProject<T>(name: string): T {
  return createRequire(join(PROJECT_ROOT, 'package.json'))(name) as T;
}

let tinyldModule: typeof Tinyld | undefined;

/** tinyld, loaded on first use. */
export function tinyld(): typeof Tinyld {
  return (tinyldModule ??= fromProject<typeof Tinyld>('tinyld'));
}

/** For a bundle that carries tinyld itself (the text finisher's worker, which runs where the project's files may not be). */
export function provideTinyld(module: typeof Tinyld): void {
  tinyldModule = module;
}

let html: HtmlTools | undefined;

/** linkedom's DOM and Mozilla's Readability, loaded when the first web page is read. */
export function htmlTools(): HtmlTools {
  return (html ??= {
    parseHTML: fromProject<typeof Linkedom>('linkedom').parseHTML,
    Readability: fromProject<typeof ReadabilityModule>('@mozilla/readability').Readability,
  });
}
