;;; runbox's set-up for SRFI-64 test files, loaded (guile -l) before each one by the scheme
;;; language's test command. SRFI-64's simple runner, with three changes:
;;; - no log file: the simple runner writes "<suite>.log" into the current folder (/sandbox);
;;; - a failing test also prints its expected and actual values (or the error it raised);
;;; - when the outermost group ends with a failure, guile exits with status 1.
(use-modules (srfi srfi-64))

(module-set! (resolve-module '(srfi srfi-64)) 'test-log-to-file #f)

(define (runbox-show-failure runner)
  (when (memq (test-result-kind runner) '(fail xpass))
    (for-each
     (lambda (key)
       (let ((entry (assq key (test-result-alist runner))))
         (when entry
           (format #t "  ~a: ~s~%" key (cdr entry)))))
     '(expected-value actual-value actual-error))))

(test-runner-factory
 (lambda ()
   (let ((runner (test-runner-simple)))
     (test-runner-on-test-end! runner
                               (lambda (r)
                                 (test-on-test-end-simple r)
                                 (runbox-show-failure r)))
     (test-runner-on-final! runner
                            (lambda (r)
                              (test-on-final-simple r)
                              (unless (zero? (+ (test-runner-fail-count r)
                                                (test-runner-xpass-count r)))
                                (exit 1))))
     runner)))
