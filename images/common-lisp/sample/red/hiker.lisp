(defpackage :hiker
  (:use :cl)
  (:export #:answer))
(in-package :hiker)

(defun answer ()
  (* 6 9))
