import { posix, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { instanceDataDir } from '../../../../src/main/doors/electron/instance';
import { CONTENT_SECURITY_POLICY, isTrustedSenderUrl, resolveAppRequest, trustedSenderCheck } from '../../../../src/main/doors/electron/security';

// The renderer's origin is app://workbench whatever folder the app lives in, so
// paths with lowercase drive letters, ~ [ ] % and spaces no longer change what
// the IPC sender check compares (issue 11 items 3 and 14).

const AWKWARD_DIRS = {
  posix: ['/home/ana maria/[work]~/100% done/out/renderer', '/tmp/a b/out/renderer'],
  win32: ['c:\\Users\\Ana Maria\\[work]~\\100% done\\out\\renderer', 'C:\\Program Files\\Workbench\\out\\renderer', '\\\\server\\share\\wb\\out\\renderer'],
};

describe('IPC sender check', () => {
  it('trusts the app page whatever the install folder is called', () => {
    for (const url of ['app://workbench/index.html', 'app://workbench/', 'app://WORKBENCH/index.html?x=1#y']) {
      expect(isTrustedSenderUrl(url, undefined), url).toBe(true);
    }
  });

  it('refuses file pages, other app hosts, web pages and junk', () => {
    const refused = [
      'file:///C:/Users/Ana%20Maria/%5Bwork%5D~/out/renderer/index.html',
      'file:///c:/app/out/renderer/index.html',
      'file:///home/ana/out/renderer/index.html',
      'app://evil/index.html',
      'app://workbench.evil/index.html',
      'apps://workbench/index.html',
      'http://workbench/index.html',
      'https://127.0.0.1/',
      'about:blank',
      'not a url',
      '',
    ];
    for (const url of refused) expect(isTrustedSenderUrl(url, undefined), url).toBe(false);
    expect(isTrustedSenderUrl(undefined, undefined)).toBe(false);
  });

  it('during development trusts the dev server origin only', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedSenderUrl('http://localhost:5173/src/index.html', dev)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSenderUrl('app://workbench/index.html', dev)).toBe(false);
  });

  it('refuses subframes and missing frames', () => {
    const check = trustedSenderCheck(undefined);
    expect(check({ senderFrame: { url: 'app://workbench/index.html', parent: null } })).toBe(true);
    expect(check({ senderFrame: { url: 'app://workbench/index.html', parent: {} } })).toBe(false);
    expect(check({ senderFrame: null })).toBe(false);
  });
});

describe('app:// file mapping', () => {
  it('maps app URLs into the renderer folder, POSIX and Windows forms, awkward names included', () => {
    for (const [api, dirs] of [
      [posix, AWKWARD_DIRS.posix],
      [win32, AWKWARD_DIRS.win32],
    ] as const) {
      for (const dir of dirs) {
        const index = resolveAppRequest('app://workbench/', dir, api);
        expect(index).toEqual({ file: api.join(api.resolve(dir), 'index.html'), contentType: 'text/html; charset=utf-8' });
        const asset = resolveAppRequest('app://workbench/assets/index-abc.js', dir, api);
        expect(asset).toEqual({ file: api.join(api.resolve(dir), 'assets', 'index-abc.js'), contentType: 'text/javascript; charset=utf-8' });
        const spaced = resolveAppRequest('app://workbench/assets/a%20b%5B1%5D~.css', dir, api);
        expect(spaced).toEqual({ file: api.join(api.resolve(dir), 'assets', 'a b[1]~.css'), contentType: 'text/css; charset=utf-8' });
      }
    }
  });

  it('refuses anything outside the renderer folder', () => {
    const outside = ['app://workbench/..%2f..%2fpackage.json', 'app://workbench/assets/..%5c..%5c..%5cpackage.json', 'app://other/index.html'];
    for (const url of outside) {
      expect(resolveAppRequest(url, AWKWARD_DIRS.win32[0]!, win32), url).toMatchObject({ status: 404 });
      // On POSIX a backslash is an ordinary file-name character, not a separator.
      if (!url.includes('%5c')) expect(resolveAppRequest(url, AWKWARD_DIRS.posix[0]!, posix), url).toMatchObject({ status: 404 });
    }
    // URL parsing already folds ../ and %2e%2e/ back inside the folder.
    expect(resolveAppRequest('app://workbench/%2e%2e/%2e%2e/index.html', '/r', posix)).toMatchObject({ file: '/r/index.html' });
    expect(resolveAppRequest('app://workbench/../index.html', '/r', posix)).toEqual({ file: '/r/index.html', contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('app://workbench/%E0%A4%A', '/r', posix)).toMatchObject({ status: 400 });
    expect(resolveAppRequest('app://workbench/a%00.js', '/r', posix)).toMatchObject({ status: 400 });
  });

  it('the CSP forbids forms, frames, workers, plugins and base changes', () => {
    for (const directive of ["form-action 'none'", "frame-src 'none'", "worker-src 'none'", "object-src 'none'", "base-uri 'none'", "script-src 'self'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
  });
});

describe('single instance per database', () => {
  it('keeps userData for the default database and gives every other file its own folder', () => {
    const userData = '/home/ana/.config/Analyst Workbench';
    expect(instanceDataDir(userData, `${userData}/workbench.sqlite`, 'linux')).toBe(userData);
    const a = instanceDataDir(userData, '/data/a.sqlite', 'linux');
    const b = instanceDataDir(userData, '/data/b.sqlite', 'linux');
    expect(a).toMatch(/^\/home\/ana\/\.config\/Analyst Workbench\/instances\/[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(instanceDataDir(userData, '/data/a.sqlite', 'linux')).toBe(a);
    // Case-insensitive file systems: one file, one lock.
    expect(instanceDataDir('/Users/ana/AW', '/Data/A.sqlite', 'darwin')).toBe(instanceDataDir('/Users/ana/AW', '/data/a.sqlite', 'darwin'));
    expect(instanceDataDir('/Users/ana/AW', '/Users/ana/aw/WORKBENCH.sqlite', 'darwin')).toBe('/Users/ana/AW');
  });
});
