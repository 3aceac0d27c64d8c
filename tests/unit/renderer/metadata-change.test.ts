import { describe, expect, it } from 'vitest';
import { changedMetadata, metadataForm } from '../../../src/renderer/src/features/articles/metadata-change';
import { openTestWorkbench } from '../../helpers/workbench';

describe('the article details dialog sends only what the analyst changed', () => {
  it('a save from a dialog opened earlier keeps what another tab saved meanwhile in the other fields', () => {
    const wb = openTestWorkbench();
    try {
      const id = wb.service.importArticles({ files: [{ name: 'a.txt', text: 'Officials said 40 people were evacuated.' }] }).imported[0]!.id;
      // Tab A opens the dialog.
      const opened = metadataForm(wb.service.listArticles({})[0]!);
      // Tab B saves an author and a title meanwhile.
      wb.service.updateArticle({ id, author: 'B. Reporter', title: 'Evacuation in the north' });
      // Tab A adds a tag and saves.
      const change = changedMetadata(opened, { ...opened, tags: 'verified, north' });
      expect(change).toEqual({ tags: ['verified', 'north'] });
      const saved = wb.service.updateArticle({ id, ...change });
      expect([saved.author, saved.title, saved.tags]).toEqual(['B. Reporter', 'Evacuation in the north', ['verified', 'north']]);
    } finally {
      wb.close();
    }
  });

  it('clearing a field sends null; retyping the same tags with other spacing changes nothing', () => {
    const opened = { title: 'T', source: 'Outlet', url: '', publishedAt: '', language: 'en', author: '', machineTranslatedFrom: '', tags: 'a, b' };
    expect(changedMetadata(opened, { ...opened, source: '', tags: 'a,b ' })).toEqual({ source: null });
    expect(changedMetadata(opened, opened)).toEqual({});
  });
});
