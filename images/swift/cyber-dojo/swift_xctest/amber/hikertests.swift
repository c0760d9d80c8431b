import XCTest

class HikerTests: XCTestCase {
    var hiker: Hiker!

    override func setUp() {
        super.setUp()
        hiker = Hiker()
    }

    func testLifeTheUniverseAndEverything() {
        XCTAssertEqual(hiker.answer(), 42)
    }
}

extension HikerTests {
    static var allTests: [(String, (HikerTests) -> () throws -> Void)] {
        return [("testLifeTheUniverseAndEverything", testLifeTheUniverseAndEverything)]
    }
}
