"""Cairn: the software an addiction-treatment Intensive Outpatient Program runs on."""
