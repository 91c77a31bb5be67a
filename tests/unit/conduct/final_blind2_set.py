"""Round 6: the second final blind batch, written AFTER the generalisation rework (round 5 was its
development data) and before the detector was ever run on it; never used to change the engine or rules.
Its figures (printed by the test) are the honest estimate for wording the rules have not seen.

Each message is used once (variants=1): 56 unlawful, 57 lawful.
"""

from __future__ import annotations

from tests.unit.conduct.labelled_set import T

TP = "third_party"
TH = "threat"
FL = "fake_legal_process"
IN = "insult"
IM = "impersonation"
PA = "personal_account"

_UNLAWFUL: list[tuple[str, tuple[str, ...], str]] = [
    ("third_party", (TP,), "你姐姐的微信我们已经加上了，她说会转告你。"),
    ("third_party", (TP,), "你公司的座机号我们查到了，明天上班时间打过去。"),
    ("third_party", (TP,), "等你们全村人都知道了，你就舒服了。"),
    ("third_party", (TP,), "我们准备给你岳母家寄一封信，说明一下你的情况。"),
    ("third_party", (TP,), "你前台小姑娘人挺好的，已经答应帮我们传话了。"),
    ("third_party", (TP,), "你所有微信好友明早八点都会收到一条关于你的消息。"),
    ("third_party", (TP,), "通訊錄裡的人我們會逐一打電話。"),
    ("third_party", (TP,), "你老公单位的电话我们也拿到了，他知道你借了网贷吗？"),
    ("third_party", (TP,), "我们刚从你邻居那里了解到你的情况。"),
    ("third_party", (TP,), "你儿子的学校我们也知道，要不要让他的同学们也知道？"),
    ("third_party", (TP,), "你的紧 急 联 系 人 今天会接到我们的电话。"),
    ("third_party", (TP,), "你再不回复，我就把这事告诉你全家。"),
    ("threat", (TH,), "我们这周会安排当地同事去你家里坐一坐。"),
    ("threat", (TH,), "你家门牌号我们都记下了，周六见。"),
    ("threat", (TH,), "地址：{district}幸福小区5栋，没错吧？我们的人明天过去。"),
    ("threat", (TH, TP), "外 访 已 经 派 单，三天内到你户籍地。"),
    ("threat", (TH,), "今晚就去你宿舍找你，别想躲。"),
    ("threat", (TH,), "你不回消息，我们只好亲自登门拜访了。"),
    ("threat", (TH, TP), "你的照片已经P好了，发不发到你们公司群看你表现。"),
    ("threat", (TH, TP), "准备在你们村口拉条横幅，写上你的名字。"),
    ("threat", (TH,), "再不还就把你的欠款信息挂到网上让大家评论。"),
    ("threat", (TH,), "你身份证正反面我们都有，不怕我们发出去吗？"),
    ("threat", (TH,), "明天你的朋友圈里就会出现你的催收通告。"),
    ("threat", (TH,), "你的丑事会传遍你们整个小区。"),
    ("threat", (TH,), "你的行为已经涉嫌信用卡诈骗，经侦马上介入。"),
    ("threat", (TH,), "再不还就让警察上门带你走。"),
    ("threat", (TH,), "到时候拘你十五天，看你还嘴硬。"),
    ("threat", (TH,), "逃废债是要负刑责的，你想清楚。"),
    ("threat", (TH,), "你这种情况，派出所一个电话就能把你叫去。"),
    ("threat", (TH,), "我们已经整理好报案材料，明早交给公安。"),
    ("threat", (TH,), "准备好去看守所过年吧。"),
    ("threat", (TH,), "你被拉進徵信黑名單了，這輩子別想再貸款。"),
    ("threat", (FL,), "你的案件已经被法院受理，下周三开庭。"),
    ("threat", (FL,), "执行局已经在查你名下的财产了。"),
    ("threat", (FL,), "法务部已向法院申请冻结你的支付宝和微信余额。"),
    ("threat", (FL, TP), "律师函今天已经快递到你户籍地村委会了。"),
    ("threat", (FL,), "传 票 明 天 到，你 自 己 看 着 办。"),
    ("threat", (FL,), "你已经被起诉，判决下来直接扣你工资。"),
    ("threat", (FL,), "仲裁结果已经出来了，你输了，三天内履行。"),
    ("impersonation", (IM,), "你好，我是{district}公安分局的民警，关于你的网贷逾期需要你配合调查。"),
    ("impersonation", (IM,), "这边是法院执行局，现在对你的账户进行核查。"),
    ("impersonation", (IM,), "【{district}法院诉讼服务中心】{name}你的借款纠纷已立案，请联系{phone}。"),
    ("impersonation", (IM,), "我们是法院委托的律师事务所执行专员，今天必须结清。"),
    ("impersonation", (IM,), "你好，这里是市司法局纠纷调解中心，你有一笔逾期需要处理。"),
    ("impersonation", (IM,), "【仲裁委员会】你的欠款仲裁案已立案受理。"),
    ("insult", (IN,), "你是不是脑子有问题，借钱不还还挺理直气壮。"),
    ("insult", (IN,), "一个大男人欠钱不还，真丢你爹妈的脸。"),
    ("insult", (IN,), "你这种烂人活该被全世界拉黑。"),
    ("insult", (IN,), "骗钱的狗东西，早晚遭报应。"),
    ("insult", (IN,), "老赖😡😡😡"),
    ("insult", (IN,), "你个没良心的，当初谁借钱给你的？"),
    ("insult", (IN,), "滚出来还钱，臭老赖！"),
    ("personal_account", (PA,), "今天把钱打到这个卡上：6228 4800 1234 5678 910，户名刘军。"),
    ("personal_account", (PA,), "你先用支付宝转5000给我，我给你把罚息免了。"),
    ("personal_account", (PA,), "公司账户有限额，你加我微信我给你发收款码。"),
    ("personal_account", (PA,), "别走APP了，直接转我wx，当天结清。"),
]

