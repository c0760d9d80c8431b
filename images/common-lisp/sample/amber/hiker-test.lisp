(defpackage :hiker-test
  (:use :cl :fiveam :hiker))
(in-package :hiker-test)

(def-suite hiker-suite)
(in-suite hiker-suite)

(test life-the-universe-and-everything
  (is (= 42 (answer))))
