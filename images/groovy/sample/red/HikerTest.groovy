class HikerTest extends GroovyTestCase {

    void testLifeTheUniverseAndEverything() {
        assertEquals(42, Hiker.answer())
    }
}
