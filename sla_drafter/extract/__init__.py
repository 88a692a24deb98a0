"""Document -> Terms: topics, numbers, durations, metrics, credits."""
