'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { answer } = require('./hiker.js');

test('life, the universe, and everything', () => {
  assert.strictEqual(answer(), 42);
});
