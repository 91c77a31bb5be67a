"""A third labelled batch, written after the rules were last adjusted and never used to adjust them.
Its figures (printed by the test) are the honest estimate for wording the rules have not seen."""

from __future__ import annotations

from tests.unit.conduct.labelled_set import T

BLIND_TEMPLATES: list[T] = [
    *[
        ("reminder", (), True, False, t)
        for t in [
            "【{lender}】{name}您好，您的账户已逾期{days}天，当前欠款{amount}元。我们希望与您共同找到可行的还款方式。",
            "【{lender}】您好，本月还款日已过，系统未扣款成功，请今日内登录APP主动还款，避免逾期。",
            "【{lender}】亲爱的用户，您的借款即将到期，到期日{date}，应还{amount}元。",
            "{name}您好，我是{lender}的回访专员，想了解一下您目前的收入情况，以便为您申请更合适的分期方案。",
            "【{lender}】您好，为方便您还款，APP已支持银行卡、微信、支付宝多种官方还款方式。",
            "【{lender}】您的账单已逾期，逾期期间将按日收取罚息，详见借款合同第八条。",
            "【{lender}】尊敬的客户，您已于{date}还款{amount}元，您的账户已恢复正常，感谢您的信任。",
            "【{lender}】您好，因您多日未接听电话，特发短信提醒，请尽快与我们联系，电话{phone}。",
        ]
    ],
    *[
        ("legal_notice", (), True, False, t)
        for t in [
            "【{lender}】您的借款逾期时间较长，如仍未还款，我司将委托律师事务所依法处理，并可能提起民事诉讼。",
            "【{lender}】提示：依据借款合同，我司有权宣布借款提前到期并要求一次性偿还全部欠款。",
            "【{lender}】如您已被法院判决还款而拒不履行，法院可依法采取限制高消费等措施，请重视。",
            "【{lender}】对本次催收有任何意见，您可拨打{phone}或向当地金融监管部门反映。",
        ]
    ],
    *[
        ("hard_negative", (), True, False, t)
        for t in [
            "【{lender}】我们不会向您的亲友透露任何借款信息，也不会上门，请放心与我们协商。",
            "【{lender}】提醒：凡是让您把钱转到私人账户的，都不是我司工作人员，请拨打{phone}核实。",
            "【{lender}】最近有人假冒法院工作人员发送“传票”短信，请您提高警惕，切勿点击链接。",
            "【{lender}】我们保证只在早8点到晚8点之间联系您，绝不打扰您的家人和同事。",
            "【{lender}】您好，欠款问题属于民事纠纷，您不会因此被拘留，请放心协商还款。",
            "【{lender}】您的投诉“催收员辱骂我是骗子”已受理，我们将在5个工作日内回复。",
        ]
    ],
    *[
        ("third_party", ("third_party",), True, False, t)
        for t in [
            "我们刚给你媳妇打完电话，她说不知道你借了钱，你自己回去解释吧。",
            "你再不接电话，明天我们就给你们单位的领导寄催款函。",
            "你通讯录里那几个人我们都已经通知了，你还好意思躲？",
            "你哥哥的电话是多少？不说我们也能查到，到时候你别后悔。",
            "我们已经把情况告诉你们村支书了，你家里人应该很快就知道了。",
            "你公司前台的电话我们有，明天就打过去问问你在不在。",
        ]
    ],
    *[
        ("threat", cat if isinstance(cat, tuple) else (cat,), True, False, t)
        for cat, t in [
            ("threat", "今天不还，晚上我们就去你家坐坐，跟你爸妈好好聊聊。"),
            ("threat", "你再拖，我们只能走刑事程序了，到时候就不是钱的事了。"),
            ("threat", "别逼我们用别的手段，到时候你和你家人都不好过。"),
            ("threat", "你欠的钱再不还，你的身份证照片马上挂到网上。"),
            ("threat", "等着吧，警察会上门找你的。"),
            (("threat", "third_party"), "我们的外访组已经出发了，两个小时后到你公司。"),
            ("fake_legal_process", "你的案子法院已经判了，下周一强制执行，冻结你所有账户。"),
            ("fake_legal_process", "今天是最后期限，明天你就会被列入失信人员名单，全国通报。"),
        ]
    ],
    *[
        ("insult", ("insult",), True, False, t)
        for t in [
            "你就是个无赖，借钱不还的人都该被唾弃。",
            "赶紧还钱，别跟个缩头乌龟一样。",
            "像你这种社会渣滓，早就该被淘汰了。",
            "你脑子有病吧？欠钱不还还敢挂电话。",
        ]
    ],
    *[
        ("impersonation", ("impersonation",), True, False, t)
        for t in [
            "我是{district}法院的执行法官，你的借款纠纷已经判决，今天必须履行。",
            "这里是{district}公安局，你涉嫌信用卡诈骗，请立即联系办案民警。",
            "【{district}人民法院执行局】{name}，请于今日18点前还清欠款，否则将采取强制措施。",
        ]
    ],
    *[
        ("personal_account", ("personal_account",), True, False, t)
        for t in [
            "你直接把钱转到我的工商银行卡，我给你出结清证明。",
            "这次的款打到我同事的支付宝，账号我发你。",
            "还款请转入以下账户：户名：周志强，账号：6228 4800 1234 5678 910。",
        ]
    ],
]
