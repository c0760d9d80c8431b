import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class HikerTest {

  @Test
  def lifeTheUniverseAndEverything(): Unit = {
    assertEquals(42, Hiker.answer())
  }
}
