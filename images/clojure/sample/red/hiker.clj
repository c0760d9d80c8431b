(ns hiker)

(defn answer []
  (* 6 9))
