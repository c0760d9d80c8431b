'use strict';

function answer() {
  return 6 * 7);
}

module.exports = { answer };
