local hiker = {}

function hiker.answer()
  return 6 * 7
end

return hiker
