"""Why the reader left something out: the keys of `SkipReport.counts`, written for the admin.

Each is counted once per thing left out (a file, a zip member, an occurrence inside the window,
an attendee of an occurrence), with a few examples (file names, UIDs, names) kept beside it.
"""

from typing import Final

NOT_A_CALENDAR: Final = (
    "File is not a calendar: neither an iCalendar (.ics) file, a zip of them nor an Outlook CSV "
    "export"
)
UNREADABLE_FILE: Final = "Calendar file could not be read"
UNREADABLE_EVENT: Final = "Event could not be read (broken date, time zone or recurrence)"
UNREADABLE_ROW: Final = "Outlook CSV row could not be read (date or time not as Outlook writes it)"
CANCELLED: Final = "Cancelled occurrence"
ALL_DAY: Final = "All-day event (a day off, a holiday or a reminder, not a meeting)"
DUPLICATE: Final = "Occurrence already read from another file"
NO_EMAIL: Final = "Attendee without an e-mail address (cannot be matched to a person)"
NESTED_ZIP: Final = "Zip inside a zip (not opened)"
ENCRYPTED: Final = "Encrypted zip member (not opened)"
ZIP_TOO_BIG: Final = "Zip refused: too many files, or larger than allowed once unpacked"
UNREADABLE_ZIP: Final = "Zip could not be opened"
