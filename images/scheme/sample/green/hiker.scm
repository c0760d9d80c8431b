(define-module (hiker)
  #:export (answer))

(define (answer)
  (* 6 7))
