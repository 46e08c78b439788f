"""events: 政务公开日 / 政府开放日 activities, forum sessions with Q&A, calendars and iCal."""
