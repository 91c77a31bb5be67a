"""The tone helper (step 5, 保持积极沟通): flag wording in a message to a lender that is likely to hurt the
negotiation — insults, threats, absolute refusals, shouting, accusations, despair — and suggest calm phrasing.

Pure: text in, a `ToneReport` out. Every flag carries its span (for highlighting), a bilingual explanation
and a bilingual suggestion. A flag is advice about tone, never a judgement about whether the borrower is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class ToneCode(StrEnum):
    INSULT = "insult"
    VIOLENCE = "violence"
    THREAT = "threat"
    REFUSAL = "refusal"
    ACCUSATION = "accusation"
    ULTIMATUM = "ultimatum"
    SHOUTING = "shouting"
    DESPAIR = "despair"


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class ToneRule:
    code: ToneCode
    severity: Severity
    pattern: re.Pattern[str]
    explanation_zh: str
    explanation_en: str
    suggestion_zh: str
    suggestion_en: str


@dataclass(frozen=True)
class ToneFlag:
    code: ToneCode
    severity: Severity
    start: int
    end: int
    text: str
    explanation_zh: str
    explanation_en: str
    suggestion_zh: str
    suggestion_en: str

    def explanation(self, lang: str = "zh") -> str:
        return self.explanation_en if lang.startswith("en") else self.explanation_zh

    def suggestion(self, lang: str = "zh") -> str:
        return self.suggestion_en if lang.startswith("en") else self.suggestion_zh


@dataclass(frozen=True)
class Segment:
    """A piece of the draft: plain text (flag is None) or a flagged span."""

    text: str
    flag: ToneFlag | None


@dataclass(frozen=True)
class ToneReport:
    text: str
    flags: tuple[ToneFlag, ...]

    @property
    def calm(self) -> bool:
        return not self.flags

    @property
    def needs_care(self) -> bool:
        """Despair was expressed: show help before anything about tone."""
        return any(f.code is ToneCode.DESPAIR for f in self.flags)

    @property
    def worst(self) -> Severity | None:
        order = [Severity.HIGH, Severity.MEDIUM, Severity.LOW]
        present = {f.severity for f in self.flags}
        return next((s for s in order if s in present), None)

    def codes(self) -> list[ToneCode]:
        return sorted({f.code for f in self.flags}, key=list(ToneCode).index)

    def segments(self) -> list[Segment]:
        """The draft cut into plain and flagged pieces, in order, covering every character once."""
        out: list[Segment] = []
        pos = 0
        for flag in self.flags:
            if flag.start > pos:
                out.append(Segment(self.text[pos : flag.start], None))
            out.append(Segment(self.text[flag.start : flag.end], flag))
            pos = flag.end
        if pos < len(self.text):
            out.append(Segment(self.text[pos:], None))
        return out


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# Crisis line: 全国统一心理援助热线 12356 (国家卫生健康委, from 2025-01-01); emergencies 120 / 110.
_CARE_ZH = (
    "你现在承受的压力很大，这不是你一个人的错。如果有伤害自己的念头，请马上告诉身边信任的人，"
    "或拨打心理援助热线 12356（紧急情况拨 120 / 110）。给平台的消息里不必写这句话，"
    "可以写：“我目前的经济和身心状况都很困难，希望贵司能给我一个可以承受的还款方案。”"
)
_CARE_EN = (
    "You are under great pressure and it is not your fault alone. If you have thoughts of hurting yourself, "
    "tell someone you trust now or call the psychological help line 12356 (emergencies: 120 / 110). "
    'In the message to the lender you can write instead: "My financial and health situation is very '
    'difficult; I ask for a repayment plan I can actually keep."'
)

RULES: tuple[ToneRule, ...] = (
    ToneRule(
        ToneCode.DESPAIR,
        Severity.HIGH,
        _rx(
            r"不想活|活不下去|不活了|活着没意思|一死了之|自杀|跳楼|跳河|喝药|轻生|死给你们?看",
            r"\bkill myself\b|\bend my life\b|\bsuicid\w*",
        ),
        "这句话表达了绝望或伤害自己的念头。",
        "This expresses despair or thoughts of self-harm.",
        _CARE_ZH,
        _CARE_EN,
    ),
    ToneRule(
        ToneCode.VIOLENCE,
        Severity.HIGH,
        _rx(
            r"弄死你|杀了你|砍死|捅死|同归于尽|找人收拾|让你们?好看|你们?给我等着|走着瞧",
            r"\bi(?:'ll| will) kill\b|\byou(?:'ll| will) regret\b|\bwatch your back\b",
        ),
        "这是暴力或报复的威胁：可能构成违法，也会让对方停止协商、转为法律程序。",
        "This is a threat of violence or revenge: it can be unlawful and makes the lender stop "
        "negotiating and turn to legal action.",
        "删掉这句话。平静地说明你的困难和你能做到的事，例如：“我理解需要还款，但目前确实困难，"
        "希望我们一起找一个可行的方案。”",
        'Delete it. Say calmly what is hard and what you can do, e.g. "I understand I must repay, but '
        'right now it is genuinely difficult; let us find a plan that works."',
    ),
    ToneRule(
        ToneCode.INSULT,
        Severity.HIGH,
        _rx(
            r"傻[逼比屄]|煞笔|沙比|(?<![a-z])(?:sb|tmd|nmsl)(?![a-z])|你?妈的|他妈|特么|王八蛋|混蛋|畜生|狗东西|贱人|人渣|去死",
            r"垃圾(?:平台|公司|东西|客服)|一群垃圾|狗(?:平台|公司)|滚(?:开|蛋|吧)",
            r"\bfuck\w*|\bshit\w*|\bbastards?\b|\bidiots?\b|\bmorons?\b|\bscumbags?\b|\bassholes?\b",
        ),
        "这是骂人的话：对方会把沟通记录存档，辱骂只会让客服升级处理、减少让步的可能。",
        "This is an insult: the lender keeps the record, and insults make staff escalate and concede less.",
        "删掉骂人的词，改说你不满意的具体事情，例如：“我对这次的处理方式不满意，因为……，希望贵司重新核实。”",
        'Remove the insult and name the specific thing you disagree with, e.g. "I am not satisfied with '
        'how this was handled, because …; please review it."',
    ),
    ToneRule(
        ToneCode.THREAT,
        Severity.MEDIUM,
        _rx(
            r"(?:我要|我就|我会|我马上|小心我|信不信我|不然我|否则我|我一定)[^，。！？!?,.\n]{0,6}"
            r"(?:曝光|投诉|举报|起诉|告你们|告到|上热搜|找媒体|发(?:到)?网上|发微博|发抖音|人肉)",
            r"(?:曝光|人肉)你们",
            r"\bexpose you\b|\bi(?:'ll| will) (?:sue|report|complain)\b|\bgo to the (?:press|media)\b",
        ),
        "这句话把投诉或曝光当作威胁。投诉是你的合法权利，但作为威胁说出来，对方常会停止协商、转交法务。",
        "This uses a complaint or going public as a threat. Complaining is your right, but said as a "
        "threat it usually ends the negotiation and sends the file to the legal team.",
        "把它说成一个平静的程序安排，例如：“如果我们无法协商一致，我会依法向金融监管部门（12378）反映情况。”"
        "对违法的催收行为，直接保留证据并投诉即可，不必预先威胁。",
        'State it as a calm next step, e.g. "If we cannot agree, I will bring the matter to the '
        'financial regulator (12378) as the law allows." For unlawful collection, keep the evidence and '
        "complain — no need to announce it as a threat.",
    ),
    ToneRule(
        ToneCode.REFUSAL,
        Severity.MEDIUM,
        _rx(
            r"一分钱?(?:都|也)不(?:还|给)|一分都不还|绝不还|坚决不还|就是不还|不可能还|打死也不还|"
            r"爱咋咋地|爱怎么样就怎么样|随便你们|死猪不怕开水烫|有本事(?:来|就)?(?:抓|告|起诉)我|要钱没有",
            r"\bnever (?:going to )?pay\b|\bnot (?:paying|going to pay) (?:a|one) (?:cent|penny|yuan)\b|"
            r"\bwon'?t pay (?:anything|a cent)\b",
        ),
        "这是绝对拒绝。它会让对方认为你没有还款意愿，而“有还款意愿”正是协商分期或减免的前提。",
        "This is an absolute refusal. It tells the lender you are unwilling to pay, and willingness to "
        "pay is exactly what an instalment plan or a waiver depends on.",
        "说明你的能力而不是拒绝，例如：“我愿意还款，但目前每月最多只能承担 X 元，希望按这个能力协商方案。”",
        'Describe your capacity instead of refusing, e.g. "I want to repay, but at most X yuan a month is '
        'what I can manage; I ask for a plan on that basis."',
    ),
    ToneRule(
        ToneCode.ACCUSATION,
        Severity.MEDIUM,
        _rx(
            r"骗子|诈骗|你们?(?:就是|都是|这是)(?:在)?(?:骗子?|抢劫?|敲诈)|吸血鬼?|黑心|土匪|强盗|流氓|黑社会|无耻",
            r"\bscam(?:mers?)?\b|\bfraud(?:sters?)?\b|\bthie(?:f|ves)\b|\bcrooks?\b|\bloan sharks?\b",
        ),
        "这是笼统的指责。即使你认为收费不合理，笼统的指责也会让对方防御，而具体的事实才能推动对方核实。",
        "This is a sweeping accusation. Even if you believe the charges are wrong, accusations make the "
        "lender defensive; specific facts are what make them check.",
        "改成具体、可核实的说法，例如：“合同中的 XX 费用按年化计算超过了 X%，我认为可能不符合相关规定，请贵司核实并说明。”",
        'Make it specific and checkable, e.g. "The XX fee in the contract brings the annual cost above '
        'X %; I believe it may not comply with the rules — please check and explain."',
    ),
    ToneRule(
        ToneCode.ULTIMATUM,
        Severity.LOW,
        _rx(
            r"否则后果自负|后果自负|最后(?:一次)?警告|限你们|给我(?:一个)?(?:说法|交代)|马上给我|立刻给我",
            r"\bor else\b|\bfinal warning\b|\blast warning\b",
        ),
        "这是最后通牒的语气，容易激化对立。",
        "This reads as an ultimatum and tends to harden the other side.",
        "提出一个礼貌的期限，例如：“希望贵司能在 X 月 X 日前回复我，谢谢。”",
        'Ask for a reply by a date, politely: "I would be grateful for your reply by <date>. Thank you."',
    ),
    ToneRule(
        ToneCode.SHOUTING,
        Severity.LOW,
        _rx(r"[!！]{2,}|[?？]{3,}|[!！?？]{3,}"),
        "连续的感叹号或问号读起来像在喊叫。",
        "Runs of exclamation or question marks read as shouting.",
        "每句话用一个句号或问号就够了。",
        "One full stop or question mark per sentence is enough.",
    ),
)

# Words in capitals that are not shouting.
_ACRONYMS = frozenset(
    {"APP", "LPR", "APR", "IRR", "SMS", "MMS", "EMAIL", "PDF", "ICBC", "CCB", "ABC", "BOC", "CMB"}
)
_CAPS_RUN = re.compile(r"(?<![A-Za-z])(?:[A-Z]{2,}(?:[ \t]+[A-Z]{2,})+|[A-Z]{5,})(?![A-Za-z])")
_CAPS_RULE = ToneRule(
    ToneCode.SHOUTING,
    Severity.LOW,
    _CAPS_RUN,
    "全大写的英文读起来像在喊叫。",
    "Words in capitals read as shouting.",
    "用正常的大小写书写。",
    "Write in normal case.",
)

_SEVERITY_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


def _candidates(text: str) -> list[ToneFlag]:
    found: list[ToneFlag] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                found.append(_flag(rule, text, m.start(), m.end()))
    for m in _CAPS_RUN.finditer(text):
        words = m.group(0).split()
        if all(w in _ACRONYMS for w in words):
            continue
        found.append(_flag(_CAPS_RULE, text, m.start(), m.end()))
    return found


def _flag(rule: ToneRule, text: str, start: int, end: int) -> ToneFlag:
    return ToneFlag(
        code=rule.code,
        severity=rule.severity,
        start=start,
        end=end,
        text=text[start:end],
        explanation_zh=rule.explanation_zh,
        explanation_en=rule.explanation_en,
        suggestion_zh=rule.suggestion_zh,
        suggestion_en=rule.suggestion_en,
    )


def tone_check(text: str) -> ToneReport:
    """Flag the draft. Overlapping matches keep the most severe (then the longest, then the first)."""
    ranked = sorted(
        _candidates(text), key=lambda f: (_SEVERITY_RANK[f.severity], -(f.end - f.start), f.start)
    )
    kept: list[ToneFlag] = []
    for flag in ranked:
        if all(flag.end <= k.start or flag.start >= k.end for k in kept):
            kept.append(flag)
    return ToneReport(text=text, flags=tuple(sorted(kept, key=lambda f: f.start)))


_EXCLAIM_RUN = re.compile(r"[!！]{2,}")
_QUESTION_RUN = re.compile(r"[?？]{2,}")


def soften_punctuation(text: str) -> str:
    """The one rewrite that is safe to do mechanically: runs of ！/？ become one mark."""
    text = _EXCLAIM_RUN.sub(lambda m: "！" if "！" in m.group(0) else "!", text)
    return _QUESTION_RUN.sub(lambda m: "？" if "？" in m.group(0) else "?", text)


CALM_TEMPLATE_ZH = (
    "您好，我是 [姓名]，在贵司的借款编号为 [编号]。\n"
    "因为 [失业/生病/家庭变故/收入下降]，我目前无法按原计划还款，相关证明材料我可以提供。\n"
    "我愿意还款。按我现在的收入，每月最多能承担 [金额] 元。\n"
    "希望贵司考虑 [分期/延期/减免罚息] 的方案，并请以书面形式（短信或邮件）确认。\n"
    "期待您在 [日期] 前回复，谢谢。"
)
CALM_TEMPLATE_EN = (
    "Hello, I am [name], loan number [number] with your company.\n"
    "Because of [unemployment / illness / a family event / lower income] I cannot repay as planned; "
    "I can provide documents.\n"
    "I want to repay. With my current income I can manage at most [amount] yuan a month.\n"
    "I ask you to consider [instalments / an extension / waiving penalties], confirmed in writing "
    "(SMS or e-mail).\n"
    "I look forward to your reply by [date]. Thank you."
)
