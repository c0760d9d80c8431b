import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HikerTest {

    @Test
    @DisplayName("a hiker walks down 42 roads")
    void roads() {
        assertEquals(42, Hiker.roads());
    }
}
