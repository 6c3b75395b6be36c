"""normalize_json: the same values, and the same exceptions, for the same input."""

import decimal
import enum
from collections import OrderedDict, UserDict, UserList, defaultdict
from datetime import datetime
from types import MappingProxyType
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from implementations import BACKPORT, BUILTIN, canonical, outcome


class Colour(enum.IntEnum):
    RED = 1


class Label(str):
    pass


class Ratio(float):
    pass


hashable = st.one_of(
    st.text(max_size=5),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.binary(max_size=4),
    st.tuples(st.integers()),
    st.frozensets(st.integers(), max_size=2),
    st.builds(Label, st.text(max_size=3)),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.binary(max_size=6),  # Valid UTF-8 or not.
    st.just(Colour.RED),
    st.builds(Label, st.text(max_size=3)),
    st.builds(Ratio, st.floats(allow_nan=False)),
)

unsupported = st.one_of(
    st.decimals(allow_nan=False),
    st.datetimes(),
    st.sets(st.integers(), max_size=2),
    st.frozensets(st.integers(), max_size=2),
    st.complex_numbers(allow_nan=False),
    st.builds(bytearray, st.binary(max_size=3)),
    st.binary(max_size=3).map(lambda b: memoryview(b)),
    st.builds(range, st.integers(0, 3)),
    st.just(object()),
    st.just(any),
    st.just(datetime),
)

values = st.recursive(
    st.one_of(scalars, unsupported),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.tuples(children, children),
        st.dictionaries(hashable, children, max_size=3),
        st.builds(UserList, st.lists(children, max_size=2)),
        st.builds(UserDict, st.dictionaries(st.text(max_size=2), children, max_size=2)),
        st.builds(OrderedDict, st.dictionaries(st.text(max_size=2), children, max_size=2)),
        st.builds(MappingProxyType, st.dictionaries(hashable, children, max_size=2)),
        st.builds(
            lambda d: defaultdict(list, d),
            st.dictionaries(st.integers(), children, max_size=2),
        ),
    ),
    max_leaves=12,
)


def normalized(impl: Any, value: Any) -> Any:
    return outcome(impl, lambda: canonical(impl.normalize_json(value)))


@given(values)
def test_normalize_json(value: Any) -> None:
    assert normalized(BACKPORT, value) == normalized(BUILTIN, value)


@given(st.one_of(scalars, unsupported))
def test_normalize_json_scalars(value: Any) -> None:
    assert normalized(BACKPORT, value) == normalized(BUILTIN, value)


def test_decimal_is_rejected_alike() -> None:
    # A fixed case too, so a failure reads plainly in the log.
    value = {"a": [decimal.Decimal("1.5")]}
    assert normalized(BACKPORT, value) == normalized(BUILTIN, value)


def test_undecodable_bytes_chain_the_decode_error() -> None:
    # Found by this file: the backport raised "from None", hiding the
    # UnicodeDecodeError that Django's traceback shows.
    assert normalized(BACKPORT, b"\xff") == normalized(BUILTIN, b"\xff")
    assert normalized(BUILTIN, b"\xff")[1]["context"] == "UnicodeDecodeError"
