import kotlin.test.assertEquals
import org.junit.jupiter.api.Test

class HikerTest {

    @Test
    fun lifeTheUniverseAndEverything() {
        assertEquals(42, answer())
    }
}
