"""The final blind batch: written after the last change to the rules and never used to change them.
Its figures (printed by the test) are the honest estimate for wording the rules have not seen."""

from __future__ import annotations

from tests.unit.conduct.labelled_set import T

FINAL_BLIND_TEMPLATES: list[T] = [
    *[
        ("reminder", (), True, False, t)
        for t in [
            "【{lender}】{name}，您好。您名下账单已逾期{days}天，今日还款可减少罚息，还款方式：APP首页-我的账单-立即还款。",
            "【{lender}】尊敬的客户，本期账单金额{amount}元，距离最后还款日还有3天，请留意。",
            "您好，我是{lender}的协商专员，您之前申请的延期方案已经批下来了，方便的时候回个电话确认一下。",
            "【{lender}】您的借款已逾期，若暂时无法全额还款，可先还最低金额，剩余部分我们可以协商。",
            "【{lender}】您好，经系统核查您仍有一笔{amount}元的欠款未结清，如有疑问请联系在线客服。",
            "【{lender}】您已成功设置自动还款，每月{days}号将从尾号{card}的银行卡扣款。",
            "{name}您好，今天给您打了两次电话没有接通，不知道您是否方便，看到短信请回电{phone}。",
            "【{lender}】尊敬的{name}，您的逾期记录已影响信用评分，按时还款后评分会逐步恢复。",
            "【{lender}】温馨提示：近期为还款高峰，请提前安排资金，避免扣款失败产生逾期。",
        ]
    ],
    *[
        ("legal_notice", (), True, False, t)
        for t in [
            "【{lender}】您的逾期已超过90天，根据合同约定，我司有权将债权转让给第三方，届时将另行书面通知您。",
            "【{lender}】提示：您可以向中国人民银行征信中心申请查询个人信用报告，如有异议可依法申请更正。",
            "【{lender}】若您长期拒不还款，我司将依据合同向有管辖权的法院起诉，诉讼费用由败诉方承担。",
            "【{lender}】如经法院判决后仍不履行，法院可依法对被执行人采取限制消费措施。",
            "{name}您好，{law_firm}律师提醒：民事纠纷可以通过调解解决，如您愿意，我们可安排诉前调解。",
        ]
    ],
    *[
        ("hard_negative", (), True, False, t)
        for t in [
            "【{lender}】声明：我司所有催收均通过官方号码进行，不会上门、不会骚扰您的亲友，请放心。",
            "【{lender}】请注意，任何自称可以“内部处理”并要求转账到个人卡的，均不是我司员工。",
            "【{lender}】您好，您提交的“催收员说要曝光我”的投诉已收到，我们会尽快核实处理。",
            "【{lender}】我们不会因为您逾期而联系您的单位或家人，请您主动与我们沟通。",
            "【{lender}】提醒您：欠款不还不会坐牢，但会影响征信，请理性看待并尽快还款。",
            "【{lender}】为保护您的隐私，我们从不向第三方透露您的借款信息。",
        ]
    ],
    *[
        ("third_party", ("third_party",), True, False, t)
        for t in [
            "你不接电话，我们只能请你妹妹帮忙转告了，她的电话我们已经打通了。",
            "你丈人家的地址我们也有，要不要我们寄一份催收函过去？",
            "刚才你们单位的人事接了电话，说会让你尽快处理，你现在满意了吧？",
            "我们会通知你所在社区的网格员，请他们上门督促你还款。",
            "你的那些联系人都会陆续收到我们的提醒短信，你好好想想。",
            "我们已经在你的微信好友里发了你的欠款截图。",
        ]
    ],
    *[
        ("threat", cat if isinstance(cat, tuple) else (cat,), True, False, t)
        for cat, t in [
            (("threat", "third_party"), "再不还，我们就只能安排外访团队去你户籍地了。"),
            ("threat", "你要是觉得我们只会打电话，那你就大错特错了。"),
            ("threat", "钱不还，你以后的日子会很难过，我保证。"),
            ("threat", "我们会把你列为重点催收对象，天天找你，直到你还钱为止。"),
            ("threat", "你这属于恶意逃债，可以直接报警抓你。"),
            ("threat", "你的信息会被挂到失信网站上，所有人都能查到你欠钱不还。"),
            ("fake_legal_process", "法院的执行通知书已经下来了，今天不还就直接划扣你的工资卡。"),
            ("fake_legal_process", "你的案件已经立案，案号都出来了，你自己去法院网查。"),
        ]
    ],
    *[
        ("insult", ("insult",), True, False, t)
        for t in [
            "欠钱不还的败类，你不配做人。",
            "你还有脸接电话？真是个废物东西。",
            "你这种人就是个无底洞，活该穷一辈子。",
            "赖账的狗东西，赶紧还钱。",
        ]
    ],
    *[
        ("impersonation", ("impersonation",), True, False, t)
        for t in [
            "您好，我是{district}人民法院诉前调解中心的工作人员，关于您与{lender}的纠纷需要和您核实。",
            "我们这边是公安局经侦支队，你名下的网贷涉嫌套现，需要配合调查。",
            "【{district}人民政府金融工作局】关于你逾期欠款的处理通知，请于今日内联系。",
        ]
    ],
    *[
        ("personal_account", ("personal_account",), True, False, t)
        for t in [
            "你把钱打到我老婆的卡上，她的卡号我一会儿发你。",
            "今天只要转三千到这个支付宝：13912345678，剩下的给你免了。",
            "官方还款要收手续费，你直接转我微信最省事。",
        ]
    ],
]
