import { cypherKey, cypherString, cypherValue } from '../../src/services/export/cypher.writer';
import { xmlText } from '../../src/services/export/graphml.writer';

describe('cypherString (text written into exported Cypher scripts)', () => {
  it('escapes backslashes, quotes and line breaks so a statement stays on one line', () => {
    expect(cypherString("it's")).toBe("'it\\'s'");
    expect(cypherString('a\\b')).toBe("'a\\\\b'");
    expect(cypherString('one\ntwo\r\tthree')).toBe("'one\\ntwo\\r\\tthree'");
    expect(cypherString('"double"')).toBe('\'"double"\'');
  });

  it('escapes non-printable characters and lone surrogates, and keeps astral characters', () => {
    expect(cypherString('\u0000\u0001\u007f\u0085\u2028\u2029')).toBe("'\\u0000\\u0001\\u007f\\u0085\\u2028\\u2029'");
    expect(cypherString('\ud800x')).toBe("'\\ud800x'");
    expect(cypherString('😀 naïve')).toBe("'😀 naïve'");
    expect(cypherString("\\'")).toBe("'\\\\\\''");
  });

  it('types stored dates, date-times and floats, and back-quotes odd keys', () => {
    expect(cypherValue('startDate', '2024-11-15')).toBe("date('2024-11-15')");
    expect(cypherValue('createdAt', '2024-11-15T10:00:00.000Z')).toBe("datetime('2024-11-15T10:00:00.000Z')");
    expect(cypherValue('confidence', 1)).toBe('1.0');
    expect(cypherValue('quantity', 3)).toBe('3');
    expect(cypherValue('aliases', ["O'Brien", 'x'])).toBe("['O\\'Brien', 'x']");
    expect(cypherKey('name')).toBe('name');
    expect(cypherKey('odd key`')).toBe('`odd key```');
  });
});

describe('xmlText (GraphML)', () => {
  it('escapes markup and replaces what XML 1.0 cannot carry', () => {
    expect(xmlText('a < b & "c" > \'d\'')).toBe('a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;');
    expect(xmlText('bell\u0007 tab\t nl\n')).toBe('bell\uFFFD tab\t nl\n');
    expect(xmlText('\udc00 😀')).toBe('\uFFFD 😀');
  });
});
