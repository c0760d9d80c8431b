local hiker = {}

function hiker.answer()
  return 6 * 9
end

return hiker
