import { LossCounter, type DatasetFormat, type DatasetSpan } from './model';
import { tokenize } from './tokens';

/**
 * CoNLL BIO: one `token<TAB>tag` a line, a blank line between sentences, a
 * `-DOCSTART-<TAB>O` line and a blank line before each article. Tokens come
 * from the workbench tokenizer, split at span boundaries; whitespace is not
 * written. A token carries one tag, so overlapping spans cannot all be kept:
 * the earliest (then the longest) wins and every other is counted as dropped.
 * Sentences end at line breaks and after . ! ? followed by whitespace.
 */
export const conllFormat: DatasetFormat = {
  id: 'conll',
  name: 'CoNLL BIO',
  extensions: ['conll', 'txt'],
  output: 'file',
  mimeType: 'text/plain',
  description: 'Token<TAB>BIO tag lines, blank line between sentences; overlapping spans, attributes, notes, annotators and whitespace are lost (counted).',
  unit: null,
  carries: { overlaps: false, attributes: false, notes: false, annotators: false, status: false, articleMetadata: false, articleDetails: false },
  createEncoder() {
    const losses = new LossCounter();
    return {
      begin: () => [],
      article(article) {
        const ordered = [...article.spans].sort((a, b) => a.start - b.start || b.end - a.end);
        const kept: DatasetSpan[] = [];
        let reach = 0;
        for (const s of ordered) {
          if (s.start >= reach) {
            kept.push(s);
            reach = s.end;
          } else losses.add('overlap', 'overlapping spans dropped (BIO tags one label a token)', 1);
        }
        losses.add('attributes', 'span attributes dropped', article.spans.filter((s) => Object.keys(s.attributes).length > 0).length);
        losses.add('notes', 'span notes dropped', article.spans.filter((s) => s.note !== '').length);
        losses.add('annotator', 'annotator identity lost', article.spans.filter((s) => s.annotator !== null).length);
        const starts = new Set(kept.map((s) => s.start));
        const ends = new Set(kept.map((s) => s.end));
        const tokens = tokenize(article.text, [...starts, ...ends], starts, ends);
        let data = `-DOCSTART-\tO\n\n`;
        let span = 0;
        let inside = false;
        let sentenceHasTokens = false;
        let lastWord = '';
        let spaceSinceLastWord = false;
        const endSentence = (): void => {
          if (sentenceHasTokens) data += '\n';
          sentenceHasTokens = false;
        };
        let emptySpanTokens = new Set<DatasetSpan>(kept);
        for (const token of tokens) {
          while (span < kept.length && kept[span]!.end <= token.start) {
            span++;
            inside = false;
          }
          if (token.space) {
            if (/[\r\n\u2028\u2029\u0085]/.test(token.text)) endSentence();
            spaceSinceLastWord = true;
            continue;
          }
          if (spaceSinceLastWord && /^[.!?]$/.test(lastWord)) endSentence();
          const current = kept[span];
          let tag = 'O';
          if (current && current.start <= token.start && token.end <= current.end) {
            tag = `${inside ? 'I' : 'B'}-${current.label}`;
            inside = true;
            emptySpanTokens.delete(current);
          }
          data += `${token.text}\t${tag}\n`;
          sentenceHasTokens = true;
          lastWord = token.text;
          spaceSinceLastWord = token.ws;
        }
        endSentence();
        losses.add('whitespace_only', 'spans covering only whitespace dropped (no token to tag)', emptySpanTokens.size);
        emptySpanTokens = new Set();
        return [{ file: '', data }];
      },
      end: () => [],
      losses: () => losses.list(),
    };
  },
};
