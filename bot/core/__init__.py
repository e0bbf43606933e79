"""The functional core: plan, roster, parser, progress, digest. No I/O, no clock, no Telegram."""
