"""The command line: `rehearse` parses its arguments here and hands each command to its application."""
