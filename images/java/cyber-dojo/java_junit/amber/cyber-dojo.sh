# runbox's exercise for cyber-dojo's java-junit start point: its tools, run the way its
# cyber-dojo.sh runs them, with runbox's own files.
set -e
cd "${CYBER_DOJO_SANDBOX}"

CLASSPATH_JARS=.:$(ls /junit/*.jar | tr '\n' ':')

if javac -Xlint:unchecked -Xlint:deprecation -cp "${CLASSPATH_JARS}" *.java; then
  java -jar /junit/junit-platform-console-standalone-6.0.3.jar execute \
    --class-path . --scan-class-path \
    --disable-banner --disable-ansi-colors \
    --details=tree --details-theme=ascii
fi
