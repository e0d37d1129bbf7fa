import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { misdeclaredMarkup, sniffHead } from './sniff.js';

const XHTML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Anlage -->
<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>`;
const SVG = `\uFEFF<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`;
const HTML = `  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>`;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), Buffer.alloc(64)]);

describe('sniffing markup at upload', () => {
  const cases: Array<[string, string, string]> = [
    ['XHTML with an XML declaration and a comment', XHTML, 'application/xhtml+xml'],
    ['SVG behind a BOM, declaration and doctype', SVG, 'image/svg+xml'],
    ['HTML with a doctype after whitespace', HTML, 'text/html'],
    ['an HTML fragment a browser would sniff as HTML', '<script>fetch("/api")</script>', 'text/html'],
    ['bare SVG', '<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>', 'image/svg+xml'],
    ['plain XML data', '<?xml version="1.0"?><Antrag><Name>Meier</Name></Antrag>', 'application/xml'],
  ];
  for (const [what, content, expected] of cases) {
    it(`detects ${what} as ${expected}, whatever was declared`, async () => {
      const sniffed = await sniffHead(Buffer.from(content, 'utf8'), 'application/pdf', 'antrag.pdf');
      assert.equal(sniffed.mimeType, expected);
      assert.equal(sniffed.markup, true);
    });
  }

  it('keeps ordinary text and real PDFs apart from markup', async () => {
    const text = await sniffHead(Buffer.from('Sehr geehrte Damen und Herren, <b> ist kein Anfang.'), 'text/plain', 'brief.txt');
    assert.equal(text.mimeType, 'text/plain');
    assert.equal(text.markup, false);
    const pdf = await sniffHead(PDF, 'application/pdf', 'antrag.pdf');
    assert.equal(pdf.mimeType, 'application/pdf');
    assert.equal(pdf.markup, false);
  });

  it('refuses markup declared or named as a PDF or raster image, and nothing else', async () => {
    const xhtml = await sniffHead(Buffer.from(XHTML), null, 'x');
    assert.equal(misdeclaredMarkup(xhtml, 'application/pdf', 'bescheid.xhtml'), 'als application/pdf angegeben');
    assert.equal(misdeclaredMarkup(xhtml, 'image/png; charset=utf-8', 'a'), 'als image/png angegeben');
    assert.equal(misdeclaredMarkup(xhtml, 'application/octet-stream', 'Nachweis.PDF'), 'mit der Endung .pdf benannt');
    assert.equal(misdeclaredMarkup(xhtml, null, 'foto.jpeg'), 'mit der Endung .jpeg benannt');
    // Honest claims are kept (and served as downloads): XML as XML, SVG as SVG, HTML as HTML.
    assert.equal(misdeclaredMarkup(xhtml, 'application/xhtml+xml', 'seite.xhtml'), null);
    const svg = await sniffHead(Buffer.from(SVG), null, 'x');
    assert.equal(misdeclaredMarkup(svg, 'image/svg+xml', 'plan.svg'), null);
    const xml = await sniffHead(Buffer.from('<?xml version="1.0"?><Antrag/>'), 'application/xml', 'fachdaten.xml');
    assert.equal(misdeclaredMarkup(xml, 'application/xml', 'fachdaten.xml'), null);
    const pdf = await sniffHead(PDF, 'application/pdf', 'antrag.pdf');
    assert.equal(misdeclaredMarkup(pdf, 'application/pdf', 'antrag.pdf'), null);
  });
});
