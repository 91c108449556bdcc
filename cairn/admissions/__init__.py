"""Inquiries and referrals, pre-admission screening, level-of-care assessment, admission."""
