defmodule HikerTest do
  use ExUnit.Case

  test "life the universe and everything" do
    assert Hiker.answer() == 42
  end
end
