"""Admission: an assessed (or waitlisted) inquiry becomes a client with an episode of care.

Rules:
- The inquiry must be assessed or waitlisted, with a level-of-care assessment on record.
- One person, one record: a client of the program with the same name and date of birth is
  offered instead of a new record. The coordinator either readmits that record (a new episode
  for the same client) or confirms this is a different person. Only clients the coordinator
  may see are searched (the door's ``clients_for``).
- The record number is unique within the organization; left empty, the next one is taken.
- The episode (``clients.episodes.open_episode``) gets the level of care (2.1 by default),
  track, date, primary clinician and care team, the referral source, and the weekly-hours
  minimum from the program's rules for the client's age.
- Insurance told at the inquiry becomes the primary coverage when the client has none.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cairn.admissions.models import Inquiry
from cairn.admissions.pipeline import _locked, _move, can_move
from cairn.audit.log import record
from cairn.clients.episodes import TeamMember, open_episode
from cairn.clients.models import Client, Coverage, Episode, LevelOfCare
from cairn.clients.registration import next_record_number, record_number_taken


@dataclass
class AdmissionDetails:
    first_name: str
    last_name: str
    date_of_birth: object
    admitted_on: object
    primary_clinician: object
    track: object = None
    level_of_care: str = LevelOfCare.IOP
    sex_at_birth: str = Client.SexAtBirth.UNKNOWN
    preferred_name: str = ""
    pronouns: str = ""
    mrn: str = ""
    team: list[TeamMember] = field(default_factory=list)


class PossibleDuplicate(ValidationError):
    """The person may already have a record: ``matches`` are the candidates to offer."""

    def __init__(self, matches: list[Client]):
        self.matches = matches
        super().__init__(
            {
                "match": "A client with this name and date of birth already has a record. "
                "Readmit that record, or confirm this is a different person."
            }
        )


def find_matches(clients: QuerySet[Client], *, first_name, last_name, date_of_birth):
    """Clients (from a queryset the door scoped) with the same name and date of birth."""
    return clients.filter(
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    ).order_by("pk")


def _check(inquiry: Inquiry, details: AdmissionDetails) -> None:
    if not can_move(inquiry, Inquiry.Status.ADMITTED):
        raise ValidationError(
            f"An inquiry that is {inquiry.get_status_display().lower()} can't be admitted: "
            "record the level-of-care assessment first."
        )
    if not inquiry.assessments.exists():
        raise ValidationError("Record the level-of-care assessment before admitting.")
    errors = {}
    if details.admitted_on > timezone.localdate():
        errors["admitted_on"] = "The admission date can't be in the future."
    if details.date_of_birth >= timezone.localdate():
        errors["date_of_birth"] = "The date of birth must be in the past."
    if errors:
        raise ValidationError(errors)


def _existing(inquiry, details, existing, visible) -> Client:
    same_person = find_matches(
        visible.filter(program=inquiry.program),
        first_name=details.first_name,
        last_name=details.last_name,
        date_of_birth=details.date_of_birth,
    ).filter(pk=existing.pk)
    if not same_person.exists():
        raise ValidationError({"match": "Choose one of the records offered."})
    if existing.episodes.filter(status=Episode.Status.ACTIVE).exists():
        raise ValidationError(
            {"match": f"{existing.display_name} is already active in the program."}
        )
    return existing


def _new_client(inquiry: Inquiry, details: AdmissionDetails) -> Client:
    organization = inquiry.program.organization
    mrn = details.mrn.strip()
    if mrn and record_number_taken(organization, mrn):
        raise ValidationError({"mrn": f"Record number {mrn} is already used in your organization."})
    try:
        with transaction.atomic():
            return Client.objects.create(
                organization=organization,
                program=inquiry.program,
                mrn=mrn or next_record_number(organization),
                first_name=details.first_name.strip(),
                last_name=details.last_name.strip(),
                preferred_name=details.preferred_name.strip(),
                pronouns=details.pronouns.strip(),
                date_of_birth=details.date_of_birth,
                sex_at_birth=details.sex_at_birth,
                phone=inquiry.phone,
                email=inquiry.email,
            )
    except IntegrityError:
        raise ValidationError({"mrn": "That record number was just taken; try again."}) from None


def _coverage_from_inquiry(client: Client, inquiry: Inquiry, by) -> None:
    if not (inquiry.insurance_payer and inquiry.insurance_member_id):
        return
    if client.coverages.filter(active=True, priority=Coverage.Priority.PRIMARY).exists():
        return
    Coverage.objects.create(
        client=client,
        payer_name=inquiry.insurance_payer,
        member_id=inquiry.insurance_member_id,
        created_by=by,
    )


def admit_client(
    inquiry: Inquiry,
    details: AdmissionDetails,
    *,
    visible_clients: QuerySet[Client],
    existing_client: Client | None = None,
    new_person_confirmed: bool = False,
    by,
    request=None,
) -> Episode:
    """Admit the inquiry's person (see the module docstring). Raises ``PossibleDuplicate``
    with the matching records when the person may already have one."""
    _check(inquiry, details)
    if existing_client is None and not new_person_confirmed:
        matches = list(
            find_matches(
                visible_clients.filter(program=inquiry.program),
                first_name=details.first_name,
                last_name=details.last_name,
                date_of_birth=details.date_of_birth,
            )
        )
        if matches:
            raise PossibleDuplicate(matches)
    with transaction.atomic():
        locked = _locked(inquiry)
        if existing_client is not None:
            client = _existing(locked, details, existing_client, visible_clients)
        else:
            client = _new_client(locked, details)
        episode = open_episode(
            client,
            program=locked.program,
            admitted_on=details.admitted_on,
            primary_clinician=details.primary_clinician,
            track=details.track,
            level_of_care=details.level_of_care,
            team=details.team,
            referral_source=locked.referral_source,
            referring_organization=locked.referring_organization,
            by=by,
            request=request,
        )
        _coverage_from_inquiry(client, locked, by)
        locked.client, locked.episode = client, episode
        _move(locked, Inquiry.Status.ADMITTED, by=by, note=f"Record {client.mrn}", request=request)
        record(
            "client.readmit" if existing_client is not None else "client.create",
            request=request,
            actor=by,
            obj=client,
            detail={"inquiry": locked.pk, "episode": episode.pk},
        )
    return episode
