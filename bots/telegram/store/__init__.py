"""What the Telegram channel keeps in the database, beside the complaint process: the raw
updates (stored before Telegram is told they arrived), each chat's dialogue state, where each
complaint lives in the staff group, and the staff forms waiting for a text."""
