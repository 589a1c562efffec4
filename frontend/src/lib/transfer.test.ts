import { describe, expect, it } from 'vitest';
import { catalogues } from './i18n/catalogues';
import {
  MAX_IMPORT_SIZE, ProgressMeter, base64ToBytes, dataUrlToBase64, delimiterLabel, duration, exportRequest, fileSize,
  checked, hasNameColumn, mappingChange, rowsWithErrors, slug, snippetLabel, subjectFileName, targetLabel, tooLarge, type ImportPreview,
} from './transfer';

const preview = (fields: string[], format = 'csv'): ImportPreview => ({
  file: 'a.csv', format, columns: fields.map((f, i) => ({ header: 'h' + i, field: f })), rows: [], total: 0, unreadable: 0, targets: [],
});

describe('progress meter', () => {
  it('gives rate and time left from the first event', () => {
    const m = new ProgressMeter();
    m.update(0, 10000, 1000);
    expect(m.rate).toBe(0);
    expect(m.left).toBeNull();
    m.update(2000, 10000, 3000); // 2000 rows in 2 s
    expect(m.rate).toBe(1000);
    expect(m.left).toBe(8);
    expect(m.fraction).toBeCloseTo(0.2);
    m.update(10000, 10000, 11000);
    expect(m.left).toBe(0);
    expect(m.fraction).toBe(1);
  });
  it('starts over when a new run begins', () => {
    const m = new ProgressMeter();
    m.update(5000, 5000, 1000);
    m.update(0, 300, 9000);
    expect(m.rate).toBe(0);
    expect(m.total).toBe(300);
    expect(m.fraction).toBe(0);
  });
  it('handles an empty file', () => {
    const m = new ProgressMeter();
    m.update(0, 0, 5);
    expect(m.fraction).toBe(0);
    expect(m.left).toBe(0);
  });
});

describe('formatting', () => {
  it('writes durations', () => {
    expect(duration(0.4)).toBe('0 s');
    expect(duration(42)).toBe('42 s');
    expect(duration(185)).toBe('3 min 05 s');
    expect(duration(3720)).toBe('1 h 02 min');
  });
  it('writes sizes', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(2048)).toBe('2 KB');
    expect(fileSize(5.5 * 1024 * 1024)).toBe('5.5 MB');
    expect(fileSize(5.5 * 1024 * 1024, 'de')).toBe('5,5 MB');
  });
  it('names delimiters in the UI language', () => {
    expect(delimiterLabel(';', catalogues.pl)).toBe('średnik');
    expect(delimiterLabel('\t', catalogues.en)).toBe('tab');
    expect(delimiterLabel(undefined, catalogues.en)).toBe('');
  });
});

describe('field labels', () => {
  it('translates every target the importer offers, in every language', () => {
    const targets = ['id', 'kind', 'name', 'description.en', 'description.lt', 'description.pl', 'description.de', 'description.sv', 'sectors', 'nace',
      'tags', 'languages', 'locality', 'country', 'address', 'lat', 'lon', 'email', 'phone', 'website', 'social', 'offers', 'needs', 'visibility'];
    for (const t of Object.values(catalogues)) {
      for (const target of targets) {
        const label = targetLabel(target, t);
        expect(label, target).not.toBe(target.includes('.') ? target : '');
        expect(label.length, target).toBeGreaterThan(1);
      }
    }
    expect(targetLabel('description.lt', catalogues.en)).toBe('Description (Lithuanian)');
    expect(targetLabel('description.de', catalogues.pl)).toBe('Opis (Niemiecki)');
    expect(snippetLabel('desc_pl', catalogues.en)).not.toContain('desc_');
    expect(snippetLabel('desc_de', catalogues.pl)).toBe('Opis (Niemiecki)');
    expect(snippetLabel('text', catalogues.lt)).toBe(catalogues.lt.field.description);
    expect(targetLabel('email', catalogues.lt)).toBe(catalogues.lt.field.email);
    expect(targetLabel('', catalogues.de)).toBe('Nicht importieren');
    expect(targetLabel('unknown', catalogues.en)).toBe('unknown');
  });
});

describe('mapping', () => {
  it('sends "-" to leave a column out', () => {
    expect(mappingChange('Uwagi', '')).toEqual({ Uwagi: '-' });
    expect(mappingChange('Nazwa', 'name')).toEqual({ Nazwa: 'name' });
  });
  it('needs a name column, except for JSON', () => {
    expect(hasNameColumn(preview(['email', 'name']))).toBe(true);
    expect(hasNameColumn(preview(['email', '']))).toBe(false);
    expect(hasNameColumn({ ...preview([], 'json'), columns: null })).toBe(true);
  });
  it('fills in the lists left out of a clean report', () => {
    const r = checked({ file: 'a.csv', format: 'csv', rows: 1, created: 1, updated: 0, skipped: 0, unchanged: 0, failed: 0 });
    expect(r.errors).toEqual([]);
    expect(r.duplicates).toEqual([]);
  });
  it('groups errors by row', () => {
    const m = rowsWithErrors([{ row: 3, column: 'E-mail', message: 'bad' }, { row: 3, column: 'WWW', message: 'bad' }, { row: 7, message: 'cells' }]);
    expect(m.get(3)?.length).toBe(2);
    expect(m.get(7)?.[0].message).toBe('cells');
    expect(m.has(4)).toBe(false);
    expect(rowsWithErrors(undefined).size).toBe(0);
  });
});

describe('files', () => {
  it('strips the data URL prefix', () => {
    expect(dataUrlToBase64('data:text/csv;base64,QUJD')).toBe('QUJD');
    expect(dataUrlToBase64('data:application/octet-stream;base64,')).toBe('');
    expect(dataUrlToBase64('QUJD')).toBe('QUJD');
  });
  it('decodes base64 to bytes, BOM included', () => {
    const b = base64ToBytes(btoa('\xEF\xBB\xBFName'));
    expect([...b.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(b.length).toBe(7);
  });
  it('refuses files over the limit', () => {
    expect(MAX_IMPORT_SIZE).toBe(50 * 1024 * 1024);
    expect(tooLarge(MAX_IMPORT_SIZE)).toBe(false);
    expect(tooLarge(MAX_IMPORT_SIZE + 1)).toBe(true);
  });
  it('makes file names from any alphabet', () => {
    expect(slug('Pracownia Łódź / Film!')).toBe('pracownia-łódź-film');
    expect(slug('<img src=x>')).toBe('img-src-x');
    expect(slug('///')).toBe('actor');
    expect(subjectFileName('Ona Jonaitė', new Date('2026-03-04T10:00:00Z'))).toBe('personal-data-ona-jonaitė-2026-03-04.json');
  });
  it('exports the whole directory or the search with its filters', () => {
    expect(exportRequest('all', 'lodz', { sector: ['design'] })).toBeNull();
    expect(exportRequest('search', 'lodz', { sector: ['design'] })).toEqual({ query: 'lodz', filters: { sector: ['design'] } });
    expect(exportRequest('search', '', undefined)).toEqual({ query: '', filters: {} });
  });
});
