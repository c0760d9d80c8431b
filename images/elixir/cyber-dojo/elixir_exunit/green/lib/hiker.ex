defmodule Hiker do
  def answer do
    6 * 7
  end
end
