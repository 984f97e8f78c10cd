"""The import hot path's cheap checks (issue 17) keep the rules of §2: an email's plain
local part is taken as it is and only its domain is validated (once per domain), a phone
is parsed once and cached. Property tests hold them to the full validators."""

from __future__ import annotations

import string

from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from models.search_text import _NATIONAL, client_search_text, phone_digits
from resolvers.clients.client_fields import Invalid, clean_email, phone_cleaner
from resolvers.errors import ErrorCode


def reference_email(raw: str) -> str | None:
    """What clean_email answered before the fast path: the validator on every address."""
    text = raw.strip()
    if not text:
        return None
    if len(text) > 254:
        raise Invalid(ErrorCode.TOO_LONG, "")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid(ErrorCode.INVALID_EMAIL, "") from None
    local, _, domain = result.normalized.rpartition("@")
    return f"{local}@{domain.lower()}"


def outcome(clean, raw: str) -> tuple[str, str | None]:
    try:
        return ("ok", clean(raw))
    except Invalid as exc:
        return ("refused", exc.code.value)


_LOCAL = st.text(string.ascii_letters + string.digits + ".-_+!#'~\"@ ", min_size=0, max_size=70)
_LABEL = st.text(string.ascii_letters + string.digits + "-_", min_size=0, max_size=20)
_DOMAIN = st.one_of(
    st.lists(_LABEL, min_size=1, max_size=4).map(".".join),
    st.sampled_from(["example.com", "Gmail.COM", "test", "localhost", "x.123", "mail.it", ""]),
    st.text(max_size=20),
)


@settings(max_examples=600, deadline=None)
@given(_LOCAL, _DOMAIN)
def test_the_fast_email_check_answers_as_the_validator(local, domain):
    raw = f"{local}@{domain}"
    assert outcome(clean_email, raw) == outcome(reference_email, raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_cleaned_as_the_validator_would(raw):
    assert outcome(clean_email, raw) == outcome(reference_email, raw)


def test_known_addresses():
    assert clean_email(" Mario.Rossi+x@Example.COM ") == "Mario.Rossi+x@example.com"
    for bad in ("a..b@example.com", "a@localhost", "a@-x.com", ".a@example.com", "a@x.123"):
        assert outcome(clean_email, bad) == ("refused", "invalid_email")


def test_a_phone_is_parsed_once_and_searched_in_both_forms():
    clean = phone_cleaner("GB")
    assert clean("020 7946 0018") == "+442079460018"
    assert _NATIONAL["+442079460018"] == "02079460018"
    text = client_search_text("A", "B", None, "+442079460018", None)
    assert "02079460018" in text and "442079460018" in text
    # The same as parsing the stored number again.
    _NATIONAL.clear()
    assert phone_digits("+442079460018") == ["442079460018", "02079460018"]
    assert outcome(clean, "12") == ("refused", "invalid_phone")


def test_role_mailboxes_are_lower_cased_as_the_validator_does():
    """RFC 2142 names (info@, postmaster@ …) are case-insensitive: the validator lower-cases
    them, so the fast path must too (an organization's reply-to 'Info@…' is stored 'info@…')."""
    for raw in ("Info@PalestraSole.example", "POSTMASTER@x.it", "Abuse@example.com", "Infos@x.it"):
        assert outcome(clean_email, raw) == outcome(reference_email, raw)
    assert clean_email("Info@PalestraSole.example") == "info@palestrasole.example"
