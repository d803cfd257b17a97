"""What an erasure (touchpoints.people.erasure.erase_person) blanks among the meetings.

Meetings and suggestions point at people by row, and the erased row keeps no name or e-mail,
so attendee lists and counts need nothing. Text can still name them: a kept meeting title
("1:1 Ann Lee / Apps"), a suggestion's example titles, the examples of an import's skip report
(an address the directory did not know then), and the calendar files of an import not yet read
or failed (kept for a retry): those files are deleted and the import says why.
"""

from __future__ import annotations

import re

from touchpoints.models import (
    Meeting,
    MeetingImport,
    MeetingImportFile,
    MeetingImportStatus,
    Suggestion,
)

ERASED = "[erased]"
FILES_GONE = (
    "Its calendar files were deleted when a person they name was erased. Upload them again "
    "(exported anew) to import these meetings."
)


def scrub(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(ERASED, text)


def forget_in_meetings(workspace_id: int, name: str, email: str) -> None:
    """Blank `name` and `email` from the workspace's meeting texts (call it in the erasure's
    transaction)."""
    words = [re.escape(word) for word in (name.strip(), email.strip()) if len(word) > 2]
    if not words:
        return
    pattern = re.compile("|".join(words), re.IGNORECASE)
    titles = Meeting.objects.filter(workspace_id=workspace_id).exclude(title="")
    named = [m for m in titles.only("pk", "title").iterator() if pattern.search(m.title)]
    for meeting in named:
        meeting.title = scrub(meeting.title, pattern)
    Meeting.objects.bulk_update(named, ["title"], batch_size=1000)
    suggestions = Suggestion.objects.filter(workspace_id=workspace_id).exclude(example_titles=[])
    changed = []
    for suggestion in suggestions.only("pk", "example_titles"):
        titles_now = [scrub(title, pattern) for title in suggestion.example_titles]
        if titles_now != suggestion.example_titles:
            suggestion.example_titles = titles_now
            changed.append(suggestion)
    Suggestion.objects.bulk_update(changed, ["example_titles"])
    forget_in_imports(workspace_id, pattern, email)


def forget_in_imports(workspace_id: int, pattern: re.Pattern[str], email: str) -> None:
    jobs = list(MeetingImport.objects.filter(workspace_id=workspace_id))
    for job in jobs:
        job.skipped = {
            reason: {**found, "examples": [scrub(e, pattern) for e in found.get("examples", [])]}
            for reason, found in job.skipped.items()
        }
    MeetingImport.objects.bulk_update(jobs, ["skipped"])
    if not email:
        return
    needle = email.strip().casefold().encode()
    files = MeetingImportFile.objects.filter(job__workspace_id=workspace_id)
    naming = [f.pk for f in files.iterator() if needle in bytes(f.data).lower()]
    if naming:
        affected = files.filter(pk__in=naming).values("job")
        MeetingImport.objects.filter(pk__in=affected).exclude(
            status=MeetingImportStatus.RUNNING
        ).update(status=MeetingImportStatus.FAILED, error=FILES_GONE)
        MeetingImportFile.objects.filter(job__in=affected).delete()
