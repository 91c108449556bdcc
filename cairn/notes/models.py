"""Clinical notes: a client's note, a session's group note with its per-member entries,
addenda, SUD counseling notes (kept apart), and each program's note configuration.

Signed notes are immutable (DESIGN.md principle 2). Here the model layer refuses any change to
a signed record's clinical content (``save``, ``QuerySet.update``, ``bulk_update``, ``delete``);
on PostgreSQL triggers refuse it too (migration 0002), so no code path — not even raw SQL —
can alter a signed note. Corrections are addenda. Co-signing is the one later write a signed
note accepts, once.

Treatment-plan link (the plans issue): a note records the goals or objectives it addressed.
Add ``addressed_objectives = models.ManyToManyField("plans.Objective", through=...)`` on
``ServiceRecord``'s concrete ``Note`` and a field in ``forms.NoteForm``; the through model
should refuse rows for signed notes like ``GroupNoteEntry`` does (see ``_group_note_signed``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from cairn.notes import catalog


class NoteImmutableError(Exception):
    """Raised on any attempt to change a signed note's content or to delete it."""


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    TELEHEALTH = "telehealth", "Telehealth"


#: Fields a signed record still accepts: the lock counter, the edit time, and co-signing.
MUTABLE_AFTER_SIGNING = frozenset(
    {"version", "updated_at", "cosigner", "cosigned_at", "cosigned_by"}
)
COSIGN_FIELDS = frozenset({"cosigned_at", "cosigned_by"})


def _names(model, fields) -> frozenset[str]:
    """Field names and attnames (``author`` and ``author_id``) of ``fields``."""
    found = set()
    for field in model._meta.concrete_fields:
        if field.name in fields:
            found |= {field.name, field.attname}
    return frozenset(found)


class SignedRecordQuerySet(models.QuerySet):
    """Bulk writes refuse to touch signed rows' content (and rows already co-signed)."""

    def _refuse(self, names) -> None:
        model = self.model
        names = set(names)
        if names & model.frozen_names() and self.filter(status=Status.SIGNED).exists():
            raise NoteImmutableError("A signed note cannot be changed. Add an addendum instead.")
        if names & _names(model, COSIGN_FIELDS) and self.filter(cosigned_at__isnull=False).exists():
            raise NoteImmutableError("This note is already co-signed.")

    def update(self, **kwargs):
        self._refuse(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        """Checked before Django's own transaction starts, so a refusal leaves the caller's
        transaction usable."""
        self.model.objects.filter(pk__in=[o.pk for o in objs])._refuse(fields)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if self.filter(status=Status.SIGNED).exists():
            raise NoteImmutableError("Signed notes are never deleted.")
        return super().delete()


class ServiceRecord(models.Model):
    """What a client's note and a session's group note share: the service documented, the
    signature and the co-signature."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=8, choices=catalog.format_choices)
    service_date = models.DateField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(
        max_length=200, blank=True, help_text="Room or site; for telehealth, the platform."
    )
    modalities = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    due_at = models.DateTimeField(help_text="Service end plus the program's due time.")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic locking.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cosign_required = models.BooleanField(default=False)
    cosigner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The supervisor whose co-sign queue holds the note.",
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SignedRecordQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(signed_at__isnull=False, signed_by__isnull=False),
                name="%(app_label)s_%(class)s_signed_has_signer",
            ),
            models.CheckConstraint(
                condition=models.Q(cosigned_at__isnull=True)
                | models.Q(cosign_required=True, cosigned_by__isnull=False, status="signed"),
                name="%(app_label)s_%(class)s_cosign_complete",
            ),
        ]

    # Immutability -----------------------------------------------------------------------

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self._refuse_changes_to_signed(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def _refuse_changes_to_signed(self, update_fields) -> None:
        """Compare with the stored row (not a copy kept in memory, which may be stale)."""
        fields = [f for f in self._meta.concrete_fields if f.name != "id"]
        if update_fields is not None:
            fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
        stored = (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .values("status", "cosigned_at", *[f.attname for f in fields])
            .first()
        )
        if stored is None:
            return
        changed = {f.name for f in fields if stored[f.attname] != getattr(self, f.attname)}
        if stored["status"] == Status.SIGNED and changed - MUTABLE_AFTER_SIGNING:
            raise NoteImmutableError("A signed note cannot be changed. Add an addendum instead.")
        if stored["cosigned_at"] is not None and changed & COSIGN_FIELDS:
            raise NoteImmutableError("This note is already co-signed.")

    def delete(self, *args, **kwargs):
        if type(self)._base_manager.filter(pk=self.pk, status=Status.SIGNED).exists():
            raise NoteImmutableError("Signed notes are never deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def frozen_names(cls) -> frozenset[str]:
        names = {f.name for f in cls._meta.concrete_fields} - MUTABLE_AFTER_SIGNING - {"id"}
        return _names(cls, names)

    # Facts for pages ---------------------------------------------------------------------

    @property
    def is_signed(self) -> bool:
        return self.status == Status.SIGNED

    @property
    def is_late(self) -> bool:
        """Signed after it was due."""
        return bool(self.signed_at and self.signed_at > self.due_at)

    def is_overdue(self, now=None) -> bool:
        return self.status == Status.DRAFT and (now or timezone.now()) > self.due_at

    @property
    def awaiting_cosign(self) -> bool:
        return self.is_signed and self.cosign_required and self.cosigned_at is None

    @property
    def format_label(self) -> str:
        return catalog.catalog().formats[self.format].label

    @property
    def modality_labels(self) -> list[str]:
        names = catalog.catalog().modalities
        return [names.get(code, code) for code in self.modalities]

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end time must be after the start time."})
        unknown = set(self.modalities or ()) - set(catalog.catalog().modalities)
        if unknown:
            raise ValidationError({"modalities": f"Unknown modality: {', '.join(sorted(unknown))}"})


class GroupNote(ServiceRecord):
    """A group session's documentation while it is written: the shared part (topic,
    intervention, group process) and one entry per roster member. Signing writes one ``Note``
    per present member with the shared part and that member's entry only."""

    session = models.OneToOneField(
        "scheduling.Session", on_delete=models.PROTECT, related_name="group_note"
    )
    shared_sections = models.JSONField(default=dict, blank=True)

    class Meta(ServiceRecord.Meta):
        indexes = [
            models.Index(fields=["author", "status"]),
            models.Index(fields=["program", "service_date"]),
        ]

    def __str__(self) -> str:
        return f"Group note for session {self.session_id}"

    @property
    def layout(self) -> catalog.GroupLayout:
        return catalog.catalog().group_layouts[self.format]


