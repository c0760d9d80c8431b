;; runbox's clojure.test runner: loads every namespace of a *_test.clj file in the current
;; folder (which is on the class path), runs their tests and exits with 0 only when at least one
;; test ran and none failed or raised an error.
(require 'clojure.test)

(let [names (->> (.listFiles (java.io.File. "."))
                 (map #(.getName ^java.io.File %))
                 (filter #(.endsWith ^String % "_test.clj"))
                 sort
                 (map #(symbol (.replace ^String (subs % 0 (- (count %) 4)) "_" "-"))))]
  (apply require names)
  (let [result (apply clojure.test/run-tests names)]
    (shutdown-agents)
    (System/exit (if (and (pos? (:test result)) (clojure.test/successful? result)) 0 1))))
