"""A second labelled batch, written AFTER the rules were adjusted on `labelled_set.py` and never used to
adjust them: its figures show how the detector does on wording it was not fitted to."""

from __future__ import annotations

from tests.unit.conduct.labelled_set import T

HELDOUT_TEMPLATES: list[T] = [
    *[
        ("reminder", (), True, False, t)
        for t in [
            "【{lender}】{name}，您好，截至今日您的应还金额为{amount}元，请合理安排资金按时还款，感谢支持。",
            "【{lender}】您在我司的借款已进入逾期状态，现给您最后的协商机会，请于{date}前回电{phone}。",
            "【{lender}】尊敬的用户，您的账单逾期未还，系统将于今晚22点前再次尝试自动扣款，请确保卡内余额充足。",
            "您好{name}，{lender}客服提醒：您的分期第{n}期未按时还款，如已还款请忽略，谢谢。",
            "【{lender}】您好，您申请的还款日变更已生效，新的还款日为每月{days}号。",
            "【{lender}】您的账户逾期{days}天，可能影响您后续使用{lender}的各项服务，请尽快处理。",
            "【{lender}】您好！您本期账单可申请最长3期的延期还款，延期期间仍按合同计息，详询APP。",
            "{name}女士您好，我是{lender}负责您账户的客户经理，看到您近期还款有困难，想了解下您家里的情况，方便时回个电话。",
            "【{lender}】您的借款已逾期，您可通过APP上传收入证明等材料申请困难减免，我们会在3个工作日内审核。",
            "【{lender}】为保护您的信用，请于{date}前至少还款{amount}元，剩余部分可申请分期。",
        ]
    ],
    *[
        ("legal_notice", (), True, False, t)
        for t in [
            "【{lender}】您的欠款长期未还，我司已将相关资料整理完毕，拟依法提起诉讼，请您于{date}前与我司联系协商。",
            "【{lender}】提醒：借款合同约定的管辖法院为{district}人民法院，如发生诉讼，将在该院审理。",
            "【{lender}】如您认为催收行为不当，可向国家金融监督管理总局12378热线投诉。",
            "【{lender}】根据相关法律法规，逾期信息将如实报送征信系统，您有权对不实记录提出异议。",
            "{name}您好，{law_firm}受{lender}委托处理您的欠款，如您在收到本通知后10日内仍未联系，我所将建议委托人依法起诉。",
            "【{lender}】您好，若诉讼后判决生效仍未履行，法院可能依法将您纳入失信被执行人名单。",
        ]
    ],
    *[
        ("hard_negative", (), True, False, t)
        for t in [
            "【{lender}】郑重声明：我司从不委托任何人以公检法名义催收，如遇此类情况请立即报警。",
            "【{lender}】提醒您：催收人员不会要求您把钱转到私人账户，所有还款请在APP内完成。",
            "【{lender}】我们理解您的困难，不会因为逾期就去打扰您的家人，请您放心沟通。",
            "【{lender}】您好，您授权的联系人变更已生效，今后我们仅与您本人联系。",
            "【{lender}】您反映的“催收员威胁要上门”一事我们已经调查，涉事人员已被停职。",
            "【{lender}】温馨提示：还款请认准“{lender}”官方APP，不要相信任何私人转账的要求。",
            "【{lender}】欠款逾期不会导致坐牢，请不要听信谣言，有困难请与我们协商。",
            "【{lender}】我们不会联系您的单位，也不会上门，请您尽快回电沟通还款方案。",
        ]
    ],
    *[
        ("third_party", ("third_party",), True, False, t)
        for t in [
            "你再装死，我们就打你妈的电话，让她来还。",
            "你朋友圈里的人我们都加了，要不要我一个一个告诉他们你欠钱不还？",
            "我们已经联系了你填的紧急联系人张某，他说会转告你，你今天必须回电。",
            "明天我们会发函到你单位人事部门，请你单位协助催收。",
            "你老公知道你在外面借了这么多钱吗？要不要我们打电话告诉他？",
            "你们村的村委会我们已经打过招呼了，过两天村里人都会知道。",
            "你不还的话，我们只能把催收短信发给你通讯录的每一个人。",
        ]
    ],
    *[
        ("threat", cat if isinstance(cat, tuple) else (cat,), True, False, t)
        for cat, t in [
            (("threat", "third_party"), "你等着，我们明天就到你家门口拉横幅。"),
            (("threat", "third_party"), "再不还钱，警察会直接去你单位把你带走。"),
            ("fake_legal_process", "你这已经是刑事案件了，不是民事纠纷，懂吗？"),
            ("threat", "我们的人会一直跟着你，看你能躲到哪里去。"),
            (("threat", "third_party"), "今晚之前不还，你的照片和欠款信息就会出现在你们小区的每个单元门口。"),
            ("threat", "这笔钱你今天不还，以后你孩子上学都会受影响。"),
            ("threat", "我们已经查到你现在住的地方了，你自己掂量掂量。"),
            ("threat", "你以为换个城市就没事了？我们的人马上就到。"),
            ("fake_legal_process", "通知：你的案件已移交法院，三日内将有法院工作人员送达传票。"),
            ("fake_legal_process", "法院已经冻结了你的微信和支付宝，不信你自己去看。"),
            ("fake_legal_process", "你已经被起诉了，判决下来后直接拘留十五天。"),
        ]
    ],
    *[
        ("insult", ("insult",), True, False, t)
        for t in [
            "你这个骗子，借钱不还还有脸接电话？",
            "你就是条狗，只会躲。",
            "一个大男人欠钱不还，你丢不丢人，窝囊废。",
            "你这种人活着就是浪费空气。",
            "滚犊子，今天必须把钱还上。",
        ]
    ],
    *[
        ("impersonation", ("impersonation",), True, False, t)
        for t in [
            "你好，我是{district}法院执行庭的李法官，你的案子已经到我这里了。",
            "这边是{district}派出所，接到{lender}报案，请你今天下午来做笔录。",
            "【{district}人民检察院】关于你涉嫌恶意透支一案，请于三日内主动联系。",
            "我们是{district}公安局网安大队的，你的借款涉及非法集资。",
        ]
    ],
    *[
        ("personal_account", ("personal_account",), True, False, t)
        for t in [
            "公司账户暂时冻结，这次还款请直接转到我提供的个人卡号上。",
            "你把钱微信转我，我帮你在系统里做结清。",
            "今天打款到这个账户：建设银行 6217 0012 3456 7890，户名刘明。",
            "减免只能走我个人渠道，转到我支付宝就给你办。",
        ]
    ],
]
