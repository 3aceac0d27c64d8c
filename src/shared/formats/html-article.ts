import type { Readability } from '@mozilla/readability';
import type { parseHTML } from 'linkedom';
import { removeClutter } from '../text/clutter';

/**
 * A saved news page (or one fetched from a URL) turned into an article: the
 * story's text, paragraphs separated by blank lines, and what the page's
 * metadata says about it (Open Graph, JSON-LD NewsArticle,
 * article:published_time, <time>, the canonical link).
 *
 * The body is found by Mozilla's Readability (the reference web extractor,
 * the one behind Firefox's reader view) over linkedom, a DOM that needs no
 * browser. Before Readability runs, page furniture it tends to keep is taken
 * out (cookie banners, share bars, "most read" lists, newsletter boxes,
 * captions); after it, paragraphs are rebuilt from block elements.
 */

export interface ExtractedPage {
  title: string | null;
  text: string;
  source: string | null;
  /** The canonical URL, else og:url, else the address the page was fetched from. */
  url: string | null;
  author: string | null;
  /** ISO 8601, as precise as the page says. */
  publishedAt: string | null;
  /** ISO 639-1, from <html lang> or og:locale. */
  language: string | null;
  /** ISO 639-1 code when the page says it is a machine translation. */
  machineTranslatedFrom: string | null;
  /** Non-fatal notes (no article body found, fell back to the whole page). */
  problems: string[];
}

const FURNITURE_SELECTORS = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'nav',
  'aside',
  'footer',
  'form',
  'button',
  'figcaption',
  'dialog',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[hidden]',
  '[aria-hidden="true"]',
].join(',');

/** class or id words of page furniture: banners, share bars, promos, lists of other stories. */
const FURNITURE_NAME =
  /(^|[\s_-])(cookie|cookies|consent|gdpr|share|sharing|social|newsletter|subscribe|subscription|promo|promotion|related|recommended|more-?stories|most-?read|mostread|popular|trending|advert|advertisement|ads?|banner|paywall|donate|donation|comments?|breadcrumbs?|byline-share|tags?|toolbar|read-?more)($|[\s_-])/i;

const BLOCK_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'DT', 'DD', 'TD', 'TH']);
const CONTAINER_TAGS = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'UL', 'OL', 'DL', 'TABLE', 'TBODY', 'THEAD', 'TR', 'BODY', 'FIGURE', 'HEADER']);

type DomNode = { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> };
type DomElement = DomNode & {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
  remove(): void;
  className?: string;
  id?: string;
};

function text(el: DomNode | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/gu, ' ').trim();
}

function meta(doc: DomElement, ...names: string[]): string | null {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const value = el?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return null;
}

interface JsonLdArticle {
  headline?: string;
  datePublished?: string;
  author?: unknown;
  publisher?: unknown;
  url?: string;
  mainEntityOfPage?: unknown;
  inLanguage?: unknown;
}

const ARTICLE_TYPES = /^(NewsArticle|Article|ReportageNews|AnalysisNewsArticle|BlogPosting|OpinionNewsArticle|WebPage)$/;

function jsonLdArticle(doc: DomElement): JsonLdArticle | null {
  const found: { node: JsonLdArticle; rank: number }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const types = ([] as unknown[]).concat(record['@type'] ?? []).map(String);
    const match = types.find((t) => ARTICLE_TYPES.test(t));
    if (match) found.push({ node: record as JsonLdArticle, rank: match === 'WebPage' ? 1 : 0 });
    if (record['@graph']) visit(record['@graph']);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A broken JSON-LD block is common on real pages; the other metadata still counts.
    }
  }
  found.sort((a, b) => a.rank - b.rank);
  return found[0]?.node ?? null;
}

function names(value: unknown): string | null {
  const list = ([] as unknown[]).concat(value ?? []);
  const out = list
    .map((v) => (typeof v === 'string' ? v : v && typeof v === 'object' ? (v as { name?: unknown }).name : null))
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.trim());
  return out.length ? [...new Set(out)].join(', ') : null;
}

function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
  }
  return Number.isNaN(Date.parse(trimmed)) && !/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? null : trimmed;
}

