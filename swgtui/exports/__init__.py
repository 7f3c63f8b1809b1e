"""Writers that turn a report into documents for people outside swgtui."""
