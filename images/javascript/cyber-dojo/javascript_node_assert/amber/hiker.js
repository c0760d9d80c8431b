'use strict';

function roads() {
  return 6 *;
}

module.exports = { roads };
