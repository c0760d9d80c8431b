# runbox's exercise for cyber-dojo's clangplusplus-googletest start point: its tools, run the way its
# cyber-dojo.sh runs them, with runbox's own files.
set -e

# The runner puts these helpers into $HOME; reports go to a fresh folder in the sandbox.
source ~/cyber_dojo_fs_cleaners.sh
export REPORT_DIR=${CYBER_DOJO_SANDBOX}/report
function clean_up()
{
  : # nothing to remove
}
cyber_dojo_reset_dirs "${REPORT_DIR}"
trap clean_up EXIT SIGTERM

make
gcovr --gcov-executable 'llvm-cov gcov' --root . > "${REPORT_DIR}/coverage.txt"
