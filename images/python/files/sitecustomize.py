"""runbox's sitecustomize, in place of Debian's (which only tries to install apport's hook, and
apport is not in this image).

Python imports it at every start, after site has imported os.  For a cyber-dojo run (with
CYBER_DOJO_SANDBOX set) it loads runbox_deferred_annotations; for any other run it costs next to
nothing.  A .pth file did this before, but Python then read and ran the .pth and imported the
module on every start, about 2.5 ms of a 20 ms print("hello").
"""

import os

if os.environ.get("CYBER_DOJO_SANDBOX"):
    import runbox_deferred_annotations  # noqa: F401
