import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HikerTest {

    @Test
    void lifeTheUniverseAndEverything() {
        assertEquals(42, Hiker.answer());
    }
}
