# Loads the gdb views of mmk's memory (tools/gdb/README.md): `source tools/gdb/mmk.py`, as
# tools/gdbinit and tools/gdbinit-user do. Sourcing it again reloads the modules, so an
# edited helper can be tried without restarting gdb.

import importlib
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import mmk_attach    # noqa: E402
import mmk_kernel    # noqa: E402
import mmk_space     # noqa: E402
import mmk_system    # noqa: E402

for _m in (mmk_attach, mmk_kernel, mmk_space, mmk_system):
    importlib.reload(_m)
mmk_space.register()
mmk_system.register()
