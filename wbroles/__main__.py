"""``python -m wbroles``: the same as the ``wbroles`` command."""

import sys

from wbroles_cli import main

sys.exit(main())
