# runbox's exercise for cyber-dojo's python-pytest start point: its tools, run the way its
# cyber-dojo.sh runs them, with runbox's own files.
set -e

# The runner puts these helpers into $HOME; reports go to a fresh folder in the sandbox.
source ~/cyber_dojo_fs_cleaners.sh
export REPORT_DIR=${CYBER_DOJO_SANDBOX}/report
function clean_up()
{
  cyber_dojo_delete_dirs .pytest_cache .mypy_cache
}
cyber_dojo_reset_dirs "${REPORT_DIR}"
trap clean_up EXIT SIGTERM

export PYTEST_ADDOPTS="-v"

echo "mypy"
mypy *.py | tee "${REPORT_DIR}/mypy.txt" || true

echo
coverage run --source="${CYBER_DOJO_SANDBOX}" --module pytest \
  --capture=tee-sys --random-order-bucket=global *test*.py

echo
coverage report --show-missing | tee "${REPORT_DIR}/coverage.txt"

echo
pycodestyle "${CYBER_DOJO_SANDBOX}" --show-source --max-line-length=80 \
  > "${REPORT_DIR}/style.txt"
