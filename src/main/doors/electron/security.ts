import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { pathToFileURL } from 'node:url';

/** Sent with every response the renderer loads (index.html keeps a matching meta tag). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

export function installContentSecurityPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** The window shows the workbench and nothing else: no navigation, no new windows. */
export function lockDownNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Answers IPC only from the page the app loaded: the built renderer folder,
 * or the electron-vite dev server when `rendererUrl` is one.
 */
export function trustedSenderCheck(rendererDir: string, rendererUrl: string | undefined): (event: IpcMainInvokeEvent) => boolean {
  const allowed = rendererUrl ? new URL(rendererUrl).origin : `${pathToFileURL(rendererDir).href}/`;
  return (event) => {
    const url = event.senderFrame?.url;
    if (!url) return false;
    return rendererUrl ? safeOrigin(url) === allowed : url.startsWith(allowed);
  };
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