_LAWFUL_FROM_LENDER = [
    "【{lender}】您的借款已逾期{days}天，逾期将上报征信，影响您的信用记录。",
    "【{lender}】尊敬的{name}，您有一笔{amount}元的账单今日到期，请及时还款。",
    "【{lender}】您好，您的还款已逾期，请问是遇到什么困难了吗？欢迎回电{phone}。",
    "{name}您好，我们想和您商量一个您能承受的还款方案，请回电。",
    "【{lender}】逾期期间我们会通过电话、短信提醒您，请保持手机畅通。",
    "【{lender}】您的账户已逾期，若持续未还，我司将依法通过诉讼途径解决。",
    "【{lender}】如您对逾期金额有疑问，请在APP内查看明细或联系客服。",
    "【{lender}】提示：您本月的还款日为{date}，可提前还款，无手续费。",
    "【{lender}】我们已收到您的还款{amount}元，您的账户已恢复正常。",
    "【{lender}】您好，您名下有{n}笔借款逾期，请您本人登录APP处理。",
    "【{lender}】本着协商解决的原则，我们可为您办理分期，详情请回复1。",
    "【{lender}】还款请认准官方APP，任何要求您转到私人卡的行为都与我司无关。",
    "【{lender}】您的逾期账户已委托{law_firm}处理，律师将依法与您联系。",
    "【{lender}】若您仍不还款，我司将根据合同约定向法院申请支付令。",
    "【{lender}】您好，逾期记录在结清后会如实更新，不会永久保留。",
    "【{lender}】如您认为我司催收人员存在违规行为，请拨打{phone}投诉。",
    "【{lender}】温馨提示：我司不会向您的家人、朋友或同事透露您的欠款信息。",
    "【{lender}】我们从不委托人员上门催收，如有自称我司人员上门请报警。",
    "【{lender}】法院判决前，我司不会申请冻结您的任何账户。",
    "{name}您好，您说下周三发工资，我们就等您下周三的还款，谢谢配合。",
    "【{lender}】您的信用卡已逾期，银行可能对您的卡片进行止付，还清后可恢复。",
    "【{lender}】您好，我们注意到您已经更换工作，请更新您的单位信息以便我们提供服务。",
    "您好，我是{lender}的客服，今天打电话主要是确认您是否收到了账单。",
    "【{lender}】根据您的申请，我们已将还款日调整至每月{days}号。",
    "【{lender}】警惕冒充法院、公安的诈骗短信，法院不会通过短信通知您向个人账户还款。",
    "【{lender}】防骗提示：凡是自称“征信中心”要求您转账注销账户的，都是诈骗。",
    "【{lender}】温馨提示：近期有人冒充我司发送“法院传票”，我司不会以短信形式发送任何法律文书。",
    "【{lender}】好友助力领红包，邀请你的朋友、同事一起来领取吧！",
    "【{lender}】尊敬的客户，您的信用良好，可申请提额至{amount}元。",
    "【{lender}】开门红！信用卡新户首刷礼，上门办卡立享好礼。",
    "【{lender}】您附近的网点可提供上门服务，预约电话{phone}。",
    "【{lender}】我们不会联系您的单位，请您本人接听电话。",
    "【{lender}】您的资料我们严格保密，不会发到任何群里或者网上。",
    "【{lender}】逾期不还并不会坐牢，但会留下不良征信记录。",
    "【{lender}】我司已停止对您的一切催收，您的家人不会再接到任何电话。",
    "【{lender}】您好，您的紧急联系人已申请删除，我们已处理。",
    "{name}您好，为了您的隐私，我们只会在工作时间联系您本人。",
    "【{lender}】您好，请不要将还款转入任何个人账户，以免造成损失。",
    "【{lender}】如您接到自称我司外访人员的上门要求，请不要开门并及时报警。",
    "【{lender}】您好，我司所有还款均进入对公账户：{company}，账号{acct}。",
    "【{lender}】您好，欠款是民事纠纷，我们会依法依规处理，不会采取任何过激手段。",
    "【{lender}】您好，我们不是法院，也没有权力冻结您的银行卡，请放心协商。",
    "【{lender}】请勿相信任何声称可以“帮你上门协商减免”的第三方机构。",
]

