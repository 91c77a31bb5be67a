"""Errors cross processes (an import's child sends the importer's error to the writer): both messages,
the data, the type and a subclass's own fields survive pickling."""

from __future__ import annotations

import pickle

import pytest

from xieshang.core.casefile_fields import CaseFileError
from xieshang.core.errors import InputError, IntegrityError
from xieshang.importers.base import ImportFormatError


@pytest.mark.parametrize(
    "error",
    [
        ImportFormatError("无法导入文件 a.xml（第 3 行）：时间戳无效", "Cannot import a.xml (line 3): invalid timestamp",
                          data={"file": "a.xml", "position": "line 3"}),
        IntegrityError("对象被改动", "the object was altered"),
        CaseFileError("debts[0].principal", "必须是金额", "must be an amount", got="abc"),
    ],
)  # fmt: skip
def test_an_error_pickles_whole(error: InputError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert (back.message_zh, back.message_en, back.data) == (error.message_zh, error.message_en, error.data)
    assert str(back) == str(error) and back.exit_status == error.exit_status
    assert vars(back) == vars(error)  # a subclass's own fields (CaseFileError.place) too
