import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

// One passing and one failing test, so that the archives hold what both a green and a red run
// load.
class CdsTrainingTest {

    @Test
    void passes() {
        assertEquals(42, CdsTraining.answer());
    }

    @Test
    @DisplayName("fails on purpose")
    void fails() {
        assertEquals(54, CdsTraining.answer());
    }
}
