"""``python -m crm_lib`` is the ``crm`` command."""

import sys

from crm_lib.cli import main

sys.exit(main())
