"""Importer benchmarks and the realistic data generators the evidence benchmarks reuse.

Generators (seeded, streamed to disk):
- `write_big_sms_backup(path, n, seed=0)`: an SMS Backup & Restore file of n messages (~500 bytes each,
  Chinese lender texts, 1 in 250 an MMS with a ~16 KB picture): 200,000 → about 100 MB.
- `write_big_mbox(path, n, seed=0)`: an mbox of n lender e-mails (1 in 50 with a PDF attachment).
- `lxml_parse_only(path)`: the baseline — lxml iterparse reading every attribute of every element.

Figures (`importers.*`): SMS parse time against the baseline over the same file (goal ≤ 3×), peak memory
of parsing at 50k vs 500k messages (goal flat, ≤ 1.2×), mbox parse time against Python's own `mailbox`.
"""

from __future__ import annotations

import base64
import csv
import mailbox
import random
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree

from benchmarks.framework import BenchResult, best_of
from xieshang.importers.mbox import MboxImporter
from xieshang.importers.registry import context_for
from xieshang.importers.sms_backup import SmsBackupImporter

ROOT = Path(__file__).resolve().parent.parent

LENDERS = [
    ("95188", "某某消费金融"), ("95555", "XX银行信用卡中心"), ("10690000123", "某某小额贷款"),
    ("106900001111", "某某网贷平台"), ("02161234567", "某某资产管理（催收）"), ("4008001234", "XX律师事务所"),
]  # fmt: skip
TEMPLATES = [
    "【{l}】尊敬的客户，您的借款已逾期{d}天，应还金额{a}元，请于今日23:59前还款，以免影响个人征信。退订回T",
    "【{l}】您好，您在我司的欠款{a}元已逾期，我司已启动贷后程序，如有困难请致电协商分期还款方案。",
    "【{l}】温馨提示：您本期账单{a}元，最后还款日{m}月{day}日，请按时还款。",
    "{l}：您的账户已逾期{d}天，若三日内仍未处理，我方将依法委托第三方机构上门核实。",
    "【{l}】您已成功还款{a}元，感谢您的支持。剩余应还{b}元。",
    "好的，我这个月底先还{a}元，剩下的能不能分12期？",
]  # fmt: skip


def _sms_line(rng: random.Random, when: datetime) -> str:
    number, lender = rng.choice(LENDERS)
    body = rng.choice(TEMPLATES).format(
        l=lender, d=rng.randint(1, 400), a=f"{rng.randint(100, 90000)}.{rng.randint(0, 99):02d}",
        b=f"{rng.randint(100, 90000)}.00", m=rng.randint(1, 12), day=rng.randint(1, 28),
    )  # fmt: skip
    kind = 2 if body.startswith("好的") else 1
    ms = int(when.timestamp() * 1000)
    readable = (when + timedelta(hours=8)).strftime("%Y年%m月%d日 %H:%M:%S")
    return (
        f'  <sms protocol="0" address="{number}" date="{ms}" type="{kind}" subject="null" body={quoteattr(body)} '
        f'toa="null" sc_toa="null" service_center="+8613800100500" read="1" status="-1" locked="0" '
        f'date_sent="{ms if kind == 1 else 0}" sub_id="1" readable_date="{readable}" contact_name="{lender}" />\n'
    )


def _mms_block(rng: random.Random, when: datetime) -> str:
    number, lender = rng.choice(LENDERS)
    ms = int(when.timestamp() * 1000)
    picture = base64.b64encode(rng.randbytes(16 * 1024)).decode("ascii")
    return (
        f'  <mms date="{ms}" msg_box="1" address="{number}" m_id="m{ms}" sub="催收函" read="1" '
        f'contact_name="{lender}" ct_t="application/vnd.wap.multipart.related" m_type="132">\n'
        '    <parts>\n      <part seq="-1" ct="application/smil" name="smil.xml" text="&lt;smil/&gt;" />\n'
        f'      <part seq="0" ct="image/jpeg" name="IMG_{ms}.jpg" text="null" data="{picture}" />\n'
        '      <part seq="0" ct="text/plain" name="text_0.txt" text="请查收催收函，逾期将依法处理。" />\n'
        f'    </parts>\n    <addrs>\n      <addr address="{number}" type="137" charset="106" />\n'
        '      <addr address="13800138000" type="151" charset="106" />\n    </addrs>\n  </mms>\n'
    )


def write_big_sms_backup(path: Path, n: int, *, seed: int = 0) -> Path:
    """Write an n-message SMS Backup & Restore file, streamed; 1 in 250 messages is an MMS with a picture."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        out.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        out.write("<!--File Created By SMS Backup & Restore v10.20.002 on 05/03/2024 09:02:03-->\n")
        out.write(f'<smses count="{n}" backup_set="bench" backup_date="1709600000000" type="full">\n')
        for i in range(n):
            when = start + timedelta(seconds=97 * i)
            out.write(_mms_block(rng, when) if i % 250 == 249 else _sms_line(rng, when))
        out.write("</smses>\n")
    return path


def write_big_mbox(path: Path, n: int, *, seed: int = 0) -> Path:
    """Write an n-message mbox of lender e-mails (GB2312-labelled; 1 in 50 with a PDF attachment)."""
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.formats_email import write_mbox

    return write_mbox(path, n, charset="gb2312", seed=seed, attachment_every=50)


def lxml_parse_only(path: Path) -> int:
    """Baseline: lxml iterparse over the file, reading every attribute of every element, clearing as it goes."""
    total = 0
    for _event, elem in etree.iterparse(str(path), events=("end",), huge_tree=True, resolve_entities=False):
        for _key, value in elem.attrib.items():
            total += len(value)
        if elem.getparent() is not None and elem.getparent().getparent() is None:
            elem.clear()
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    return total


def _parse_all(importer_cls: type, path: Path) -> int:
    importer = importer_cls()
    context = context_for(path)
    with path.open("rb") as stream:
        return sum(1 for _ in importer.parse(stream, context))


def _mailbox_baseline(path: Path) -> int:
    box = mailbox.mbox(str(path), factory=lambda f: BytesParser(policy=policy.default).parse(f), create=False)
    count = 0
    for msg in box:
        body = msg.get_body(preferencelist=("plain", "html"))
        if body is not None:
            body.get_content()
        count += 1
    return count


_PEAK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from benchmarks.framework import peak_rss_kib
    from xieshang.importers.registry import context_for
    from xieshang.importers.sms_backup import SmsBackupImporter
    path = Path(sys.argv[1])
    with path.open("rb") as stream:
        n = sum(1 for _ in SmsBackupImporter().parse(stream, context_for(path)))
    print(n, peak_rss_kib())
    """
)


