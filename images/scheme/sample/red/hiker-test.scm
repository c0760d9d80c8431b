(use-modules (srfi srfi-64)
             (hiker))

(test-begin "hiker")

(test-equal "life, the universe and everything" 42 (answer))

(define failures (test-runner-fail-count (test-runner-current)))
(test-end "hiker")
(exit (zero? failures))
