import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeControlCharsInStrings, parseLenientJson } from './lenient-json.js';

test('raw line breaks inside strings are accepted; outside strings they stay whitespace', () => {
  const text = '{\n  "image": "QUJD\nREVG\r\nR0g=",\n  "a\\"b": "x\ty"\n}';
  assert.deepEqual(parseLenientJson(text), { image: 'QUJD\nREVG\r\nR0g=', 'a"b': 'x\ty' });
});

test('escaped quotes and backslashes do not confuse the string tracking', () => {
  assert.equal(escapeControlCharsInStrings('["a\\\\", "\n"]'), '["a\\\\", "\\u000a"]');
  assert.equal(escapeControlCharsInStrings('{"a": 1}\n'), '{"a": 1}\n');
});

test('malformed JSON and prototype poisoning are still rejected', () => {
  assert.throws(() => parseLenientJson('{"image": "abc'));
  assert.throws(() => parseLenientJson("{'image': 1}"));
  assert.throws(() => parseLenientJson('{"__proto__": {"x": 1}}'));
});
