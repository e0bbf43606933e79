"""`python -m bot` is the `activity-bot` command."""

import sys

from bot.cli import main

sys.exit(main())
