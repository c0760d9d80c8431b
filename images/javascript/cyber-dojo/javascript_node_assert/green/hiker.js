'use strict';

function roads() {
  return 6 * 7;
}

module.exports = { roads };
