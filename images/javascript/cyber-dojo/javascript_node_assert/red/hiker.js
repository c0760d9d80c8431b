'use strict';

function roads() {
  return 6 * 9;
}

module.exports = { roads };
