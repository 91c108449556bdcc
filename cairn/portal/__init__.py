"""The client and family portal (mobile first)."""
