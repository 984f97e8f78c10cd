"""The normalised text a client is searched by (R6.4), and the folding both sides share.

`fold` makes text comparable the way a receptionist reads it: case and accents do not
count ("Pérez" and "perez", "JOSÉ" and "jose"), and whatever is not a letter or a digit
only separates words ("mario.rossi@mail.it" reads "mario rossi mail it"). The stored
search text of a client and every search term go through the same function, so a term
matches exactly when its folded form is a part of the folded record.

`client_search_text` is the one place that says what a client is found by; every writer
of a client keeps it through `Client.save()` (models/client.py), and a writer that
skips the ORM calls it itself. The parts are separated by `|`, which no folded term
holds, so a term never matches across two fields; the text starts with a space, so that
every word follows one (a word start is " " + the word).
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

SEPARATOR = " | "
# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "\u0131": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)
_NOT_WORD = re.compile(r"[\W_]+")
_NOT_DIGIT = re.compile(r"\D")
_NOT_ALNUM = re.compile(r"[\W_]")


def fold(text: str) -> str:
    """Lower case without accents; every run of other characters than letters and digits
    becomes one space, none at the ends."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", bare).strip()


# Phone numbers a validator has just parsed (E.164 -> national digits), so that building
# the search text of the same record does not parse them again; bounded, oldest dropped.
_NATIONAL: dict[str, str] = {}
_NATIONAL_MAX = 16384


def remember_phone_digits(e164: str, national: str) -> None:
    """What `phone_digits` needs of a number a validator parsed: its national form."""
    if len(_NATIONAL) >= _NATIONAL_MAX:
        _NATIONAL.pop(next(iter(_NATIONAL)))
    _NATIONAL[e164] = _NOT_DIGIT.sub("", national)


def phone_digits(phone: str | None) -> list[str]:
    """The digit runs a stored phone (E.164) is found by: with the country code, and as
    dialled at home when that differs (the trunk prefix: UK 020…, not 4420…)."""
    if not phone:
        return []
    runs = [_NOT_DIGIT.sub("", phone)]
    national = _NATIONAL.get(phone)
    if national is None:
        try:
            number = phonenumbers.parse(phone, None)
        except phonenumbers.NumberParseException:
            return runs
        national = _NOT_DIGIT.sub(
            "", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        )
    if national and national not in runs[0]:
        runs.append(national)
    return runs


def client_search_text(
    first_name: str | None,
    last_name: str | None,
    email: str | None,
    phone: str | None,
    identification_number: str | None,
) -> str:
    """What a client is found by: names (either order is a matter of the terms, each
    matched on its own), email, phone digits, identification number (also without its
    separators, as it is often typed: "X-1234567-Z" and "x1234567z")."""
    parts = [fold(f"{first_name or ''} {last_name or ''}"), fold(email or "")]
    parts += phone_digits(phone)
    if identification_number:
        parts.append(fold(identification_number))
        compact = _NOT_ALNUM.sub("", fold(identification_number))
        if compact != parts[-1]:
            parts.append(compact)
    # A leading space: every word then follows a space, and "% ro%" finds word starts.
    return "".join(f"{SEPARATOR}{part}" for part in parts if part).removeprefix(" |")