class Note(ServiceRecord):
    """One clinical note in one client's chart."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="notes")
    session = models.ForeignKey(
        "scheduling.Session",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
    )
    group_note = models.ForeignKey(
        GroupNote, null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    note_type = models.CharField(max_length=24, choices=catalog.note_type_choices)
    shared_sections = models.JSONField(
        default=dict, blank=True, help_text="Group notes: the part shared by every member."
    )
    sections = models.JSONField(default=dict, blank=True)
    addressed_objectives = models.ManyToManyField(
        "plans.Objective",
        blank=True,
        related_name="notes",
        help_text="Treatment-plan objectives this service addressed (issue 9, point 3).",
    )
    cited_homework = models.ManyToManyField(
        "homework.Assignment",
        blank=True,
        related_name="cited_in_notes",
        help_text="The client's completed homework this note cites (issue 11, point 4).",
    )

    class Meta(ServiceRecord.Meta):
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["client", "status", "starts_at"]),
            models.Index(fields=["author", "status"]),
            models.Index(fields=["cosigner", "cosigned_at"]),
            models.Index(fields=["program", "service_date"]),
        ]
        constraints = [
            *ServiceRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["group_note", "client"],
                condition=models.Q(group_note__isnull=False),
                name="note_one_per_member_of_group_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type_label} note, {self.service_date:%Y-%m-%d}"

    @property
    def type_label(self) -> str:
        return catalog.note_type_label(self.note_type)

    def cited_homework_ids(self) -> list[int]:
        return list(self.cited_homework.values_list("pk", flat=True)) if self.pk else []

    def addressed_objectives_ids(self) -> list[int]:
        return list(self.addressed_objectives.values_list("pk", flat=True)) if self.pk else []

    @property
    def shared_items(self) -> list[tuple[str, str]]:
        """(label, text) of the shared part, in the format's order."""
        keys = catalog.catalog().shared_keys(self.note_type, self.format)
        return [(catalog.section_label(k), self.shared_sections.get(k, "")) for k in keys]

    @property
    def section_items(self) -> list[tuple[str, str]]:
        keys = catalog.catalog().section_keys(self.note_type, self.format)
        return [(catalog.section_label(k), self.sections.get(k, "")) for k in keys]


def _group_note_signed(group_note_ids) -> bool:
    return GroupNote._base_manager.filter(pk__in=group_note_ids, status=Status.SIGNED).exists()


class GroupNoteEntryQuerySet(models.QuerySet):
    def _refuse(self) -> None:
        if _group_note_signed(self.values("group_note_id")):
            raise NoteImmutableError("A signed group note cannot be changed.")

    def update(self, **kwargs):
        self._refuse()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        """Checked before Django's own transaction starts (see SignedRecordQuerySet)."""
        if _group_note_signed({o.group_note_id for o in objs}):
            raise NoteImmutableError("A signed group note cannot be changed.")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        self._refuse()
        return super().delete()


