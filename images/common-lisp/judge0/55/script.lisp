(let* ((*read-eval* nil)
       (a (read))
       (b (read)))
  (format t "~d~%" (+ a b)))
