"""Who may audit the access log and answer the people's requests about their data. Written once.

- The access log: administrators and privacy officers read it.
- The audit trail of privileged actions: privacy officers and superusers read it. Not the
  administrator role: administrators are the ones who grant roles and lift blocks, and the trail
  is there to check them.
- Subject rights (find a person, see what exists, export, anonymise on request): privacy officers
  only. The role is not a service role: it opens no detainee page, list or note; it reads one
  person's data only to answer that person's request, and each such read is logged.
- The disclosure policy of a service (may its notes' and interviews' contents go into an export?):
  that service's managers decide.
"""

from __future__ import annotations

from concerto.accounts.permissions import Actor


def can_read_access_log(actor: Actor) -> bool:
    return actor.is_admin or actor.is_privacy_officer


def can_answer_subject_requests(actor: Actor) -> bool:
    return actor.is_privacy_officer


def can_set_disclosure(actor: Actor) -> bool:
    return bool(actor.managed_organisation_ids)


def can_read_audit_trail(actor: Actor) -> bool:
    return actor.is_privacy_officer or actor.is_superuser
