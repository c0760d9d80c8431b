require_relative 'coverage'
require_relative 'hiker'
require 'minitest/autorun'

class TestHiker < Minitest::Test
  def test_a_hiker_walks_down_42_roads
    assert_equal 42, roads
  end

  def test_every_hiker_walks_down_the_same_roads
    assert_equal 42, Hiker.new.roads
  end
end
