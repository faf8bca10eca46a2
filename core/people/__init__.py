"""The people who use hdr-desk: accounts, Telegram invite codes, and XLSX import of schools
and users."""
