# Runs the hiker's tests the way a bash/bats start point does: the test file is a bats script that
# runs itself. Its TAP output is also kept in report/, which comes back as a created file.
set -e -o pipefail
source ~/cyber_dojo_fs_cleaners.sh
report="${CYBER_DOJO_SANDBOX}/report"
cyber_dojo_reset_dirs "${report}"

chmod 700 ./*.sh
./test_hiker.sh | tee "${report}/tap.txt"
