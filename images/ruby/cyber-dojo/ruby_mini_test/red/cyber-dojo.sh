# runbox's exercise for cyber-dojo's ruby-minitest start point: its tools, run the way its
# cyber-dojo.sh runs them, with runbox's own files.
set -e

# The runner puts these helpers into $HOME; reports go to a fresh folder in the sandbox.
source ~/cyber_dojo_fs_cleaners.sh
export REPORT_DIR=${CYBER_DOJO_SANDBOX}/report
function clean_up()
{
  cyber_dojo_delete_dirs coverage
}
cyber_dojo_reset_dirs "${REPORT_DIR}"
trap clean_up EXIT SIGTERM

export NO_COLOR=1

# Every test file in one ruby process, so that minitest prints one summary line.
ruby -e 'Dir.glob("*test*.rb").sort.each { |f| require File.expand_path(f) }' || true
