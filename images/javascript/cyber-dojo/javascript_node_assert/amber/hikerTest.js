'use strict';

const assert = require('assert');
const hiker = require('./hiker.js');

assert.strictEqual(hiker.roads(), 42);

console.log('All tests passed');
