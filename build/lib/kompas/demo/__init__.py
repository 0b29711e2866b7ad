"""The demo municipality and synthetic stores of any scale (for tests and ``make bench``)."""