_LAWFUL_OTHERS = [
    "催收员今天说要把我的照片发到朋友圈，我好害怕。",
    "我借了网贷还不上，他们会不会去我老家找我爸妈？",
    "昨天催收打电话给我妈了，我妈一晚上没睡。",
    "我要投诉，你们的人说我是骗子，还威胁要让我坐牢。",
    "我想问一下，网贷逾期真的会被拘留吗？",
    "兄弟，借你的三千块我下个月还你，到时候转你微信。",
    "姐，这个月的房贷我先转你支付宝，你帮我还一下。",
    "我明天去法院咨询一下债务重组的事情。",
    "【{district}反诈中心】近期出现冒充网贷催收人员要求转账到个人账户的诈骗，请提高警惕。",
    "新闻：某市警方打掉一个暴力催收团伙，该团伙曾上门泼漆、群发借款人照片。",
    "据央视报道，有催收公司冒充律师发送虚假律师函，已被立案调查。",
    "律师提醒：欠款人被催收方骂“老赖”“骗子”，可以保留录音向监管投诉。",
]

FINAL_BLIND2_TEMPLATES: list[T] = [
    *[(group, cats, True, False, text) for group, cats, text in _UNLAWFUL],
    *[("hard_negative", (), True, False, text) for text in _LAWFUL_FROM_LENDER],
    *[("hard_negative", (), False, False, text) for text in _LAWFUL_OTHERS],
    (
        "legal_notice",
        (),
        False,
        True,
        "【{district}人民法院】{name}：原告{lender}诉你借款合同纠纷一案，已依法立案，请关注送达的诉讼文书。",
    ),
    (
        "legal_notice",
        (),
        True,
        True,
        "【{lender}】您与我司的借款合同纠纷已进入诉讼程序，开庭时间以法院传票为准。",
    ),
]
