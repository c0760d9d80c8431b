defmodule Hiker do
  def answer do
    6 * 9
  end
end
