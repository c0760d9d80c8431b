println "OK"
