import XCTest

// swiftc has no test discovery on Linux: list each test case class here.
XCTMain([
    testCase(HikerTests.allTests),
])
