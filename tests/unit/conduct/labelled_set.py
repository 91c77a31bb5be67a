"""A labelled set of realistic collection messages, BUILT here (templates × fillers), for measuring the
conduct detector's precision and recall.

Written from what borrowers report receiving and what lenders really send, not from the rules: lawful
reminders, lawful legal notices (依法起诉, 律师函, 失信 after a judgment), hard negatives (anti-fraud warnings,
promises not to call family, a real court's SMS when a case exists, lender names that contain keywords),
and unlawful messages (third-party contact, threats, insults, impersonation, fake legal process, personal
accounts) in varied wording — including some the detector is expected to miss.

Each item: text, the set of expected categories (empty = lawful), whether it comes from a known lender,
and whether a court case exists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LENDERS = [
    "招联金融",
    "捷信",
    "中原消费金融",
    "安逸花",
    "微粒贷",
    "借呗",
    "京东金条",
    "360借条",
    "度小满",
    "平安普惠",
    "拍拍贷",
    "马上消费金融",
    "还呗",
    "你我贷",
    "分期乐",
    "招商银行信用卡",
    "广发银行信用卡",
    "浦发银行",
    "宜人贷",
    "美团借钱",
    "兴业消费金融",
    "小赢卡贷",
]
NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏", "徐强", "孙婷"]
AGENCIES = ["湖南中诚信息咨询有限公司", "深圳安顺商务服务有限公司", "上海永信企业管理有限公司"]
LAW_FIRMS = ["北京德衡律师事务所", "广东华商律师事务所", "上海锦天城律师事务所"]
DISTRICTS = ["朝阳区", "天河区", "浦东新区", "武侯区", "江汉区", "西湖区"]
PHONES = ["95188", "400-820-8888", "95555", "400-609-9555", "95508"]
COMPANIES = ["招联消费金融有限公司", "中原消费金融股份有限公司", "重庆度小满小额贷款有限公司"]

LAWFUL = "lawful"


@dataclass(frozen=True)
class Labelled:
    text: str
    expected: frozenset[str]  # categories; empty = lawful
    group: str  # which part of the set
    from_lender: bool = True
    court_case: bool = False


# (group, expected categories, from_lender, court_case, template)
T = tuple[str, tuple[str, ...], bool, bool, str]

LAWFUL_REMINDERS: list[T] = [
    ("reminder", (), True, False, t)
    for t in [
        "【{lender}】尊敬的{name}，您的借款本期应还{amount}元已逾期{days}天，请于今日通过APP完成还款，以免影响您的个人征信。如已还款请忽略。",
        "【{lender}】{name}您好，您尾号{card}的信用卡账单已逾期，最低还款额{amount}元，请尽快还款。客服{phone}。",
        "{name}先生/女士，您在{lender}的借款已逾期{days}天，逾期将按合同产生罚息并上报征信，请及时处理。退订回T",
        "【{lender}】温馨提示：您的账单{date}到期，应还{amount}元，请保持还款账户余额充足。",
        "您好，这里是{lender}客服中心，您的账户目前逾期{amount}元，如有困难可致电{phone}申请协商还款方案。",
        "【{lender}】您的逾期款项{amount}元仍未结清，逾期记录将按规定报送金融信用信息基础数据库，请尽快还款。",
        "【{lender}】尊敬的客户，如您遇到还款困难，可登录APP申请延期或分期，我们将为您提供协助。",
        "【{lender}】您的借款已逾期，请您本人尽快联系我们，我们仅与您本人沟通您的账户信息。",
        "{name}，您好！我是{lender}的贷后专员小陈，工号{n}，您的款项已逾期{days}天，今天方便的话请回电{phone}沟通还款安排。",
        "【{lender}】提醒：您已连续{days}天未还款，罚息每日按合同约定计算，目前待还总额{amount}元。",
        "【{lender}】您本月的分期还款{amount}元扣款失败，请检查绑定银行卡余额后在APP内重新发起还款。",
        "【{lender}】您的协商还款申请已受理，首期{amount}元请于{date}前通过官方APP还款。",
        "【{lender}】我们注意到您近期还款出现困难，您可以申请个性化分期，详情请咨询{phone}。",
        "【{lender}】尊敬的{name}，您的信用卡已逾期，请于{date}前归还最低还款额，否则账户可能被暂停使用。",
        "您好，您在{lender}的借款已逾期，为避免产生更多罚息，请尽快还款，还款请认准官方渠道。",
        "【{lender}】您好，您名下的欠款{amount}元已逾期，欢迎您主动联系我们协商处理，客服热线{phone}（工作日9:00-18:00）。",
        "【{lender}】{name}您好，您的还款已到账{amount}元，感谢您的配合，剩余待还{amount2}元。",
        "【{lender}】您好，您的账户已委托{agency}进行还款提醒，如有疑问可致电{lender}官方客服{phone}核实。",
        "{name}您好，我这边是{lender}委托的{agency}，来电提醒您的借款已逾期{days}天，请问今天能处理吗？",
        "【{lender}】还款提醒：您的账单将于明天到期，应还{amount}元。如已还款请忽略本短信。",
        "【{lender}】您好，近期天气转凉，温馨提示您本期账单{amount}元将于{date}到期。",
        "【{lender}】您的贷款已逾期{days}天，为了不影响您的信用记录和后续贷款申请，请尽快还清欠款。",
        "【{lender}】您好，我们多次联系您未果，请您看到短信后尽快回电{phone}，以便我们了解您的还款计划。",
        "【{lender}】尊敬的客户，您的减免申请已审批通过，请于{date}前一次性结清{amount}元，逾期减免失效。",
        "【{lender}】您的账户逾期未还，我司保留依法追偿的权利，请您重视并尽快处理。",
        "【{lender}】尊敬的{name}，若您对欠款金额有异议，可在APP内提交异议申请，我们将在7个工作日内答复。",
        "您好，{lender}通知：您的借款合同第{n}期已逾期，逾期罚息以合同约定为准，请及时关注。",
        "【{lender}】您本期应还{amount}元，可使用APP内“还款”功能或在支付宝搜索“{lender}”官方小程序还款。",
        "【{lender}】您好，您的账单已出，本期应还{amount}元，最后还款日{date}。回T退订。",
        "【{lender}】您已逾期，请注意，逾期信息可能影响您今后办理房贷、车贷等金融业务。",
        "{name}您好，上次您说月底发工资后先还一部分，今天是{date}，想确认一下您的还款安排。",
        "【{lender}】您好，您的停卡申请已受理，分期协议生效后我们将停止催收，请按月还款{amount}元。",
        "【{lender}】尊敬的客户，您的账户已逾期{days}天，逾期将影响您在我行的信用评级，请尽快处理。",
        "您好，打扰了，我是{lender}的工作人员，想和您确认一下这个月能还多少，哪怕先还一点也可以。",
    ]
]

LAWFUL_LEGAL: list[T] = [
    ("legal_notice", (), True, False, t)
    for t in [
        "【{lender}】您的借款已逾期{days}天，经多次提醒仍未还款，我司将依法向人民法院提起诉讼，请于{date}前处理。",
        "【{lender}】如您持续不履行还款义务，我司将保留通过法律途径追偿的权利，由此产生的诉讼费用可能由您承担。",
        "{name}您好，您的欠款{amount}元逾期已久，如协商不成，{lender}将依法向有管辖权的人民法院起诉。",
        "【{lender}】根据借款合同约定，如发生争议，双方可向合同签订地人民法院提起诉讼。请您尽快还款以免进入诉讼程序。",
        "【{lender}】提示：如经法院判决后仍拒不履行，可能被依法列入失信被执行人名单并限制高消费。",
        "【{lender}】您的逾期账户已提交我司法务部门评估，如决定起诉，法院将依法向您送达相关文书。",
        "【{lender}】温馨提示：根据《民事诉讼法》的规定，对生效判决拒不履行的，法院可依法采取强制执行措施。",
        "【{lender}】如您对债务有异议，可向当地人民法院起诉或向金融监管部门反映。",
        "【{lender}】依据《中华人民共和国民法典》第六百七十五条，借款人应按约定期限返还借款，请您尽快履行还款义务。",
        "【{lender}】我司已委托{law_firm}就您的欠款事宜向您发送律师函，请于收到后7日内与我们联系。",
        "{name}您好，我是{law_firm}的律师，受{lender}委托与您沟通欠款{amount}元的还款事宜，如有异议请与我所联系。",
        "【{lender}】您可申请诉前调解，调解成功后可避免诉讼，详询{phone}。",
        "【{lender}】如您逾期不还，我方有权依照合同约定提前收回全部借款，并可依法申请支付令。",
        "【{lender}】我司将根据《征信业管理条例》的规定，在报送不良信息前告知您，请于{date}前还款以免被报送。",
        "【{lender}】请注意：恶意逃废债务可能承担相应法律责任，如有还款困难请主动与我们协商。",
        "【{lender}】根据《刑法》第一百九十六条的规定，恶意透支且经发卡银行两次催收后超过三个月仍不归还的，可能构成信用卡诈骗罪。请您及时还款。",
        "【{lender}】温馨提示：如进入诉讼程序，判决生效后您仍未履行的，法院可依法冻结、划扣您名下的存款。",
        "【{lender}】您的借款已逾期，我们将依法通过诉讼等方式维护合法权益，届时可能产生诉讼费、律师费等费用。",
        "{name}，您好，您的逾期资料已转至{lender}法务部，下周将评估是否依法起诉，请在此之前联系我们协商。",
        "【{lender}】您的欠款如经法院判决仍不履行，我司有权申请强制执行。",
    ]
] + [
    # A real court's SMS (12368, not from the lender) when a court case exists.
    ("legal_notice", (), False, True, t)
    for t in [
        "【{district}人民法院】{name}，你与{lender}金融借款合同纠纷一案已立案，案号（2026）京0105民初{n}号，请登录人民法院在线服务查看诉讼材料。",
        "【{district}人民法院】{name}：你与{lender}借款合同纠纷一案定于{date}上午9时开庭，传票已通过电子送达平台送达，请查收。",
    ]
]

HARD_NEGATIVES: list[T] = [
    ("hard_negative", (), True, False, t)
    for t in [
        "【{lender}】防诈提醒：我司不会以公安、法院名义联系您，也不会要求您向任何个人账户转账。",
        "【{lender}】近期有不法分子冒充我司工作人员，谎称可以“消除逾期记录”，请勿相信，还款请认准官方APP。",
        "【{lender}】请注意：我司工作人员绝不会上门催收，也不会联系您的家人和同事。",
        "【{lender}】我们承诺不会向您的通讯录联系人透露您的借款信息，请放心。",
        "【{lender}】如您接到自称法院或公安的电话要求转账，请立即挂断并拨打110报警。",
        "【{lender}】如果在催收过程中遇到辱骂、威胁等情况，请拨打{phone}投诉，我们将严肃处理。",
        "【{lender}】还款时请务必通过官方渠道，任何要求您转账到个人银行卡的都是诈骗。",
        "{name}您好，您上次说家人可以帮忙还一部分，请问今天能安排吗？",
        "【{lender}】您的紧急联系人信息已更新成功。如非本人操作请致电{phone}。",
        "【{lender}】我们仅会通过官方号码{phone}联系您，不会使用个人手机号催收。",
        "【{lender}】温馨提示：请妥善保管个人信息，不要将验证码告诉他人，谨防诈骗。",
        "您好，我行暂不提供上门服务，请您本人携带身份证到就近网点办理还款手续。",
        "【{lender}】您的还款已逾期，请勿轻信网上所谓“征信修复”“反催收”服务，以免上当受骗。",
        "【{lender}】本公司从未委托任何个人收取还款，请勿向个人账户汇款。",
        "【{lender}】逾期后我们只会联系您本人，不会打扰您的亲友。",
        "【{lender}】您好，根据监管要求，催收电话全程录音，我们不会在22点至次日8点之间联系您。",
        "{name}您好，关于您反映的催收人员态度问题，我们已核实并对相关人员进行处理，向您致歉。",
        "【{lender}】提醒：网上流传的“不还网贷会坐牢”说法不实，请理性对待，有困难可以协商。",
        "【{lender}】温馨提示：欠款属于民事纠纷，我司不会也无权对您采取拘留等措施。",
        "【{lender}】您好，您的家人已代您还款{amount}元，剩余欠款{amount2}元请按时归还。",
        "【{lender}】为保障您的权益，如催收人员有冒充公检法、威胁恐吓等行为，请保留证据并向我司举报。",
        "【{lender}】官方还款账户：户名：{company}，账号：{acct}，开户行：招商银行上海分行，请备注借款人姓名。",
        "【{lender}】您的账户存在逾期，请勿相信任何自称能“内部消除征信记录”的人员。",
        "【{lender}】如需家人代为还款，请让家人通过APP“代还款”功能操作，并请告知家人核对还款账户。",
        "【{lender}】我们不会把您的欠款情况告诉任何第三方，请您尽快与我们联系协商。",
        "【{lender}】您好，经核实您已结清全部欠款，我们将停止一切催收联系，感谢您的配合。",
        "【{lender}】尊敬的客户，您无需担心会被上门催收，我们只通过电话和短信与您沟通。",
        "【{lender}】您好，我们不会采取任何威胁、恐吓的方式催收，如有疑问请联系{phone}。",
    ]
] + [
    # Not from a lender and not about a debt (family, couriers, banks' ordinary service).
    ("hard_negative", (), False, False, t)
    for t in [
        "{name}您好，您的快递已到小区门口驿站，请凭取件码领取。",
        "妈，我这个月工资发了，先还你两千，剩下的下个月给你。",
        "【{district}公安】您的居住证已办理完成，请携带身份证到派出所领取。",
        "老同学，周末来我家吃饭吧，顺便聊聊上次说的工作的事。",
    ]
]

THIRD_PARTY: list[T] = [
    ("third_party", ("third_party",), True, False, t)
    for t in [
        "{name}，你再不还钱，今天下午我们就联系你的家人和单位领导。",
        "你的紧急联系人我们已经全部打过电话了，你爸妈都知道你欠钱不还了。",
        "今天不处理的话，明天开始给你通讯录里的人挨个打电话。",
        "再不还款就爆你通讯录，让你所有朋友都知道你是什么人。",
        "我们已经把你的欠款情况发给你公司人事了，你自己看着办。",
        "{name}你好，你同事刚才接了我们的电话，说你在公司，你还要躲到什么时候？",
        "你老婆的电话我们已经有了，要不要我们帮你跟她说说你欠{lender}的钱？",
        "你欠{lender}的钱不还，我们只能通知你的村委会和邻居了。",
        "我们会把催收函寄到你父母家里，让二老替你操心吧。",
        "你通讯录里有{n}个联系人，要不要我们一个个通知？",
        "已经给你的紧急联系人发了短信，他们都知道你逾期了，你看着办。",
        "你不接电话是吧？那我们只好打给你老板了。",
        "我们会联系你的家人来解决这个问题，别说没提醒你。",
        "这个事情如果你今天不解决，明天你公司的同事都会收到你的逾期信息。",
        "你儿子学校的老师电话我们也有，你想让孩子在学校抬不起头吗？",
        "已向你的亲友群发了你的欠款通知。",
        "给你最后一次机会，否则我们就联系你通讯录里所有的人。",
        "你再躲着不接，我们就只能找你家里人要钱了。",
        "【{lender}】{name}欠款{amount}元已逾期{days}天，请您作为其亲友督促其尽快还款。",
        "您好，您是{name}的朋友吧？他在{lender}欠款{amount}元一直不还，麻烦您转告他。",
        "你家人的电话都在我们这，今天不还明天就让他们知道。",
        "你的欠款信息我们已经发给你单位的领导，看你还怎么在单位待下去。",
    ]
]

THREATS: list[T] = [
    ("threat", cat if isinstance(cat, tuple) else (cat,), True, False, t)
    for cat, t in [
        ("threat", "{name}，你已经涉嫌恶意拖欠，再不还款我们将移交公安机关处理。"),
        ("threat", "你这种情况已经构成诈骗了，等着坐牢吧。"),
        ("threat", "明天我们的外访人员就到你家，你最好在家等着。"),
        (("threat", "third_party"), "我们已经安排人去你老家了，你父母在家吧？"),
        ("threat", "再不还钱就派人上门，到时候可别怪我们。"),
        (("threat", "third_party"), "你信不信我们明天就去你公司闹，让你工作都保不住？"),
        ("fake_legal_process", "你的资料已经上报经侦，很快就会立案。"),
        ("threat", "最后通牒：今天12点前不还款，将你的照片和身份证发到网上曝光。"),
        (("threat", "third_party"), "我们会在你小区门口贴你的欠款告示，让邻居都看看你是什么人。"),
        ("threat", "知道你家住哪，出门小心点。"),
        ("threat", "你要是再不还，后果自负，别说我们没提醒你。"),
        ("threat", "不还钱你会后悔的，我们有的是办法让你在当地混不下去。"),
        ("fake_legal_process", "你欠钱不还属于违法行为，我们已经报警了。"),
        ("threat", "我们的人已经在你家楼下等着了。"),
        (("threat", "third_party"), "三天内不还款，我们会把你的欠款信息做成海报发到你们业主群。"),
        ("threat", "不要以为换号码就找不到你，我们知道你在哪上班，明天就过去。"),
        ("threat", "你要是继续不还，我们就让你全家不得安宁。"),
        ("threat", "你已经构成合同诈骗罪，刑事立案只是时间问题。"),
        ("threat", "我们的同事今天下午会上门核实你的情况，请在家配合。"),
        (("threat", "third_party"), "你今天不还钱，明天就有人到你单位门口堵你。"),
        ("threat", "再拖下去会影响你孩子以后考公务员和参军政审。"),
        ("threat", "{name}，你别以为我们不敢上门，地址我们都核实过了。"),
        ("threat", "不还钱就把你做成表情包发到抖音上，让全网都认识你。"),
        ("threat", "你这是骗贷，我们已经准备材料报案了。"),
        ("threat", "你想坐牢吗？不想就今天把钱还上。"),
        ("fake_legal_process", "你的欠款已经进入司法程序，法院传票明天送到你单位。"),
        ("fake_legal_process", "我司已对你提起诉讼，法院近期将冻结你名下所有银行卡。"),
        ("fake_legal_process", "你已被列为被告，开庭时间另行通知，不到庭将被拘传。"),
        ("fake_legal_process", "你已经上了失信黑名单，坐不了飞机高铁，孩子也上不了好学校。"),
        ("fake_legal_process", "我们已经把你的案子移交给律师和法院，下周就强制执行你的工资。"),
        ("fake_legal_process", "执行局明天就来查封你的房子。"),
        ("fake_legal_process", "【{lender}】您的欠款案件已立案，传票将于三个工作日内寄往您的户籍地。"),
        ("fake_legal_process", "法院已经受理了，下周开庭，你等着收传票吧。"),
    ]
]
# Issue 16, round 11: a claim that a police case already exists is false legal process; with a threat of
# detention it is a threat as well (docs/decisions.md).
THREATS.append(
    ("threat", ("threat", "fake_legal_process"), True, False, "不还钱就等着被拘留吧，公安已经在查你了。")
)

INSULTS: list[T] = [
    ("insult", ("insult",), True, False, t)
    for t in [
        "你这种老赖就是社会的败类。",
        "欠钱不还，你还要不要脸？",
        "你就是个骗子，借钱的时候怎么不说没钱？",
        "臭不要脸的东西，赶紧还钱。",
        "你全家都是老赖吧，一个德行。",
        "你妈没教过你欠债还钱吗？",
        "垃圾，借了钱就装死。",
        "你个废物，连这点钱都还不起。",
        "真是个白眼狼，当初借钱给你是看得起你。",
        "你这种人迟早不得好死。",
        "装什么死，赶紧滚出来还钱。",
        "你算什么东西，也配跟我们谈减免？",
        "他妈的再不接电话试试。",
        "穷鬼一个还借那么多钱，丢人现眼。",
        "你这种人渣也好意思活着。",
        "借钱的时候是孙子，还钱的时候是大爷，无赖！",
    ]
]

IMPERSONATION: list[T] = [
    ("impersonation", (cat,), True, False, t)
    for cat, t in [
        ("impersonation", "我是{district}人民法院执行局的工作人员，你与{lender}的借款纠纷已进入执行阶段。"),
        ("impersonation", "你好，这里是{district}公安分局经侦大队，现在通知你配合调查一起网贷诈骗案。"),
        ("impersonation", "【{district}人民法院】{name}，你的欠款案件即将开庭，请于三日内联系{phone}处理。"),
        ("impersonation", "我们是受法院委托的执行人员，今天来核实你的财产情况。"),
        ("impersonation", "我这边是{district}司法局调解中心的，你这个案子再不处理就要移交法院了。"),
        ("impersonation", "你好，我是派出所的王警官，有人报案说你借钱不还，你明天来所里一趟。"),
        (
            "impersonation",
            "【{district}司法执行中心】通知：当事人{name}拖欠{lender}贷款，现已进入强制执行程序。",
        ),
        ("impersonation", "我们是政府金融办的，现在统一清理逾期网贷，你需要在今天之内结清。"),
        ("impersonation", "本人是{district}人民检察院工作人员，你的网贷逾期已涉嫌犯罪。"),
        ("impersonation", "现以法院的名义正式通知你，限你三日内还清欠款。"),
        ("impersonation", "{name}，我是{district}法院的书记员，你的案子下周开庭，今天还款可以撤诉。"),
    ]
]

PERSONAL_ACCOUNT: list[T] = [
    ("personal_account", ("personal_account",), True, False, t)
    for t in [
        "今天内把钱转到我个人的支付宝上，我帮你把逾期消掉。",
        "公司账户今天维护，你先打到我的银行卡，户名：王强，卡号6222 0212 3456 7890 123。",
        "加我微信，私下处理可以给你减免一半。",
        "还款请转账至以下账户：收款人：李建国，卡号：6217 0000 1234 5678。",
        "你把{amount}元直接打给我，我这边给你出结清证明。",
        "扫我这个收款码还款，比走APP快。",
        "支付宝账号：13812345678，转过来就行，备注你的名字。",
        "为了尽快结清，请将款项汇入专员个人账户，户名张敏。",
        "走官方渠道要全额，私下转给我只要七成。",
        "你先转一千块到我微信上，表示你的诚意。",
    ]
]

ALL_TEMPLATES: list[T] = [
    *LAWFUL_REMINDERS,
    *LAWFUL_LEGAL,
    *HARD_NEGATIVES,
    *THIRD_PARTY,
    *THREATS,
    *INSULTS,
    *IMPERSONATION,
    *PERSONAL_ACCOUNT,
]


# How a collector frames a bare sentence: addressed by name, a call-back demand, or nothing.
FRAMES = ["{t}", "{name}，{t}", "{t}速回电{phone}。", "{name}你好，{t}", "{t}（{lender}贷后）", "喂，{t}"]


def _fill(template: str, rng: random.Random) -> str:
    if "{" not in template:
        template = rng.choice(FRAMES).replace("{t}", template)
    amount = rng.randrange(30_000, 5_000_000) / 100
    return template.format(
        lender=rng.choice(LENDERS),
        name=rng.choice(NAMES),
        amount=f"{amount:,.2f}",
        amount2=f"{rng.randrange(10_000, 2_000_000) / 100:,.2f}",
        days=rng.randrange(3, 400),
        date=f"{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日",
        card=f"{rng.randrange(1000, 9999)}",
        phone=rng.choice(PHONES),
        n=rng.randrange(100, 9999),
        agency=rng.choice(AGENCIES),
        law_firm=rng.choice(LAW_FIRMS),
        district=rng.choice(DISTRICTS),
        company=rng.choice(COMPANIES),
        acct=" ".join(str(rng.randrange(1000, 9999)) for _ in range(4)),
    )


def build_labelled_set(seed: int = 8, variants: int = 2) -> list[Labelled]:
    """Every template filled `variants` times with different lenders, names and amounts."""
    rng = random.Random(seed)
    items: list[Labelled] = []
    for group, expected, from_lender, court_case, template in ALL_TEMPLATES:
        for _ in range(variants):
            items.append(
                Labelled(
                    text=_fill(template, rng),
                    expected=frozenset(expected),
                    group=group,
                    from_lender=from_lender,
                    court_case=court_case,
                )
            )
    return items
