import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { WorkbenchError } from '../../shared/errors';
import type { SourceFile } from './pipeline';

/**
 * Fetches one page for import in the main process: http and https only, a
 * time limit for the whole fetch, a size limit, at most a few redirects (each
 * checked again), and only text or HTML answers.
 */

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5 };

export type PageFetcher = (url: string) => Promise<SourceFile>;

const ACCEPTED_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

function checkedUrl(value: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new WorkbenchError('invalid_input', `“${value}” is not a web address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WorkbenchError('invalid_input', `only http:// and https:// addresses can be imported, not ${url.protocol}`, { url: url.href });
  }
  if (url.username || url.password) throw new WorkbenchError('invalid_input', 'an address with a user name or password is not fetched');
  return url;
}

export function fetchPage(address: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<SourceFile> {
  const started = Date.now();
  const attempt = (url: URL, redirectsLeft: number): Promise<SourceFile> =>
    new Promise<SourceFile>((resolvePage, rejectPage) => {
      const remaining = limits.timeoutMs - (Date.now() - started);
      // One deadline for the whole fetch, redirects included (a slow trickle of bytes does not reset it).
      const timer = setTimeout(
        () => fail(new WorkbenchError('io', `${address}: no complete answer within ${Math.round(limits.timeoutMs / 1000)} s`, { url: address })),
        Math.max(1, remaining),
      );
      const resolve = (file: SourceFile): void => {
        clearTimeout(timer);
        resolvePage(file);
      };
      const reject = (error: unknown): void => {
        clearTimeout(timer);
        rejectPage(error);
      };
      const fail = (error: WorkbenchError): void => {
        request.destroy();
        reject(error);
      };
      const get = url.protocol === 'https:' ? httpsGet : httpGet;
      const request = get(
        url,
        { headers: { 'User-Agent': 'AnalystWorkbench/1 (article import)', Accept: 'text/html,application/xhtml+xml,text/plain;q=0.8' } },
        (response: IncomingMessage) => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400 && response.headers.location) {
            response.resume();
            if (redirectsLeft === 0) return fail(new WorkbenchError('io', `${address}: more than ${limits.maxRedirects} redirects`, { url: address }));
            let next: URL;
            try {
              next = checkedUrl(response.headers.location, url.href);
            } catch (error) {
              return fail(error as WorkbenchError);
            }
            attempt(next, redirectsLeft - 1).then(resolve, reject);
            return;
          }
          if (status < 200 || status >= 300) {
            response.resume();
            return fail(new WorkbenchError('io', `${url.href} answered ${status} ${response.statusMessage ?? ''}`.trim(), { url: url.href, status }));
          }
          const contentType = String(response.headers['content-type'] ?? '');
          if (contentType && !ACCEPTED_TYPES.test(contentType)) {
            response.resume();
            return fail(new WorkbenchError('unsupported_format', `${url.href} is ${contentType.split(';')[0]}, not a web page or text`, { url: url.href }));
          }
          const declared = Number(response.headers['content-length'] ?? 0);
          if (declared > limits.maxBytes) {
            return fail(new WorkbenchError('io', `${url.href} is larger than ${Math.round(limits.maxBytes / 1048576)} MB`, { url: url.href }));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limits.maxBytes)
              fail(new WorkbenchError('io', `${url.href} is larger than ${Math.round(limits.maxBytes / 1048576)} MB`, { url: url.href }));
            else chunks.push(chunk);
          });
          response.on('end', () => {
            if (size > limits.maxBytes) return;
            const name = decodeURIComponent(url.pathname.replace(/\/$/, '').split('/').pop() || url.hostname);
            resolve({ name, bytes: new Uint8Array(Buffer.concat(chunks)), url: url.href, ...(contentType ? { contentType } : {}) });
          });
          response.on('error', (error) => fail(new WorkbenchError('io', `${url.href}: ${error.message}`)));
        },
      );
      request.on('error', (error) => reject(new WorkbenchError('io', `${url.href}: ${error.message}`, { url: url.href })));
    });
  try {
    return attempt(checkedUrl(address), limits.maxRedirects);
  } catch (error) {
    return Promise.reject(error);
  }
}
