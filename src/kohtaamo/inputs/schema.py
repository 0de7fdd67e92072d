"""``Text``: the ``str`` every API schema field and text parameter uses, checked by ``lib.wellformed``.

A lone surrogate or a NUL becomes pydantic's 422 naming the field (``loc``) instead of a 500 when the
value reaches the database; every accepted value is in NFC.
"""

from typing import Annotated

from pydantic import AfterValidator

from kohtaamo.lib.wellformed import TextInvalid, clean_text


def _well_formed(value: str) -> str:
    try:
        return clean_text(value)
    except TextInvalid as error:
        raise ValueError(str(error)) from None  # pydantic reports a ValueError as the field's error


Text = Annotated[str, AfterValidator(_well_formed)]
