"""Person-level pages. Every read goes through visible_to(user) and writes one access event."""
