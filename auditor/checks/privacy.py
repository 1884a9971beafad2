"""Rules step: built-in checks for personal data and secrecy marks in a report meant for publication."""
