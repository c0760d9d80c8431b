import XCTest

final class HikerTests: XCTestCase {
    func testLifeTheUniverseAndEverything() {
        XCTAssertEqual(answer(), 42)
    }

    static let allTests = [
        ("testLifeTheUniverseAndEverything", testLifeTheUniverseAndEverything),
    ]
}
