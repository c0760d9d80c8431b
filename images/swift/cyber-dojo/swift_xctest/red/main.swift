import XCTest

XCTMain([testCase(HikerTests.allTests)])
