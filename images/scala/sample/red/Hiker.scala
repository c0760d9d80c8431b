object Hiker {
  def answer(): Int = 6 * 9
}
