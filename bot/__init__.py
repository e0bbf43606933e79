"""activity-bot: report the activities a yearly work plan asks for, and see what remains."""

__version__ = "0.1.0"
