"""Each command's code, one small module per command (or family), imported only when that command runs."""
