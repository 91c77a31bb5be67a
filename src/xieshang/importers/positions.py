"""Positions in a source file, as the importers write them ("sms #3, line 40"), for people to read."""

from xieshang.importers._common import position_zh

__all__ = ["position_zh"]
