# A self-check (awk has no test framework): prints PASSED or FAILED for each check, and ends with
# exit status 1 when one failed.
@include "hiker.awk"

function check(name, actual, expected) {
    if (actual == expected) {
        print "PASSED: " name
    } else {
        print "FAILED: " name ": got " actual ", expected " expected
        failed++
    }
}

BEGIN {
    check("life, the universe, and everything", answer(), 42)
    if (failed) {
        exit 1
    }
    print "All tests passed"
}
