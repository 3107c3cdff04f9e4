"""Tracks and topics as files name them: by slug, English or Korean name."""

import re
from itertools import pairwise
from pathlib import PurePath

from interviews.importing import errors
from interviews.importing.errors import ImportFileError
from interviews.importing.normalise import clean
from interviews.models import Topic, Track


class Catalogue:
    """Tracks and topics by slug or either name, loaded once per import."""

    def __init__(self) -> None:
        self.tracks: dict[str, Track] = {}
        self.topics: dict[int, dict[str, Topic]] = {}
        for track in Track.objects.all():
            for key in (track.slug, track.name, track.name_ko):
                if key:
                    self.tracks.setdefault(key.casefold().strip(), track)
        for topic in Topic.objects.all():
            by_key = self.topics.setdefault(topic.track_id, {})
            for key in (topic.slug, topic.name, topic.name_ko):
                if key:
                    by_key.setdefault(key.casefold().strip(), topic)

    def track(self, value: str) -> Track | None:
        return self.tracks.get(clean(value).casefold()) if value else None

    def track_in_filename(self, filename: str) -> Track | None:
        """The one track a file's name names ("python_notes_ko.docx", "web-backend.md"),
        by a word or two adjacent words of its stem; None when it names none or several."""
        words = [w for w in re.split(r"[\s_.\-]+", PurePath(filename).stem.casefold()) if w]
        candidates = words + [f"{a}-{b}" for a, b in pairwise(words)]
        found = {self.tracks[c].pk: self.tracks[c] for c in candidates if c in self.tracks}
        return next(iter(found.values())) if len(found) == 1 else None

    def topic(self, track: Track, value: str) -> Topic | None:
        return self.topics.get(track.pk, {}).get(clean(value).casefold()) if value else None


def track_for_slug(slug: str) -> Track:
    catalogue_track = Track.objects.filter(slug=slug).first()
    if catalogue_track is None:
        catalogue_track = Catalogue().track(slug)
    if catalogue_track is None:
        existing = ", ".join(Track.objects.values_list("slug", flat=True)) or "-"
        raise ImportFileError(str(errors.UNKNOWN_TRACK % {"track": slug, "tracks": existing}))
    return catalogue_track
