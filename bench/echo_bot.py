"""The baseline: a bare python-telegram-bot echo bot (long polling), nothing else."""

from __future__ import annotations

import sys

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the message back."""
    if update.effective_message is not None and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    base = sys.argv[1]
    application = ApplicationBuilder().token("4242:BENCH-token").base_url(f"{base}/bot").build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(poll_interval=0, timeout=10)


if __name__ == "__main__":
    main()
