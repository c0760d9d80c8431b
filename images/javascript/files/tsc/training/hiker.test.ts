import { test } from 'node:test';
import * as assert from 'node:assert';
import { answer } from './hiker';

test('life, the universe and everything', () => {
  assert.strictEqual(answer(), 42);
});