def _peak_rss_kib(path: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path)], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    return float(out[1])


def _results(work: Path, quick: bool) -> Iterator[BenchResult]:
    n = 20_000 if quick else 200_000
    sms = write_big_sms_backup(work / f"sms-{n}.xml", n)
    size_mb = sms.stat().st_size / 1e6
    repeats = 1 if not quick else 2
    base = best_of(repeats, lambda: lxml_parse_only(sms))
    ours = best_of(repeats, lambda: _parse_all(SmsBackupImporter, sms))
    yield BenchResult(
        f"importers.sms_parse_{n // 1000}k", ours, "s", "lxml iterparse, parse only", base, "ratio <= 3",
        f"{size_mb:.0f} MB; {n / ours:,.0f} records/s (parse only, no database)",
    )  # fmt: skip
    small_n, big_n = (5_000, 50_000) if quick else (50_000, 500_000)
    small = sms if small_n == n else write_big_sms_backup(work / f"sms-{small_n}.xml", small_n)
    big = sms if big_n == n else write_big_sms_backup(work / f"sms-{big_n}.xml", big_n)
    rss_small, rss_big = _peak_rss_kib(small), _peak_rss_kib(big)
    yield BenchResult(
        f"importers.sms_parse_peak_rss_{big_n // 1000}k", rss_big / 1024, "MiB",
        f"peak RSS parsing {small_n // 1000}k messages", rss_small / 1024, "ratio <= 1.2",
        f"files {small.stat().st_size / 1e6:.0f} MB and {big.stat().st_size / 1e6:.0f} MB",
    )  # fmt: skip
    m = 5_000 if quick else 50_000
    mbox = write_big_mbox(work / f"mail-{m}.mbox", m)
    base_mail = best_of(1, lambda: _mailbox_baseline(mbox))
    ours_mail = best_of(1, lambda: _parse_all(MboxImporter, mbox))
    yield BenchResult(
        f"importers.mbox_parse_{m // 1000}k", ours_mail, "s", "mailbox.mbox + email policy.default", base_mail,
        "ratio <= 3", f"{mbox.stat().st_size / 1e6:.0f} MB; {m / ours_mail:,.0f} messages/s",
    )  # fmt: skip


def write_big_wechat_csv(path: Path, n: int, *, seed: int = 0) -> Path:
    """A WeChatMsg/MemoTrace CSV (UTF-8 with BOM) of n lender chat messages, streamed; seeded."""
    rng = random.Random(seed)
    start = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp())
    with path.open("w", encoding="utf-8-sig", newline="", buffering=1 << 20) as out:
        writer = csv.writer(out)
        writer.writerow(["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status",
                         "StrContent", "StrTime", "Remark", "NickName", "Sender"])  # fmt: skip
        for i in range(n):
            _number, lender = rng.choice(LENDERS)
            text = rng.choice(TEMPLATES).format(
                l=lender, d=rng.randint(1, 400), a=f"{rng.randint(100, 90000)}.00", b="0.00", m=1, day=1
            )
            sender = int(text.startswith("好的"))
            when = start + 61 * i
            writer.writerow([i + 1, "wxid_lender", 1, 0, sender, when, 2, text,
                             datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d %H:%M:%S"), lender, lender,
                             "wxid_me" if sender else "wxid_lender"])  # fmt: skip
    return path


def _csv_baseline(path: Path) -> int:
    with path.open("r", encoding="utf-8-sig", newline="") as text:
        return sum(1 for _row in csv.DictReader(text))


def _text_results(work: Path, quick: bool) -> Iterator[BenchResult]:
    from xieshang.importers.chat_wechat import WeChatMsgCsvImporter

    n = 20_000 if quick else 200_000
    path = write_big_wechat_csv(work / f"wechat-{n}.csv", n)
    base = best_of(2, lambda: _csv_baseline(path))
    ours = best_of(2, lambda: _parse_all(WeChatMsgCsvImporter, path))
    yield BenchResult(
        f"importers.wechat_csv_parse_{n // 1000}k", ours, "s", "csv.DictReader over TextIOWrapper", base,
        "ratio <= 3", f"{path.stat().st_size / 1e6:.0f} MB; {n / ours:,.0f} records/s (incremental decoding)",
    )  # fmt: skip


def run(quick: bool) -> list[BenchResult]:
    with tempfile.TemporaryDirectory(prefix="xs-bench-importers-") as tmp:
        return [*_results(Path(tmp), quick), *_text_results(Path(tmp), quick)]
