import type { Protocol, Session, WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';

/**
 * The window loads the renderer from a privileged custom scheme,
 * app://workbench/, instead of file:// (whose origin is shared by every local
 * file and whose URLs depend on how the OS spells the path). Only that origin
 * may call IPC; the session grants no permissions; the CSP travels with every
 * response of the app scheme only.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Sent with every response the renderer loads (index.html keeps a matching meta tag). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'none'",
].join('; ');

/** The privileges of app:// (call before the app is ready). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export type AppRequest = { file: string; contentType: string } | { status: 400 | 404; reason: string };

type PathApi = Pick<typeof nodePath, 'extname' | 'isAbsolute' | 'join' | 'relative' | 'resolve'>;

/** Which file of the built renderer an app:// URL names; anything outside it is refused. */
export function resolveAppRequest(url: string, rendererDir: string, path: PathApi = nodePath): AppRequest {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return { status: 404, reason: `${parsed.host} is not this app` };
  let wanted: string;
  try {
    wanted = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400, reason: 'bad path encoding' };
  }
  if (wanted.includes('\0')) return { status: 400, reason: 'bad path' };
  if (wanted === '/' || wanted === '') wanted = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(path.join(root, wanted));
  const inside = path.relative(root, file);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside)) return { status: 404, reason: `${parsed.pathname} is outside the app` };
  return { file, contentType: MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}

export async function appResponse(url: string, rendererDir: string): Promise<Response> {
  const request = resolveAppRequest(url, rendererDir);
  if ('status' in request) return new Response(request.reason, { status: request.status });
  try {
    const body = await readFile(request.file);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': request.contentType,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

/** Serves the built renderer on app://workbench/ in this session. */
export function serveRendererOnAppScheme(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir));
}

/** No camera, microphone, notifications, geolocation, clipboard reads, HID or USB: the workbench needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** The window shows the workbench and nothing else: no navigation, no new windows. */
export function lockDownNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Whether an IPC message comes from the app's own top-level page: app://workbench
 * (compared by scheme and host: Node's URL gives non-special schemes an opaque
 * "null" origin), or the electron-vite dev server's origin during development.
 */
export function isTrustedSenderUrl(url: string | undefined, devServerUrl: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin;
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST;
}

interface SenderEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

export function trustedSenderCheck(devServerUrl: string | undefined): (event: SenderEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent) return false;
    return isTrustedSenderUrl(frame.url, devServerUrl);
  };
}
