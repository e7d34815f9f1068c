// jsDoc: free text → JSDoc lines that always form exactly one comment.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeCommentEnd, jsDoc, oneLine } from '../../../../compiler/backends/shared/jsdoc.js';

test('one line of text is one line of comment, trimmed, at the indent', () => {
  assert.equal(jsDoc('  Reads ctrl. '), ['/** Reads ctrl. */']);
  assert.equal(jsDoc('Reads ctrl.', '  '), ['  /** Reads ctrl. */']);
  assert.equal(jsDoc(['Only this', '', '  \n ']), ['/** Only this */'], 'blank paragraphs add nothing');
});

test('blank text gives no comment at all', () => {
  assert.equal(jsDoc(''), []);
  assert.equal(jsDoc([' ', '\n\n']), []);
});

test('every line break JavaScript knows splits lines; blank runs fold to one paragraph break', () => {
  assert.equal(jsDoc('a\r\nb\rc\u2028d\u2029e\n\n\n\nf', '  '), ['  /**', '   * a', '   * b', '   * c', '   * d', '   * e', '   *', '   * f', '   */']);
  assert.equal(jsDoc('\n\nfirst\n\n'), ['/** first */'], 'leading and trailing blank lines go');
});

test('paragraphs are separated by one empty comment line', () => {
  assert.equal(jsDoc(['Summary.', 'Detail one\nDetail two']), ['/**', ' * Summary.', ' *', ' * Detail one', ' * Detail two', ' */']);
});

test('*/ in the text can never end the comment', () => {
  assert.is(escapeCommentEnd('a */ b **/ c'), 'a *\\/ b **\\/ c');
  assert.equal(jsDoc('x */ y'), ['/** x *\\/ y */']);
  const block = jsDoc(['*/', 'end */\n*/ start']).join('\n');
  assert.is(block.indexOf('*/'), block.length - 2, 'the only comment end is the last one');
  // A trailing `*` or leading `/` in the text cannot pair with the comment's own delimiters.
  assert.equal(jsDoc('ends with *'), ['/** ends with * */']);
  assert.equal(jsDoc('/ starts with a slash'), ['/** / starts with a slash */']);
});

test('oneLine keeps a // comment one line: U+2028/U+2029 end it too', () => {
  assert.is(oneLine('specs/a\u2028b\r\nc\u2029d\ne.regs'), 'specs/a b c d e.regs');
  assert.is(oneLine('plain.regs'), 'plain.regs');
});

test.run();
