"""upsertClients' consent answers (R10.5, R11.1, docs/consent.md): a row's `consents`
are what setClientConsent takes (purpose, granted, source, proof) and are checked by its
own rule before the batch: a grant needs its proof, the person's own sources (CLIENT_APP,
UNSUBSCRIBE_LINK) cannot be claimed, a purpose is answered once. A row that breaks one is
refused whole, nothing of it written, the other rows going on. The source is API for a
key and STAFF for staff unless the answer names another; the proof is kept as given. The
answers are then written by the batch with the row (`upsert_consent.py`): the same
permission as setClientConsent (`clients:write`), the same record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from models.enums import ConsentPurpose
from resolvers.access.actor import Actor
from resolvers.consent.set_client_consent import clean_consent
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.imports.upsert_plan import ConsentAnswer, Row, RowOutcome, refused


def check_given(actor: Actor, rows: Sequence[Row]) -> tuple[list[Row], list[RowOutcome]]:
    """upsertClients: each row's `consents_given` checked by setClientConsent's rule into
    its `consent`; the rows to write, and the refusals of the others (errors at
    `consents.<i>.<field>`)."""
    kept: list[Row] = []
    refusals: list[RowOutcome] = []
    for row in rows:
        errors: list[UserError] = []
        answers: dict[ConsentPurpose, ConsentAnswer] = {}
        for i, given in enumerate(row.consents_given):
            at = ("consents", str(i))
            if given.purpose in answers:
                message = "The row already answers for this purpose"
                errors.append(error(ErrorCode.INVALID, message, *at, "purpose"))
                continue
            try:
                source, proof = clean_consent(actor, given.granted, given.source, given.proof)
            except UserErrors as exc:
                errors += [error(e.code, e.message, *at, *(e.field or ())) for e in exc.errors]
                continue
            answers[given.purpose] = ConsentAnswer(given.granted, proof, at[1], source)
        if errors:
            refusals.append(refused(row, *errors))
        else:
            kept.append(replace(row, consent={**row.consent, **answers}) if answers else row)
    return kept, refusals
