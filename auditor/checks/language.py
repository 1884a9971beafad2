"""Rules step: built-in language checks following official-document norms (GB/T 15834, GB/T 9704)."""
