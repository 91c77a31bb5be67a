"""The negotiation record of a case: contacts with lenders, offers and counter-offers, agreements and their
payments, reminders (.ics), the hardship evidence checklist and the tone helper pages."""
