"""What a process loads when it starts: the costly imports a report kernel or ``crm run``
does not need stay out (crm_lib.jupyter_compat; timings live in benchmarks/)."""

from __future__ import annotations

import subprocess
import sys


def _loaded(code: str) -> set[str]:
    """Top-level modules loaded in a fresh interpreter after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m, v in sys.modules.items() if v))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_nbformat_after_crm_lib_skips_the_iri_grammar_and_still_validates():
    loaded = _loaded(
        "import crm_lib, nbformat\n"
        "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x = 1')])\n"
        "nbformat.validate(nb)"
    )
    assert "jsonschema" in loaded and "nbformat" in loaded
    assert "rfc3987_syntax" not in loaded and "lark" not in loaded


def test_report_kernel_modules_do_not_load_the_notebook_export():
    loaded = _loaded("import crm_lib.executive.blocks, crm_lib.notebook, crm_lib.charts")
    assert not {"nbconvert", "nbformat", "jsonschema", "papermill"} & loaded
