(ns hiker-test
  (:require [clojure.test :refer [deftest is]]
            [hiker :refer [answer]]))

(deftest life-the-universe-and-everything
  (is (= 42 (answer))))
