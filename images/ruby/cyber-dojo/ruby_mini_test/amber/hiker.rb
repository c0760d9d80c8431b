def roads
  6 *
end

class Hiker
  def roads
    Object.new.send(:roads)
  end
end
