local hiker = require("hiker")

describe("hiker", function()
  it("knows life, the universe, and everything", function()
    assert.are.equal(42, hiker.answer())
  end)
end)
