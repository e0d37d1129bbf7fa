import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.js';

describe('identifier CSV reader', () => {
  it('reads a spreadsheet export: byte order mark, semicolons, CRLF, quotes, empty lines skipped with line numbers kept', () => {
    const text = '\uFEFFKennungsart;Kennung;Organisationseinheit\r\nzustaendigeStelle;197008;STA\r\n\r\n"pvog";"Amt ""Nord""; Kiel";\r\n';
    assert.deepEqual(parseCsv(text), [
      { line: 1, cells: ['Kennungsart', 'Kennung', 'Organisationseinheit'] },
      { line: 2, cells: ['zustaendigeStelle', '197008', 'STA'] },
      { line: 4, cells: ['pvog', 'Amt "Nord"; Kiel', ''] },
    ]);
  });

  it('takes a comma as the separator when the first line has no semicolon', () => {
    assert.deepEqual(parseCsv('pvog,4711\nintelliform_client,09162000,BA'), [
      { line: 1, cells: ['pvog', '4711'] },
      { line: 2, cells: ['intelliform_client', '09162000', 'BA'] },
    ]);
  });
});
