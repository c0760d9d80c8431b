"""Deferred annotations for code under $CYBER_DOJO_SANDBOX (runbox's own, for cyber-dojo runs).

cyber-dojo's Python start points are written for Python 3.14, where annotations are evaluated
only when asked for (PEP 649), so that a method of class Hiker may be annotated `self: Hiker`.
Debian 13 has Python 3.13, which evaluates annotations when the `def` runs, before the name
Hiker exists, and the import fails with NameError.  This module, imported at start-up through
runbox_cyber_dojo.pth, compiles every module imported from under $CYBER_DOJO_SANDBOX as if it
began with `from __future__ import annotations`: annotations are kept as strings and never
evaluated at definition time.  It does nothing when CYBER_DOJO_SANDBOX is not set (runbox's own
runs of this image) and nothing for modules outside the sandbox (the standard library, pytest).
"""

import os
import sys


def _install(sandbox):
    import __future__
    from importlib import machinery

    root = os.path.realpath(sandbox)
    flags = __future__.annotations.compiler_flag

    class DeferredAnnotationsLoader(machinery.SourceFileLoader):
        """Loads a source file compiled with the annotations future flag; never uses bytecode."""

        def get_code(self, fullname):
            path = self.get_filename(fullname)
            return self.source_to_code(self.get_data(path), path)

        def source_to_code(self, data, path, *, _optimize=-1):
            return compile(data, path, "exec", flags=flags, dont_inherit=True,
                           optimize=_optimize)

    finder_for = machinery.FileFinder.path_hook(
        (machinery.ExtensionFileLoader, machinery.EXTENSION_SUFFIXES),
        (DeferredAnnotationsLoader, machinery.SOURCE_SUFFIXES),
        (machinery.SourcelessFileLoader, machinery.BYTECODE_SUFFIXES),
    )

    def sandbox_hook(path):
        real = os.path.realpath(path or os.getcwd())
        if real == root or real.startswith(root + os.sep):
            return finder_for(path)
        raise ImportError("not under the sandbox")

    sys.path_hooks.insert(0, sandbox_hook)
    sys.path_importer_cache.clear()


if os.environ.get("CYBER_DOJO_SANDBOX"):
    _install(os.environ["CYBER_DOJO_SANDBOX"])
