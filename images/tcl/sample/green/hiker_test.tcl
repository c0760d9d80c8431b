package require tcltest 2
namespace import ::tcltest::*

source [file join [file dirname [info script]] hiker.tcl]

test answer-1 {life, the universe, and everything} -body {
    answer
} -result 42

# tcltest reports but exits 0 whatever the result: exit 1 when a test failed.
set failed $::tcltest::numTests(Failed)
cleanupTests
exit [expr {$failed > 0}]
