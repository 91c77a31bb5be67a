"""Two documents made of the case's tables rather than of a letter template:

- the hardship packet (困难情况材料包): the income & expenditure statement with each figure linked to its
  proof, the debts, the proposed plan and the evidence index — one PDF to send with a hardship letter;
- the dossier index (证据目录及联系时间线): the evidence index and every contact in order, for the ZIP.
"""

from __future__ import annotations

from datetime import date

from xieshang.documents import tables
from xieshang.documents.facts import CaseFacts
from xieshang.documents.fill import FillContext, money, percent
from xieshang.documents.model import Block, Document, Heading, PageBreak, Paragraph, Party, Table
from xieshang.documents.negotiation_record import negotiation_table


def _ctx(facts: CaseFacts, today: date) -> FillContext:
    return FillContext(facts=facts, debt=None, today=today, extra={})


def plan_table(facts: CaseFacts) -> Table:
    rows = []
    for d in facts.debts:
        p = d.proposal
        if p is None:
            rows.append((d.lender, "—", "—", "—", "—"))
            continue
        rate = percent(p.annual_rate)
        rows.append((d.lender, f"{p.months} 期", rate, money(p.monthly_payment), money(p.total_payable)))
    return Table(
        headers=("出借方", "期数", "年利率", "首期还款额（元）", "还款总额（元）"),
        rows=tuple(rows),
        caption="拟提出的还款方案（每笔一个分期方案，合计不超过每月可用于还款的金额）",
        numeric_columns=(3, 4),
    )


def hardship_packet(facts: CaseFacts, *, today: date) -> Document:
    ctx = _ctx(facts, today)
    scope = (
        f"全部 {len(facts.debts)} 笔欠款（各出借方的名称和金额都列在下面）"
        if len(facts.debts) > 1
        else "欠款"
    )
    blocks: list[Block] = [
        Paragraph(
            f"本材料包汇总{facts.borrower_name}截至{facts.as_of.year}年{facts.as_of.month}月{facts.as_of.day}日"
            f"的收支、{scope}和还款方案。每项收支后列出对应的证明材料编号，材料见证据目录。"
            + (
                "材料包反映整体情况，会让收到的每个出借方看到其他债权人；只想说明一笔欠款时，请用该出借方的困难情况说明。"
                if len(facts.debts) > 1
                else ""
            )
        ),
        Heading("一、收支情况"),
        tables.budget_table(ctx),
    ]
    missing = [line.label for line in facts.budget if not line.proofs]
    if missing:
        blocks.append(Paragraph("以下项目尚缺证明材料，请补充：" + "、".join(missing) + "。"))
    blocks.append(Heading("二、欠款情况"))
    if not facts.debts:
        blocks.append(Paragraph("（本案尚未录入债务。）"))
    else:
        blocks.append(tables.debts_table(ctx))
    for d in facts.debts:
        blocks.append(tables.debt_figures_table(FillContext(facts=facts, debt=d, today=today, extra={})))
    blocks.append(Heading("三、还款方案"))
    blocks.append(plan_table(facts) if facts.debts else Paragraph("（没有需要提出方案的债务。）"))
    if facts.disposable_income is not None and facts.allocation_monthly_total is not None:
        feasible = "在可承受范围内" if facts.allocation_feasible else "超出每月可用于还款的金额，需进一步协商"
        blocks.append(
            Paragraph(
                f"每月可用于还款的金额为{money(facts.disposable_income)}元；上述方案首月合计"
                f"{money(facts.allocation_monthly_total)}元，{feasible}。"
            )
        )
    blocks += [PageBreak(), Heading("四、证据目录")]
    evidence = tables.evidence_table(ctx)
    provided = tables.provided_table(ctx)
    if evidence.rows:
        blocks.append(evidence)
    if provided.rows:
        blocks.append(provided)
    if not evidence.rows and not provided.rows:
        blocks.append(Paragraph("（尚未导入证据材料。）"))
    return Document(
        kind="packet",
        title="困难情况材料包",
        date=today,
        parties=(Party("借款人", facts.borrower_name),),
        blocks=tuple(blocks),
    )


FINDINGS_LISTED = 100  # more findings than this are grouped in the PDF (all of them are in findings.csv)


def dossier_index(facts: CaseFacts, *, today: date) -> Document:
    ctx = _ctx(facts, today)
    head = facts.ledger_head or "（无）"
    blocks: list[Block] = [
        Paragraph(
            "本目录随证据包（ZIP）一并提供。每份原件的 SHA-256 校验值、原文件名和导入时间见 manifest.json；"
            f"导入记录链（ledger.jsonl）的最新哈希为：{head}。任何人都可以重新计算校验值核对原件未被改动。"
        ),
        Heading("一、证据目录"),
    ]
    evidence = tables.evidence_table(ctx)
    blocks.append(evidence if evidence.rows else Paragraph("（本案尚无证据文件。）"))
    blocks.append(Heading("二、联系记录时间线（按时间先后）"))
    if facts.timeline_note:
        blocks.append(Paragraph(facts.timeline_note))
    timeline = tables.timeline_table(ctx)
    blocks.append(timeline if timeline.rows else Paragraph("（没有短信、通话或其他联系记录。）"))
    if facts.negotiation:
        blocks += [
            Heading("三、协商记录（借款人录入）"),
            Paragraph(
                "以下是借款人自己录入的联系记录、方案与还价、协议和协议还款，不是导入的证据原件；"
                "每项录入时都写入了记录链（见 ledger.jsonl 中对应编号的条目，可核对录入时间和内容未被改动），"
                "全文见证据包中的 negotiation.csv。"
            ),
            negotiation_table(facts.negotiation),
        ]
    findings_heading = "四、催收行为记录" if facts.negotiation else "三、催收行为记录"
    if len(facts.findings) > FINDINGS_LISTED:
        groups = tables.findings_summary_table(facts.findings)
        note = (
            f"共发现 {len(facts.findings)} 项可能的不当催收，按规则和机构归并为 {len(groups.rows)} 行；"
            "逐项清单（含所依据的每条记录编号）见证据包中的 findings.csv。"
        )
        blocks += [Heading(findings_heading), Paragraph(note), groups]
    elif facts.findings:
        blocks += [Heading(findings_heading), tables.findings_table(ctx)]
    return Document(
        kind="dossier_index",
        title="证据目录及联系时间线",
        subtitle=f"案件 {facts.case_name}",
        date=today,
        parties=(Party("当事人", facts.borrower_name),),
        blocks=tuple(blocks),
    )