function languageCode(value: string | null | undefined): string | null {
  const match = /^([a-z]{2})(?:[-_][A-Za-z]+)?$/i.exec(value?.trim() ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

function absoluteUrl(value: string | null | undefined, base: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Letters and digits only, lower-cased, without a leading "the": "The Moscow Times" and "themoscowtimes.com" compare. */
const siteKey = (name: string): string =>
  name
    .toLowerCase()
    .replace(/^the\s+/u, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * "Headline | Site", "Headline - Site" → "Headline" when the other part is the site's name (its
 * og:site_name or publisher, or its host name), or when the page shows one part alone as a heading
 * and not the whole title. Otherwise every part is the headline's ("Ceasefire talks stall - Kremlin")
 * and stays: a title is never shortened on a guess.
 */
function stripSiteSuffix(title: string, site: string | null, host: string | null, headings: ReadonlySet<string>): string {
  const parts = title.split(/\s+[|–—-]\s+/u);
  if (parts.length < 2) return title;
  const siteName = site ? siteKey(site) : '';
  const hostName = host ? siteKey(host.replace(/^www\./u, '').replace(/\.[a-z]+$/iu, '')) : '';
  const isSite = (part: string): boolean => {
    const key = siteKey(part);
    return key.length > 0 && (key === siteName || (hostName.length >= 3 && key === hostName.replace(/^the/u, '')) || key === hostName);
  };
  const kept = parts.filter((p) => !isSite(p));
  if (kept.length > 0 && kept.length < parts.length) return kept.join(' - ');
  const shownAlone = headings.has(title) ? undefined : parts.find((p) => headings.has(p));
  return shownAlone ?? title;
}

function removeFurniture(doc: DomElement, body: DomElement): void {
  for (const el of Array.from(doc.querySelectorAll(FURNITURE_SELECTORS))) el.remove();
  const totalParagraphText = Array.from(body.querySelectorAll('p')).reduce((n, p) => n + text(p).length, 0);
  for (const el of Array.from(body.querySelectorAll('[class], [id]'))) {
    const name = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!FURNITURE_NAME.test(name)) continue;
    // Never take out the story itself because a wrapper's class mentions "share" or "related".
    const inside = Array.from(el.querySelectorAll('p')).reduce((n, p) => n + text(p).length, 0);
    if (totalParagraphText > 0 && inside > totalParagraphText * 0.5) continue;
    el.remove();
  }
}

/** Paragraphs from block elements, one blank line between them; <br> is a line break. */
export function blocksToText(root: DomNode): string {
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    const cleaned = current
      .split('\n')
      .map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (cleaned) paragraphs.push(cleaned);
    current = '';
  };
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      current += (node.textContent ?? '').replace(/\s+/gu, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.nodeName.toUpperCase();
    if (tag === 'BR') {
      current += '\n';
      return;
    }
    if (tag === 'FIGCAPTION' || tag === 'SCRIPT' || tag === 'STYLE') return;
    const block = BLOCK_TAGS.has(tag) || CONTAINER_TAGS.has(tag);
    if (block) flush();
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return paragraphs.join('\n\n');
}

/**
 * The libraries extraction runs on, handed in by the caller: they take a
 * fifth of a second to load, which the main process pays only when a page
 * is first imported (see src/main/import/html-tools.ts).
 */
export interface HtmlTools {
  parseHTML: typeof parseHTML;
  Readability: typeof Readability;
}

export function extractArticle(html: string, pageUrl: string | undefined, { parseHTML, Readability }: HtmlTools): ExtractedPage {
  const problems: string[] = [];
  type Parsed = { document: DomElement & { body: DomElement | null; documentElement: DomElement | null } };
  let { document } = parseHTML(html) as unknown as Parsed;
  // linkedom makes no root element for markup without one (plain text served as HTML, a lone comment): wrap it as a body.
  if (!document.documentElement) ({ document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as Parsed);
  const doc = document as DomElement & { body: DomElement | null; documentElement: DomElement };

  // Metadata first: Readability and the clean-up below change the document.
  const ld = jsonLdArticle(doc);
  const source = meta(doc, 'og:site_name', 'application-name', 'publisher') ?? names(ld?.publisher) ?? null;
  const h1 = text(doc.querySelector('article h1, main h1, h1'));
  const titleTag = text(doc.querySelector('title'));
  const ogTitle = meta(doc, 'og:title', 'twitter:title');
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
  const ldUrl = typeof ld?.url === 'string' ? ld.url : typeof ld?.mainEntityOfPage === 'string' ? ld.mainEntityOfPage : null;
  const url = absoluteUrl(canonical, pageUrl) ?? absoluteUrl(meta(doc, 'og:url'), pageUrl) ?? absoluteUrl(ldUrl, pageUrl) ?? absoluteUrl(pageUrl, undefined);
  const host = url ? new URL(url).hostname : null;
  const rawTitle = (typeof ld?.headline === 'string' && ld.headline.trim()) || ogTitle || h1 || titleTag;
  const headings = new Set(Array.from(doc.querySelectorAll('h1, h2, h3')).map((el) => text(el).replace(/\s+/gu, ' ').trim()));
  const title = rawTitle ? stripSiteSuffix(rawTitle.replace(/\s+/gu, ' ').trim(), source, host, headings) : null;
  const author =
    names(ld?.author) ??
    meta(doc, 'author', 'article:author', 'byl', 'parsely-author') ??
    (text(doc.querySelector('[rel="author"], .byline__name, .author-name')) || null);
  const timeEl = doc.querySelector('article time[datetime], time[datetime]');
  const publishedAt = isoDate(
    (typeof ld?.datePublished === 'string' ? ld.datePublished : null) ??
      meta(doc, 'article:published_time', 'datePublished', 'pubdate', 'publishdate', 'date', 'dc.date', 'DC.date.issued') ??
      timeEl?.getAttribute('datetime'),
  );
  const language =
    languageCode(doc.documentElement?.getAttribute('lang')) ??
    languageCode(typeof ld?.inLanguage === 'string' ? ld.inLanguage : null) ??
    languageCode(meta(doc, 'og:locale')?.split('_')[0]);

  let body = '';
  if (doc.body) {
    removeFurniture(doc, doc.body);
    const parsed = new Readability(doc as unknown as Document, { charThreshold: 300, keepClasses: false }).parse();
    if (parsed?.content) {
      const { document: content } = parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`) as unknown as {
        document: { body: DomNode };
      };
      body = blocksToText(content.body);
    } else {
      problems.push('no article body found; the whole page text was kept');
      body = blocksToText(doc.body);
    }
  }
  // The headline is the title, not the first paragraph.
  const paragraphs = body.split('\n\n');
  if (title && paragraphs[0] && paragraphs[0].replace(/\s+/gu, ' ').trim().toLowerCase() === title.toLowerCase()) paragraphs.shift();
  const cleaned = removeClutter(paragraphs.join('\n\n'));
  return { title, text: cleaned.text, source, url, author, publishedAt, language, machineTranslatedFrom: cleaned.machineTranslatedFrom, problems };
}
