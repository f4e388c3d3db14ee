"""The record: summary PDF, signing and FHIR export. No Qt here."""