class GroupNoteEntry(models.Model):
    """One member's individualized part of a group note, while it is written."""

    group_note = models.ForeignKey(GroupNote, on_delete=models.PROTECT, related_name="entries")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="group_note_entries"
    )
    present = models.BooleanField(default=True)
    sections = models.JSONField(default=dict, blank=True)

    objects = GroupNoteEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group_note", "client"], name="group_entry_unique")
        ]

    def __str__(self) -> str:
        return f"Entry for client {self.client_id} in group note {self.group_note_id}"

    def save(self, *args, **kwargs):
        if _group_note_signed([self.group_note_id]):
            raise NoteImmutableError("A signed group note cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _group_note_signed([self.group_note_id]):
            raise NoteImmutableError("A signed group note cannot be changed.")
        return super().delete(*args, **kwargs)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise NoteImmutableError(f"{self.model._meta.verbose_name} rows cannot be changed.")

    def bulk_update(self, *args, **kwargs):
        raise NoteImmutableError(f"{self.model._meta.verbose_name} rows cannot be changed.")

    def delete(self):
        raise NoteImmutableError(f"{self.model._meta.verbose_name} rows cannot be deleted.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise NoteImmutableError(f"A {self._meta.verbose_name} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise NoteImmutableError(f"A {self._meta.verbose_name} cannot be deleted.")


class Addendum(AppendOnly):
    """A correction or later addition to a signed note, shown with it (DESIGN.md principle 2)."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum to note {self.note_id} ({self.reason})"


class CounselingNote(AppendOnly):
    """A SUD counseling note (42 CFR Part 2, ../shared/DOMAIN.md): the clinician's analysis of
    the conversation in a counseling session, kept apart from the rest of the record.

    Visible only to its author (the consents issue adds: whoever a specific consent allows).
    Never part of a general export, list or disclosure: there is no reverse relation from the
    client (``related_name="+"``) and ``general_export`` is False for exporters to check.
    Once saved it is not changed; a later thought is another counseling note."""

    general_export = False

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        "scheduling.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service_date = models.DateField()
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    class Meta:
        ordering = ["-service_date", "-written_at"]
        indexes = [models.Index(fields=["author", "client"])]

    def __str__(self) -> str:
        return f"Counseling note {self.pk}"


# Program configuration (the Django admin; no client data) -------------------------------------


class ProgramNoteSetting(models.Model):
    """A program's rules for one note type: when it is due and its default format."""

    program = models.ForeignKey("core.Program", on_delete=models.CASCADE, related_name="+")
    note_type = models.CharField(max_length=24, choices=catalog.note_type_choices)
    due_hours = models.PositiveSmallIntegerField(
        help_text="Hours after the service ends. Defaults: 24 for groups, 72 for others."
    )
    default_format = models.CharField(
        max_length=8, choices=catalog.format_choices, blank=True, help_text="Blank: the usual."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "note_type"], name="note_setting_unique"),
            models.CheckConstraint(
                condition=models.Q(due_hours__gte=1, due_hours__lte=720),
                name="note_setting_due_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{catalog.note_type_label(self.note_type)}: due in {self.due_hours} h"

    def clean(self) -> None:
        note_type = catalog.catalog().note_types.get(self.note_type)
        if note_type and self.default_format and self.default_format not in note_type.formats:
            allowed = ", ".join(note_type.formats)
            raise ValidationError({"default_format": f"Pick one of {allowed}."})


class NoteTemplate(models.Model):
    """A program's starting text for each section of one note type in one format."""

    program = models.ForeignKey("core.Program", on_delete=models.CASCADE, related_name="+")
    note_type = models.CharField(max_length=24, choices=catalog.note_type_choices)
    format = models.CharField(max_length=8, choices=catalog.format_choices)
    texts = models.JSONField(
        default=dict,
        help_text='Starting text per section, e.g. {"plan": "Next session:"}.',
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "note_type", "format"], name="note_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{catalog.note_type_label(self.note_type)} ({self.format})"

    def clean(self) -> None:
        cat = catalog.catalog()
        note_type = cat.note_types.get(self.note_type)
        if note_type is None:
            return
        if self.format not in note_type.formats:
            raise ValidationError({"format": f"Pick one of {', '.join(note_type.formats)}."})
        if not isinstance(self.texts, dict) or not all(
            isinstance(v, str) for v in self.texts.values()
        ):
            raise ValidationError({"texts": "Write an object of section name → text."})
        allowed = cat.shared_keys(self.note_type, self.format) + cat.section_keys(
            self.note_type, self.format
        )
        unknown = sorted(set(self.texts) - set(allowed))
        if unknown:
            raise ValidationError(
                {
                    "texts": f"Not a section of this format: {', '.join(unknown)}. "
                    f"Sections: {', '.join(allowed)}."
                }
            )


@receiver(m2m_changed, sender=Note.cited_homework.through)
@receiver(m2m_changed, sender=Note.addressed_objectives.through)
def _objectives_frozen_once_signed(sender, instance, action, **kwargs):
    """The objectives a signed note addressed, and the homework it cites, are part of what was
    signed."""
    signed = Note.objects.filter(pk=instance.pk, status=Status.SIGNED)
    if action.startswith("pre_") and isinstance(instance, Note) and signed.exists():
        raise NoteImmutableError("A signed note can't change; add an addendum instead.")
