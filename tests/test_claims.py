"""The claims step: each clause's part, modality, actor and figures, and which hits a rule counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks.prefilter import leads
from auditor.claims import MODALITIES, Policy, led_finditer
from auditor.engine import claims_of
from auditor.model import Source
from auditor.parsing import parse_document
from auditor.patterns import compiled
from tests.conftest import SEEDS

MEASURES = "一、2023年主要举措和成效\n"


def _read(ruleset, body: str, year: int | None = 2023, level: str | None = None):
    doc = parse_document(Source(path="t.txt", text=MEASURES + body), year=year, level=level)
    return doc, claims_of(doc, ruleset)


def _modality_of(ruleset, body: str, word: str, **kw) -> str:
    doc, claims = _read(ruleset, body, **kw)
    at = doc.text.index(word)
    return claims.at(at).modality


@pytest.mark.parametrize("body, word, expected", [
    ("全面落实行政执法三项制度。", "三项制度", "done"),
    ("将述法情况纳入年度考核内容。", "述法", "done"),  # 将 as the 把 of a disposal, not a future
    ("计划于2024年全面推行三项制度。", "三项制度", "planned"),
    ("力争年底前实现村居法律顾问全覆盖。", "法律顾问", "planned"),
    ("拟于2024年聘请法律顾问。", "法律顾问", "planned"),
    ("镇司法所对拟出台的文件进行合法性审查。", "合法性审查", "done"),  # 拟出台的 = to be issued
    ("2024年，我镇将继续推进三项制度，加强执法培训。", "执法培训", "planned"),  # the plan reaches the sentence
    ("二是2024年加强普法阵地建设，本年度完成宣传栏更换26次，推进示范村创建。", "示范村", "done"),
    ("党政主要负责人尚未开展述法。", "述法", "negated"),
    ("行政执法三项制度尚未落实。", "三项制度", "negated"),
    ("执法人员暂无行政执法证件。", "执法证", "negated"),
    ("全年无行政复议、行政诉讼案件。", "行政复议", "nil"),
    ("政务公开工作仍有短板。", "政务公开", "problem"),
    ("针对执法力量不足的问题，开展执法培训3次。", "执法培训", "done"),  # a problem dealt with
    ("针对政务公开栏目更新不及时问题，已逐条补录。", "政务公开", "done"),  # the failing dealt with
    ("近年来对政务公开工作有所淡化。", "政务公开", "negated"),
    ("从不忽视政务公开工作。", "政务公开", "done"),
    ("县发改局召开听证会，并委托第三方开展了风险评估。", "风险评估", "others"),  # the same actor goes on
    # A clause with no subject of its own goes on with the sentence's actor (not one that frames: 在…, 按照…)
    ("二是县政府办公室严格规范全县政务信息公开，从两方面完善了信息公开制度。", "信息公开制度", "others"),
    ("县住房城乡建委制定改造方案前，在我乡召开了群众座谈会，组织专家论证。", "专家论证", "others"),
    ("三是县司法局今年加强全县执法人员培训，组织县级各部门干部参加了资格考试。", "资格考试", "others"),
    ("县司法局举办全县行政执法人员培训班，我镇执法人员全部参训。", "参训", "done"),
    ("镇里的政务公开工作仍停留在转发县里通知的层面。", "政务公开", "negated"),  # left at forwarding
    # A step toward the work, then 但…, then the work itself denied: the step was not the work
    ("书记、镇长的述法材料已经成稿，但县里的述法会议推迟到次年举行，年内未能述法。", "述法材料", "planned"),  # a draft
    ("镇里开展普法12场，但受疫情影响，未能组织集中学法。", "普法", "done"),  # other work granted
    ("龙井村村委会今年自行组织村民开展了一次森林防火演练。", "演练", "others"),  # the village on its own
    ("如上级明确乡镇须单设法治建设领导小组，我乡将及时组建。", "领导小组", "planned"),  # a condition not met
    ("镇司法所拟从各村遴选热心群众培养为法律明白人。", "法律明白人", "planned"),
    ("多数合同签订前未经法律审查。", "法律审查", "negated"),
    ("全年重大行政决策事项没有一件未经合法性审查。", "合法性审查", "done"),  # a double negative
    ("县委主要领导到乡调研时要求，乡政府要自觉接受人大监督。", "人大监督", "demand"),  # the demand's words
    ("县司法局要求各镇按照“八五”普法规划的年度安排，今年重点抓民法典和反诈法进村入户。", "民法典", "demand"),
    ("年内镇政府未被任何单位和个人申请行政复议。", "行政复议", "nil"),
    ("集贸市场搬迁是否列为重大行政决策事项，仍需研究。", "重大行政决策", "planned"),
    ("如果成立领导小组，就能统筹各方力量。", "领导小组", "planned"),
    ("成立领导小组的请示已报请县委批复。", "领导小组", "planned"),
    ("项目推进中回避了风险评估环节。", "风险评估", "negated"),
    ("2024年1月，镇里组织执法人员12人参加行政执法资格考试。", "资格考试", "planned"),  # next year's work
    ("执法案件的法制审核率、执法公示率目前均为零。", "法制审核", "negated"),
    ("全年行政诉讼败诉率为0。", "行政诉讼", "nil"),  # a zero failure rate: none lost, not a denial
    ("执法力量不足，执法培训开展较少。", "执法培训", "problem"),
    ("镇党委定期研究解决法治建设中存在的问题。", "法治建设", "done"),  # the problems were dealt with
    ("县司法局要求各乡镇全面落实三项制度。", "三项制度", "demand"),
    ("督促各村（社区）聘请法律顾问。", "法律顾问", "demand"),
    ("按照县委、县政府的要求，我乡全面落实三项制度。", "三项制度", "done"),  # acted on the demand
    ("重大案件须经法制审核员审核后方可决定。", "法制审核", "done"),  # the body's own procedure
    ("根据县委要求，文件出台前须经合法性审查。", "合法性审查", "demand"),  # a rule laid down from above
    ("镇党委书记听取各站所负责人述法。", "述法", "others"),
    ("2021年，镇党委书记向县委述法。", "述法", "past"),
    ("2021年以来，镇党委书记每年向县委述法。", "述法", "done"),  # a period reaching the report year
    ("年初制定的班子成员会前学法计划，至年底仍未启动。", "学法", "negated"),  # the sentence ends in a negation
    ("已聘请法律顾问，尚未签订合同。", "法律顾问", "done"),  # …but not what 已 says was done
    ("实施细则仍在修改完善，尚未印发执行。", "实施细则", "planned"),
    ("领导小组组建方案已起草完毕，有待党委会研究审定。", "领导小组", "planned"),  # a draft still waiting
    ("原计划2024年推行行政执法公示制度，已于今年10月提前落实。", "公示制度", "done"),
    ("原定于2024年初开展的镇长述法，已提前至2023年12月完成。", "述法", "done"),
    ("村法律顾问选聘工作虽已列入年度计划，但至年底尚未实施，调解成功3件。", "村法律顾问", "negated"),  # a concession
    ("镇里只印发了行政执法公示办法，没有公布过一条执法信息。", "公示办法", "negated"),  # a paper step only
    ("县委编办要求各乡镇年内完成履职事项清单编制，我乡已于6月编制完成。", "履职事项清单", "done"),  # demand met
    ("县市场监管局在我镇开展食品安全检查，检查结果在县政府网站公示。", "公示", "others"),  # still the bureau's
    ("县委依法治县办组织开展述法，我镇党委书记现场述法。", "现场述法", "done"),  # the body's own turn
    ("相邻的西周镇率先开展了述法。", "述法", "elsewhere"),  # a neighbour's: nothing to do with the body
    ("上届镇党委书记曾在县委全会上述法。", "述法", "past"),
    ("执法全过程记录制度仍停留在纸面上。", "全过程记录", "negated"),
    # A pronoun pointing back (这项工作, 该制度, 上述两项工作): what it names was not done.
    ("三是加强执法人员业务培训。这项工作因人员调整至今没有开展。", "业务培训", "negated"),
    ("建立村法律顾问联系制度，但该制度目前仍停留在纸面上。", "法律顾问", "negated"),
    ("镇里年初提出在执法中推行法制审核和执法公示。上述两项工作尚未启动。", "法制审核", "planned"),  # proposed
    ("镇里年初在执法中推行法制审核和执法公示。上述两项工作尚未启动。", "法制审核", "negated"),
    ("镇里年初把法律顾问选聘列为重点。今年共调解纠纷12件。", "法律顾问", "done"),  # the next sentence is another matter
    # A condition: promised, not done.
    ("一旦区里明确述法评议办法，镇党委书记就在全镇干部大会上公开述法。", "公开述法", "planned"),
    ("四是如人大代表提出涉及法治建设的建议，乡政府将在一个月内书面答复。", "人大代表", "planned"),
    ("如期完成权责清单编制，", "权责清单", "done"),  # 如期 is no condition
    # Idle, a formality, never: 挂空挡, 配而不用, 从不.
    ("重大执法决定法制审核长期挂空挡。", "法制审核", "negated"),
    ("执法记录仪配而不用。", "执法记录仪", "negated"),
    ("出台文件前从不送司法所合法性审查。", "合法性审查", "negated"),
    ("集体讨论也多为事后补签。", "集体讨论", "negated"),
    # A concession answered by 'not done' after a clause of its own (虽已制定计划，但因…，全年未组织).
    ("镇党委虽已制定领导干部学法计划，但因疫情防控任务重，全年未组织集中学法。", "学法计划", "negated"),
    ("镇政府虽已建立合同合法性审查制度，但本年度签订的各类合同尚未送审。", "合法性审查", "negated"),
    ("执法人员报名参加资格考试的工作已经完成，考试定于明年3月举行。", "资格考试", "planned"),  # a first step
    ("尚屯派出所因一起治安处罚被当事人起诉，所长出庭应诉。", "出庭应诉", "others"),  # a county station's
    ("县综合行政执法局借用镇政府会议室，为其下属执法中队举办执法培训。", "执法培训", "others"),
    ("区城市管理综合行政执法支队在我镇场镇开展占道整治。", "综合行政执法", "others"),
    # Another body's work on a third: neither the body's work nor oversight of it.
    ("县人大常委会今年对县交通运输局开展路政执法检查，我乡派员配合。", "执法检查", "elsewhere"),
    ("县政协今年组织委员视察了邻近的三建乡依法行政工作。", "视察", "elsewhere"),
    ("县人大常委会今年对我镇开展执法检查。", "执法检查", "others"),  # the body inspected: oversight counts it
    ("镇党委书记受邀列席县人大常委会会议，听取了县政府的报告。", "列席", "elsewhere"),
    # The superior's organs with a subject of their own; not its people rating the body, nor a review of its decision.
    ("县政府信息公开工作在全市年度考评中位列第一。", "信息公开", "others"),
    ("县司法局表彰全县十佳法律明白人，我镇无人入选。", "法律明白人", "others"),
    ("县委常委逐一作了点评。", "点评", "done"),
    ("县政府复议维持。", "复议", "done"),
    ("对报送备案的7件规范性文件逐件审查，均未发现问题。", "规范性文件", "done"),  # an outcome, no denial
    ("重大执法决定法制审核 | 推进中 | 审核目录待县司法局审定", "法制审核", "planned"),  # a table row's status
    ("对法治政府建设中的重要事项，镇党委书记亲自作出批示。", "批示", "done"),  # 建设中的 is no status
    # Not done, in everyday words.
    ("单独述法这个环节今年又给省掉了。", "述法", "negated"),
    ("镇执法中队的执法公示牌挂在墙上好看，", "执法公示", "negated"),
    ("执法记录仪多数时候躺在柜子里充电，", "执法记录仪", "negated"),
    ("各村报上来的法律明白人名单至今还是一张白纸。", "法律明白人", "negated"),
    ("今年汛期前本该搞的山洪撤离演练因为人手紧又往后挪了。", "撤离演练", "negated"),
    ("法治建设这块一句话带过，", "法治建设", "negated"),
    ("镇里的执法记录仪买回来还没拆封。", "执法记录仪", "negated"),
    ("说是要搞法律明白人培训，到年底也没见动静。", "法律明白人", "negated"),
    ("合法性审查的事，司法所说人手不够，就先放一放。", "合法性审查", "negated"),
    ("应急演练只在纸上走了一遍。", "应急演练", "negated"),
    ("今年本想推行三项制度，无奈人手不足。", "三项制度", "planned"),  # meant, not done
    ("依法没收违法所得2万元。", "没收", "done"),  # a penalty, not a denial
    ("罚没数额较大的案子先交法律顾问审核。", "审核", "done"),
    ("书记汇报了还有哪些没做好，并接受评议。", "汇报", "done"),  # a question, not a denial
    ("三项制度落实情况被县里通报批评。", "三项制度", "problem"),
    ("述法这一环节实际上落了空。", "述法", "negated"),
    ("全年镇党委会研究的各类议题中，专门涉及法治建设的为零。", "法治建设", "negated"),
    ("本年度被申请行政复议的相关数据暂缺。", "行政复议", "negated"),
    ("镇突发事件应急预案还是2016年编制的旧版本。", "应急预案", "negated"),
    ("乡权责清单的编制也已启动，目前初稿完成约三分之一。", "权责清单", "planned"),
    ("东岙村的民主法治示范村创建已启动。", "示范村", "done"),  # a creation under way is its work
    ("镇里已向县应急管理局申请配备防汛物资，待批复后建立储备点。", "防汛物资", "planned"),
    # Preparation done, the work to run later (定于…起施行, 预计…上线运行); more of what runs already is no such thing.
    ("镇里已制定行政执法三项制度实施细则，定于2024年1月1日起施行。", "三项制度", "planned"),
    ("政务公开专栏已完成页面设计，预计明年一季度上线运行。", "政务公开", "planned"),
    ("已在3个村推行三项制度，明年将继续推行。", "三项制度", "done"),
    ("今年已建成矛调中心，网上调解平台预计明年上线。", "矛调中心", "done"),  # another thing goes live
    ("2018年至2019年，镇党委坚持会前学法。", "会前学法", "past"),  # a period wholly before the year
    ("2021年至今，镇党委坚持会前学法。", "会前学法", "done"),
    ("镇里去年印发了三项制度，今年仍停留在文件上。", "三项制度", "negated"),  # what stood has lapsed
    ("镇里印发的三项制度，今年仍停留在文件上。", "三项制度", "negated"),  # named, then still on paper
    ("年终述职材料对本人抓法治建设的情况只字不提。", "法治建设", "negated"),
    ("县委要我们年底前完成述法。", "述法", "demand"),
    ("建议县级层面统一编制乡镇合法性审查事项目录。", "合法性审查", "demand"),  # asked of a superior
    ("经镇党委会研究，已决定自2024年起由镇党委书记、镇长在年终述职时一并述法。", "述法", "planned"),
    ("合法性审查机制在我镇今年仍是一纸空文。", "合法性审查", "negated"),
    ("执法过程记录和重大执法决定法制审核两项尚属空白。", "法制审核", "negated"),
    ("执法公示和法制审核两项，准备待明年执法大队扩编后再行推开。", "执法公示", "planned"),
    ("三项制度，在我镇还只是挂在墙上的制度牌，执法中基本照旧。", "三项制度", "negated"),
    ("11月县委依法治县办来镇督查时，专门强调党政主要负责人要把述法作为年终述职的必备内容。", "述法", "demand"),
    ("细化奖惩措施，11月县司法局来镇对执法公示工作开展专项检查。", "执法公示", "others"),
    ("每次开会前先读一部法律，全年没有断过。", "读一部法律", "done"),
    ("村（居）法律顾问目前只在场镇社区试行，其余各村仍在与律所洽谈。", "法律顾问", "planned"),
    ("镇级权责清单由县里统一编制，我镇尚在等待下发。", "权责清单", "others"),
    ("乡突发事件总体应急预案仍沿用2016年版本，修订工作顺延至明年。", "应急预案", "negated"),
    ("成立镇法治建设领导小组的报告已呈报县委依法治县办，批复尚未下达。", "领导小组", "negated"),
    ("县政务公开办年中抽查我乡政务公开专栏，指出栏目更新滞后。", "政务公开专栏", "others"),
    ("镇自来水公司对外签订的供水合同，均由公司聘请的律师审核把关。", "审核把关", "others"),
    ("镇政府与企业签订的合同均经法律顾问审查。", "审查", "done"),  # the body's own contracts
    ("县教育局决定撤并我镇2个教学点，事前召开了家长座谈会。", "座谈会", "others"),  # the same actor goes on
    ("参与检查的民警和市场监管执法人员均亮证执法。", "亮证执法", "others"),
    ("因为法律顾问服务合同条款一直谈不拢，", "法律顾问", "negated"),
    ("乡里的防汛应急预案还是几年前的老版本，", "应急预案", "negated"),
    ("“法律明白人”培养工程在我镇推得很慢，", "法律明白人", "problem"),
    # Not yet: waiting, testing, a date to come.
    ("领导小组人员名单等换届后再定，", "领导小组", "planned"),
    ("法制审核这一块还在等县里出目录，", "法制审核", "planned"),
    ("网上办事端口区里说年底开通，", "网上办事", "planned"),
    ("网上办事端口已于10月开通，", "网上办事", "done"),
    ("镇里给各村下了任务，每村年内至少推荐3名法律明白人人选。", "法律明白人", "demand"),
    # A topic named first takes what the rest of its sentence says of it.
    ("原先跟律所谈好的村居法律顾问，因为服务合同条款一直谈不拢，到年底各村的顾问位置还是空着。", "法律顾问", "negated"),
    ("镇党委书记的年度述法，已跟县委依法治县办报了名，排在明年一季度的述法评议会上。", "年度述法", "planned"),
    ("镇党委书记的年度述法，在12月的全会上完成，明年将继续。", "年度述法", "done"),  # the rest is not all undone
    ("镇综合执法队在推行执法全过程记录的同时，计划明年开设执法公示专栏。", "全过程记录", "done"),  # 的同时: no topic
    ("镇法律顾问选聘工作至今没能落实。", "法律顾问", "negated"),
    ("聘请法律顾问一事已经搁浅。", "法律顾问", "negated"),
    ("法律顾问岗位一度空缺，5月起由律师担任。", "法律顾问", "done"),  # once so, no more
    ("因疫情推迟的镇长年度述法，已于12月底完成。", "述法", "done"),  # a delay made good
    ("镇里正酝酿聘请法律顾问。", "法律顾问", "planned"),
    ("全镇开展安全检查12次，均未发生安全事故。", "安全检查", "done"),  # an outcome, not a denial of the list
    ("村级法律顾问人选尚待县司法局统一选派。", "法律顾问", "planned"),
    ("拟作出较大数额罚款的，先经法律顾问审核。", "法律顾问", "done"),  # a procedure, not a plan
    ("县审计局已将乡政府列入2024年度审计计划。", "审计", "planned"),
    # (session 26: concessions, topics, held-up work, fates of plans)
    ("县司法局虽于年初部署了三项制度落实活动，但我乡年度内既未组织检查，也没有开展过法制审核。", "三项制度", "others"),
    ("执法过程全录像的要求虽在年初动员会上反复强调，队里的执法记录仪却全年都没能配齐。", "全录像", "demand"),
    ("镇政府围绕决策程序等内容，起草了《重大行政决策程序实施办法（草案）》，目前仍在征求意见，待明年审定后施行。", "决策程序", "planned"),
    ("行政执法三项制度方面，县里虽已印发实施方案，我镇至今仍未建立相关制度。", "三项制度", "negated"),
    ("镇党委书记同部署、同考核，镇党委书记本应于9月述法，但因台风会议取消，年内未再补开。", "同考核", "done"),
    ("全年镇政府研究的重大事项，无一项履行了公众参与、专家论证和合法性审查程序。", "公众参与", "negated"),
    ("场镇污水管网改造这一重大行政决策，从专家论证到合法性审查、集体讨论，一步未落。", "专家论证", "done"),
    ("今年每次镇党委会召开前，班子成员都先集体学习一部法律法规，会前学法没有一次落下。", "集体学习", "done"),
    ("村（居）“法律明白人”全覆盖工程因县里培训安排调整，今年尚未在我镇实施，强化基层普法教育。", "法律明白人", "negated"),
    ("普法宣传工作因疫情影响，部分活动未能开展，全年仍开展普法12场次。", "普法宣传", "done"),  # a part of it
    ("全乡法律明白人队伍已于2021年组建到位，本年度未再新增，推广平台运用。", "推广平台", "done"),
    ("法治建设工作领导小组因领导变动至今未调整到位。", "领导小组", "done"),  # the group stands
    ("原本要求做到执法过程全录像，但执法记录仪至今未配发，这一要求没有落实，执法效果接受群众监督。", "全录像", "negated"),
    ("原本要求做到执法过程全录像，但执法记录仪至今未配发，这一要求没有落实，执法效果接受群众监督。", "群众监督", "done"),
    ("县里布置的领导干部网上学法课程，镇党委书记、镇长比计划提前两个月全部学完。", "学法课程", "done"),
    ("组织班子成员观摩了邻近的鹤浦镇党委书记年终述法，严格落实“一岗双责”。", "一岗双责", "done"),
    ("组织各村党支部书记到邻镇西黄村参观学习，该村今年被评为全国民主法治示范村。", "示范村", "elsewhere"),
    ("对区司法局提出的一村一法律顾问全覆盖的要求，我镇已将其列入明年重点工作。", "法律顾问", "demand"),
    # Session 27: a reason clause fares as what it explains; a named superior; a post left by its holder; a
    # channel taken away; nobody taking part; a step the named work went without; a plan's fate after a step.
    ("受乡人大主席团换届影响，本年度原定的人大代表视察工作未能组织。", "人大主席团", "negated"),
    ("由于聘请了法律顾问，全年没有出现一起败诉案件。", "法律顾问", "done"),
    ("三是尽管县司法局年内分两批组织了行政执法资格考试，镇里的执法人员一人也没有报名参加。", "资格考试", "others"),
    ("宁波市司法局年内表彰了全市优秀“法律明白人”。", "法律明白人", "others"),
    ("按照县司法局统一安排，为我镇各村（社区）均配备了法律顾问。", "法律顾问", "done"),
    ("会同县食品药品监督管理局加强扫黑除恶宣传。", "扫黑除恶", "done"),
    ("老旧小区加装电梯的补助办法出台前，街道在各社区张贴征求意见稿。", "补助办法", "done"),
    ("原聘请的律师年初辞聘后，各村法律顾问岗位全年空缺。", "律师", "negated"),
    ("镇政府信息公开栏在场镇改造中拆除后，年内一直未能恢复。", "信息公开", "negated"),
    ("平台关闭前已完成数据迁移。", "数据迁移", "done"),
    ("原定组织干部参加行政执法资格考试，因县里考试安排调整推迟到明年，全年无人参考。", "无人参考", "negated"),
    ("全年研究重大事项11项，因镇里没有专职法制人员，这些事项提交会议前均未经合法性审查。", "重大事项", "done"),
    ("镇班子会前学法原本列入了年初计划，但受疫情防控影响全年没有组织起来。", "会前学法", "negated"),
    ("镇长列席了县政府常务会议，旁听县城供水工程等重大行政决策的集体讨论。", "重大行政决策", "elsewhere"),
    ("至于“八五”普法规划中针对外出务工人员、留守老人等重点群体分层分类送法上门的那部分任务，镇里在与各村反复商量、"
     "逐户摸清返乡时间之后，决定放到明年春节前后集中组织。", "八五", "planned"),
    ("原拟聘请法律顾问，因经费未落实，本年度未签订聘请合同，充分发挥法律顾问在重大行政决策中的作用。", "发挥", "negated"),
    ("聘请了法律顾问，充分发挥法律顾问在重大行政决策中的作用。", "发挥", "done"),
    ("镇党委书记、镇长的年终述法提纲已经拟好，待县委依法治县办统一组织的述法会议召开时再作述法。", "再作述法", "planned"),
    ("热情接待来访群众后再作回访。", "回访", "done"),
], ids=lambda value: value if value in MODALITIES else None)
def test_modality(ruleset, body, word, expected):
    assert _modality_of(ruleset, body, word) == expected


def test_parts_fix_the_modality(ruleset):
    text = ("一、主要举措和成效\n开展普法12场次。\n二、存在的不足和原因\n述法工作开展不够。\n"
            "三、2024年工作打算\n组织党政主要负责人年终述法。")
    doc = parse_document(Source(path="t.txt", text=text), year=2023)
    claims = claims_of(doc, ruleset)
    first, second = (doc.text.index("述法"), doc.text.rindex("述法"))
    assert (claims.at(first).part, claims.at(first).modality) == ("shortcomings", "problem")
    assert (claims.at(second).part, claims.at(second).modality) == ("next-year", "planned")
    assert "不足和原因" in claims.explain(first, first + 2, frozenset({"done"}))


@pytest.mark.parametrize("line, expected", [
    ("今年10月已在镇政务公开栏增设惠民资金公示专区，明年将按月更新。", "done"),  # dated this year and done
    ("2023年8月，公路拓宽项目已经风险评估和合法性审查。", "done"),  # the date opens the sentence
    ("继续深化政务公开，明年实现按月更新。", "planned"),
    ("今年要进一步深化政务公开。", "planned"),  # 今年 without 已: the coming year's plan
    ("2023年已部署的政务公开工作尚未完成。", "planned"),  # denied: stays a plan
])
def test_a_clause_among_the_plans_dated_this_year_and_done_is_the_years_work(ruleset, line, expected):
    text = f"一、主要举措和成效\n开展普法12场次。\n二、2024年工作打算\n{line}"
    doc = parse_document(Source(path="t.txt", text=text), year=2023)
    claims = claims_of(doc, ruleset)
    word = "政务公开" if "政务公开" in line else "合法性审查"
    assert claims.at(doc.text.index(word)).modality == expected


def test_titles_are_quoted_unless_the_body_made_them(ruleset):
    doc, claims = _read(ruleset, "组织学习《关于全面落实行政执法三项制度的通知》。制定《青龙乡法律顾问工作制度》。"
                                 "传达了县政府关于推行行政执法三项制度的文件精神。")
    spans = [(doc.text.index(w), doc.text.index(w) + len(w)) for w in ("三项制度", "法律顾问")]
    assert claims.verdict(*spans[0], frozenset({"done"})) == "quoted"
    assert claims.verdict(*spans[1], frozenset({"done"})) is None  # 制定《…》: the body's own document
    last = doc.text.rindex("三项制度")
    assert claims.verdict(last, last + 4, frozenset({"done"})) == "quoted"  # named without 《》


def test_a_table_or_annex_caption_reports_nothing(ruleset):
    """A caption on a line of its own names what the rows under it report; only the rows are claims. An annex
    after the last part is no more of the plans."""
    doc, claims = _read(ruleset, "开展普法12场次。\n2023年行政执法三项制度落实情况\n行政执法公示 | 已完成\n"
                                 "二、下一步工作打算\n继续推进。\n附表：镇领导班子学法及述法情况\n11月 镇党委书记述法\n"
                                 "四、加强述法工作\n")
    caption, row = doc.text.index("三项制度"), doc.text.index("行政执法公示")
    assert claims.verdict(caption, caption + 4, frozenset({"done"})) == "quoted"
    assert claims.verdict(row, row + 6, frozenset({"done"})) is None
    listed, annexed = doc.text.index("述法情况"), doc.text.index("书记述法") + 2
    assert claims.verdict(listed, listed + 2, frozenset({"done"})) == "quoted"
    assert claims.at(annexed).modality == "done"  # the annex's row: not a plan
    heading = doc.text.index("加强述法")
    assert not claims.quoted(heading, heading + 4)  # a numbered heading is no caption


def test_a_meeting_named_after_the_work_is_no_report_of_it(ruleset):
    doc, claims = _read(ruleset, "11月镇里召开了“一村一法律顾问”工作推进会。镇里派人参加了“应急管理法治宣传月”启动仪式。")
    for word in ("法律顾问", "应急管理"):
        at = doc.text.index(word)
        assert claims.verdict(at, at + len(word), frozenset({"done"})) == "quoted"


def test_a_look_back_opening_the_plans_is_no_closing_paragraph(ruleset):
    # 四、2024年工作思路 / (blank) / 回顾2023年，…。2024年，我们将…: the plans' own opening, still the plans; a 以上是…
    # paragraph after a plans heading with its text glued on is the report's closing, not more plans.
    text = ("一、主要举措和成效\n开展普法12场次。\n二、存在的问题\n宣传不够。\n三、2024年工作思路\n\n"
            "回顾2023年，我乡有成绩也有不足。2024年，我们将健全重大事项集体决策。")
    doc = parse_document(Source(path="t.txt", text=text), year=2023)
    at = doc.text.index("重大事项")
    assert claims_of(doc, ruleset).at(at).part == "next-year"
    text = ("一、主要举措和成效\n开展普法12场次。\n二、存在的问题\n宣传不够。\n（二）下步举措。一是加强领导。\n\n"
            "以上是我镇2023年度法治政府建设的基本情况。这一年里，镇党委理论学习中心组坚持集体学法。")
    doc = parse_document(Source(path="t.txt", text=text), year=2023)
    at = doc.text.index("集体学法")
    assert claims_of(doc, ruleset).at(at).part != "next-year"


def test_an_opinion_carried_out_named_without_marks_is_a_title(ruleset):
    for body in ("三是贯彻落实加强村（居）法律顾问工作意见相关内容，各村法律顾问至年底仍未聘定。",
                 "三是贯彻落实加强村（居）法律顾问工作意见方面，乡里虽与律所接洽，但至年底仍未聘定。"):
        doc, claims = _read(ruleset, body)
        at = doc.text.index("法律顾问工作意见")
        assert claims.verdict(at, at + 4, frozenset({"done"})) == "quoted"


def test_cue_words_inside_a_title_are_not_the_reports(ruleset):
    assert _modality_of(ruleset, "学习《关于进一步加强行政执法工作的意见》，开展执法培训3次。", "执法培训") == "done"


def test_actor_and_figures(ruleset):
    doc, claims = _read(ruleset, "县司法局要求各乡镇落实三项制度，我镇开展普法宣传12场次，覆盖群众2000余人次。")
    assert claims.at(doc.text.index("县司法局")).actor == "superior"
    claim = claims.at(doc.text.index("普法"))
    assert claim.actor == "self" and claim.figures == ("12场次",)


def test_policy_describes_what_counts():
    assert Policy(frozenset(MODALITIES)).everything
    text = Policy(frozenset({"done", "nil"})).describe()
    assert text.startswith("只计已完成的工作") and "计划" in text


def test_a_rule_says_why_a_mention_did_not_count(audit):
    text = ("青龙乡2023年法治政府建设情况的报告\n一、2023年主要举措和成效\n开展普法宣传12场次。\n"
            "二、存在的不足和原因\n党政主要负责人尚未开展述法，主要原因是制度不健全。\n三、2024年工作打算\n开展述法。")
    result = next(r for r in audit(text, level="county").results if r.rule_id == "duty.shufa")
    assert result.status == "fail"
    assert "不足和原因" in result.message and "下一年度安排" in result.message and result.evidence


def test_claims_command_shows_each_clause(cli, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("镇2023年法治政府建设情况报告\n一、主要举措和成效\n计划于2024年全面推行三项制度。\n开展普法12场次。\n",
                      encoding="utf-8")
    done = cli("claims", report, "--only", "planned")
    assert done.returncode == 0 and "计划" in done.stdout and "三项制度" in done.stdout and "普法" not in done.stdout
    bad = cli("claims", report, "--only", "someday")
    assert bad.returncode == 2 and "someday" in bad.stderr


def test_the_seeds_reported_work_reads_as_done(ruleset):
    """Every clause of the seeds outside the 不足 and next-year parts reads as done work, except the nil reports
    (全年无行政诉讼) and a combined heading that names the next steps: no false plan, negation or demand."""
    from conftest import SEEDS

    from auditor.loading import load

    odd, slogans = [], []
    for path in SEEDS:
        doc = parse_document(load(str(path)))
        for claim in claims_of(doc, ruleset).items:
            if claim.modality == "heading":
                slogans.append(doc.norm[claim.start:claim.end].strip("。，"))
            elif claim.modality != "done" and claim.part not in ("next-year", "shortcomings", "header"):
                odd.append((path.name[:3], claim.modality, claim.cue))
    # 督促领导班子其他成员…依法办事: the leader urged others; their lawful conduct is not itself reported.
    assert sorted(odd) == [("001", "planned", "下步"), ("002", "demand", "督促领导班子"),
                           ("002", "nil", "无矛盾纠纷转化为重大事故的案件"),
                           ("002", "nil", "无行政诉讼"), ("004", "nil", "无因调处不力引发的群体性事件")]
    # Sub-headings that say how well, not what, over paragraphs that never name a topic of theirs: no report of
    # their own. (A heading whose paragraph speaks of it, in its words or in other words, stays a report.)
    assert slogans == ["（二）完善各项工作制度", "（五）积极推进经济社会事业发展", "（六）全面提升法治建设环境",
                       "（一）精心谋划法治政府建设工作", "（三）务实开展法治督察", "（三）全面夯实法治保障",
                       "（四）顺应改革", "提升行政执法执行力", "三是健全网格化法治管理体系", "3.落实好法治政府建设规章制度",
                       "1.严格依法行政", "2.积极开展平安创建"]


def test_the_real_openings_read_as_done_work_whoever_reports(ruleset):
    """The openings of real reports of every level (shared/corpus-dev) read as done work outside the 不足 and
    next-year parts: a department naming itself short (区人社局在区委、区政府正确领导下…), a district's own 区委,
    a province's own 省政府 are the reporting body, not another actor."""
    from tests.test_parsing import CORPUS_DIR

    from auditor.loading import load

    if not CORPUS_DIR.exists():
        pytest.skip("shared/corpus-dev is not beside the checkout")
    odd = []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        doc = parse_document(load(str(path)))
        for claim in claims_of(doc, ruleset).items:
            if claim.modality not in ("done", "header", "heading") \
                    and claim.part not in ("next-year", "shortcomings", "header"):
                odd.append((path.name, claim.modality, claim.cue))
    # 078: a 2025 report whose first part is headed 2024年…基本情况 (the drafter's slip): an earlier year. (A
    # slogan sub-heading over a paragraph on other things, or cut off with the opening, reports nothing itself.)
    assert odd == [("078.txt", "past", "2024年")]


def test_work_reported_done_and_denied_among_the_shortcomings_is_half_met(audit):
    """The same words reported done in one part and denied in the shortcomings (三项制度…尚未真正落地): the report
    contradicts itself, so the rule is partial and both lines are shown; a denial about some villages, or about
    the work's quality, is no contradiction."""
    head = "某镇2023年法治政府建设情况报告\n一、主要举措和成效\n全面落实行政执法三项制度，开展执法检查12次。\n二、存在的不足和原因\n"
    denied = audit(head + "三项制度在我镇尚未真正落地，原因是执法力量不足。\n", level="township")
    result = next(r for r in denied.results if r.rule_id == "enforcement.three-systems")
    assert result.status == "partial" and "前后矛盾" in result.message
    assert [e.line for e in result.evidence] == [3, 5]
    weak = audit(head + "三项制度落实效果不够明显，原因是执法力量不足。\n", level="township")
    assert next(r for r in weak.results if r.rule_id == "enforcement.three-systems").status == "pass"


def test_a_group_met_under_one_name_and_denied_under_another_is_half_met(audit):
    """述法 reported given (会议上述法) and its 述法工作 denied among the shortcomings: a contradiction, whichever
    names the two places use; the village heads' 述法 not yet held is the villages' gap, not a denial."""
    head = ("某镇2023年法治政府建设情况报告\n一、主要举措和成效\n镇党委书记年底在县委全面依法治县委员会会议上述法。\n"
            "二、存在的不足和原因\n")
    denied = audit(head + "党政主要负责人述法工作尚未开展。\n", level="township")
    assert next(r for r in denied.results if r.rule_id == "duty.shufa").status == "partial"
    villages = audit(head + "述法还没有延伸到村一级，村党组织书记述法尚未开展。\n", level="township")
    assert next(r for r in villages.results if r.rule_id == "duty.shufa").status == "pass"


@pytest.mark.parametrize("issuer, level, expected", [
    ("某县某镇人民政府", "township", "others"),   # the county, whatever the town's own name ends with
    ("某县人民政府", "county", "done"),            # the county's own report: itself
])
def test_a_superior_is_another_actor_unless_it_is_the_reporting_body(ruleset, issuer, level, expected):
    text = f"{issuer}关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n县人民政府在全县开展法治督察。\n"
    doc = parse_document(Source(path="t.txt", text=text), level=level)
    assert claims_of(doc, ruleset).at(doc.text.index("法治督察")).modality == expected


@pytest.mark.parametrize("issuer, level, expected", [
    ("某镇人民政府", "township", "elsewhere"),      # the bureau is a third body in a town's report
    ("某县交通运输局", "department", "done"),       # …and the body itself in its own report
    ("西华县市场监督管理局", "department", "done"),  # (its 市场 holds no place: 县市场监管局 is its own short name)
])
def test_an_inspection_of_a_third_body_is_nobody_else_s_when_it_names_the_body(ruleset, issuer, level, expected):
    organ = "县市场监管局" if "市场" in issuer else "县交通运输局"
    text = f"{issuer}关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n县人大常委会对{organ}开展执法检查。\n"
    doc = parse_document(Source(path="t.txt", text=text), level=level)
    assert claims_of(doc, ruleset).at(doc.text.index("执法检查")).modality == expected


@pytest.mark.parametrize("organ, expected", [
    ("市司法局", "others"),            # the city's bureau in a district bureau's report: its superior
    ("区司法局", "done"),              # …the district's: the body itself
    ("市司法局执法支队", "others"),    # the city's squad of the same field is not the body's own squad
])
def test_an_organ_of_the_same_field_is_the_body_only_at_its_own_place(ruleset, organ, expected):
    text = (f"重庆市万州区司法局关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n"
            f"{organ}对全市司法行政系统落实三项制度情况开展专项检查。\n")
    doc = parse_document(Source(path="t.txt", text=text), level="department")
    assert claims_of(doc, ruleset).at(doc.text.index("专项检查")).modality == expected


@pytest.mark.parametrize("signed, expected", [("2023年2月21日", "done"), ("2022年12月20日", "past")])
def test_last_year_is_the_report_year_in_a_report_signed_after_it(ruleset, signed, expected):
    text = ("某镇人民政府关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n去年12月，镇党委书记在县委会议上述法。\n"
            f"某镇人民政府\n{signed}")
    doc = parse_document(Source(path="t.txt", text=text))
    assert doc.meta.year == 2022
    assert claims_of(doc, ruleset).at(doc.text.index("述法")).modality == expected


def test_a_superiors_document_named_without_title_marks_is_a_citation(ruleset):
    doc, claims = _read(ruleset, "深入学习全市述法工作实施意见精神。镇党委书记在全镇干部大会上述法。")
    first, second = doc.text.index("述法"), doc.text.rindex("述法")
    assert claims.quoted(first, first + 2) and not claims.quoted(second, second + 2)


# --- the cue search: patterns tried only where a match can start ---------------------------------------------

_CUE_SHAPES = ("已", "(?<![不而])已", "尚未(?!发生)", "(?:尚|仍|还)?处于起步阶段", "(?:县|市)(?:委|政府)?(?:书记|县长)[^，]{0,4}",
               "将(?![^，。]*已)", "看似|(?<![\\d.])0\\s*(?:次|场)|名义上", "了(?<=[\\u4e00-\\u9fff]了)(?![解如])",
               "(?:要求|督促)(?:各|村)", "20\\d{2}\\s*年(?!\\s*\\d)", "(?<!的)(?:已|了)[^，]{0,3}", "村[^，]*已")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="已了尚未处于起步阶段县委书记将村的0 次，。\n2", max_size=200), st.sampled_from(_CUE_SHAPES),
       st.lists(st.integers(0, 200), max_size=6))
def test_trying_a_cue_pattern_near_its_literals_finds_what_finditer_finds(text, pattern, cuts):
    """Lookbehinds before a span, optional words before the literal, matches running past the next literal,
    literals inside one another: tried only near its literals, a pattern finds per span what finditer finds."""
    lead = leads(pattern)
    assert lead is not None, pattern
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    spans = [(lo, hi) for lo, hi in zip(bounds, bounds[1:]) if lo < hi][::2]
    hits = sorted((at, at + len(literal)) for literal in lead[0] for at in _starts(text, literal))
    rx = compiled(pattern)
    plain = [m.span() for lo, hi in spans for m in rx.finditer(text, lo, hi)]
    assert [m.span() for m in led_finditer(rx, text, spans, hits, lead[1])] == plain


def _starts(text: str, literal: str) -> list[int]:
    return [at for at in range(len(text)) if text.startswith(literal, at)]


def test_leads_say_how_far_before_its_literal_a_match_can_start():
    assert leads("尚未|仍未") == (("仍未", "尚未"), 0)
    assert leads("(?:尚|仍|还)?处于起步") == (("处于起步",), 1)
    assert leads("(?<!的)(?:要求|督促)各") == (("督促", "要求"), 0)  # a lookbehind takes no characters
    assert leads("(?:县|市)(?:委|政府)?书记")[1] == 0  # the first literal on every path: 县 or 市
    assert leads("[县市]委?书记") == (("县", "市"), 0)  # a set of characters is a literal each
    assert leads("[\\u4e00-\\u9fff]委?书记") == (("书记",), 2)
    assert leads("[^，]*已") is None  # a match may start anywhere before its literal
    assert leads("已|[^，]{2}") is None  # one branch has no literal
    assert leads("(?i)abc") is None


def test_the_cues_are_the_same_without_the_automaton(ruleset, monkeypatch):
    """Every clause of every seed gets the same cues whether the literals are found by the automaton in one pass,
    not at all (each pattern searched whole), or in a text past the automaton's length."""
    from auditor import claims

    def every_cue() -> list:
        claims._cue_scan.cache_clear()
        out = []
        for seed in SEEDS:
            doc = parse_document(Source(path="t.txt", text=seed.read_text(encoding="utf-8")))
            out.append([(c.start, c.modality, c.cue) for c in claims_of(doc, ruleset).items])
        return out

    with_automaton = every_cue()
    assert claims._cue_scan(ruleset.settings.claims, 2023).automaton is not None
    monkeypatch.setattr(claims._CueScan, "LONGEST", 10)
    assert every_cue() == with_automaton
    monkeypatch.setattr(claims, "ahocorasick_module", lambda: None)
    assert every_cue() == with_automaton
    assert claims._cue_scan(ruleset.settings.claims, 2023).automaton is None
    claims._cue_scan.cache_clear()


@pytest.mark.parametrize("body, counted", [
    ("（四）关于年终述法。述职材料对本人抓法治建设的情况只字不提。", False),  # a topic heading a paragraph
    ("（四）认真开展年终述法。镇党委书记在县委会议上述法。", True),
])
def test_a_topic_heading_a_paragraph_is_named_not_reported(ruleset, body, counted):
    doc, claims = _read(ruleset, body)
    at = doc.text.index("年终述法")
    assert (claims.verdict(at, at + 4, frozenset({"done"})) is None) is counted


@pytest.mark.parametrize("body, counted", [
    ("坚持“村村都有法律明白人”的目标不动摇。", False),  # a goal held up
    ("年初确定的“一村一法律明白人”目标已于9月全部实现。", True),  # …and one reached
])
def test_a_goal_named_is_not_work_unless_reached(ruleset, body, counted):
    doc, claims = _read(ruleset, body)
    at = doc.text.index("法律明白人")
    assert (claims.verdict(at, at + 5, frozenset({"done"})) is None) is counted


@pytest.mark.parametrize("body, expected", [
    # the paragraph under the heading reports the work (in other words): the heading stays a report of it
    ("（四）扎实开展年终述法。\n12月，镇党委书记在全镇干部大会上报告了一年来履行法治建设职责的情况。", "done"),
    ("（四）扎实开展年终述法。12月，镇党委书记在全镇干部大会上报告了履职情况。", "done"),
    # …puts it off, leaves it to another body or only demands it: the heading says so too
    ("（四）扎实开展年终述法。\n述法材料已形成初稿，待县里统一安排时间后再述法。", "planned"),
    ("（四）落实行政执法三项制度。县市场监管局在我镇开展执法时全程使用执法记录仪。", "others"),
    ("（四）推进一村一法律顾问。邻近的万胜镇已实现一村一法律顾问，我镇组织村干部前去观摩学习。", "elsewhere"),
    ("四是规范行政执法。镇执法中队落实三项制度的方案已经拟定，待镇党委会研究通过后实施。\n五是加强学法。", "planned"),
    # …speaks of something else: the heading names work the paragraph never reports; unless it says it was done
    ("（九）全面落实行政执法三项制度\n结合赶场日在场镇设置法律咨询台，现场解答群众法律咨询。", "heading"),
    ("三是全面推行行政执法三项制度。推动建立矛盾纠纷调解中心各项制度规范，化解纠纷213件。", "heading"),
    ("（四）行政执法三项制度已全面落实\n执法大队全年开展违法建设专项整治。", "done"),
    ("（三）落实行政执法三项制度。执法人员出示执法证件，处罚决定全部在网站公示。", "done"),
    ("（二）强化干部学法。将宪法、民法典纳入党委理论学习中心组学习内容。", "done"),
    # a lead run on in its paragraph (…。三是…。) heads the sentences on its topic, and only those
    ("（四）强化执法。一是提高案卷评查频次。二是加强执法人员业务培训。干部今年均未能参加执法资格考试。", "negated"),
    ("（四）提升素质。一是将依法行政工作纳入议事日程。原定邀请法律顾问讲课的安排，因疫情一直未能举办。", "done"),
    # a heading with nothing under it reports nothing; a one-line paragraph numbered like one reports itself
    ("（四）健全村（居）法律顾问制度。\n（五）加强学法。\n镇党委中心组学法4次。", "heading"),
    ("（四）年底，镇党委书记向县委书面报告本人履行推进法治建设第一责任人职责的情况，接受评议。\n（五）加强学法。", "done"),
])
def test_a_sub_heading_says_what_its_paragraph_says(ruleset, body, expected):
    word = next(w for w in ("年终述法", "三项制度", "一村一法律顾问", "规范行政执法", "法律顾问制度", "第一责任人", "干部学法", "业务培训", "议事日程") if w in body)
    assert _modality_of(ruleset, body, word) == expected


@pytest.mark.parametrize("tail, expected", [
    ("二、存在的不足和原因\n我局至今没有法律顾问，也没有公职律师。\n", "partial"),  # still without it: a denial
    ("二、存在的不足和原因\n法律顾问作用发挥不够充分。\n", "pass"),  # its quality: no denial
    ("二、下一步工作打算\n2024年将首次聘请常年法律顾问，填补我局法律顾问工作空白。\n", "partial"),  # first time next year
    ("二、下一步工作打算\n继续发挥法律顾问作用，首次邀请律师参加局务会。\n", "pass"),  # the work goes on
])
def test_a_shortcoming_still_without_it_or_a_plan_to_do_it_first_contradicts_the_work(audit, tail, expected):
    head = "某县农业农村局2023年法治政府建设情况报告\n一、主要举措和成效\n局里聘请律师担任法律顾问，全年审查合同58份。\n"
    result = next(r for r in audit(head + tail, level="department").results if r.rule_id == "governance.legal-counsel")
    assert result.status == expected, result.message


@pytest.mark.parametrize("body, word, expected", [
    # nothing to show is not done; no cases is a nil report
    ("乡政府网站“政府信息公开”专栏全年新增信息0条。", "信息公开", "negated"),
    ("年终述职中，镇党政主要负责人述法次数为零。", "述法", "negated"),
    ("镇政府全年签订合同9份，经合法性审查的为0份。", "合法性审查", "negated"),
    ("全年行政诉讼案件0件。", "行政诉讼", "nil"),
    # a list whose items carry their state in brackets: each item its own
    ("年度任务清单中，政务公开目录编制（已完成）、村级法律顾问选聘（计划中）、主要负责人述法（尚未开展）。", "政务公开", "done"),
    ("年度任务清单中，政务公开目录编制（已完成）、村级法律顾问选聘（计划中）、主要负责人述法（尚未开展）。", "法律顾问", "planned"),
    ("年度任务清单中，政务公开目录编制（已完成）、村级法律顾问选聘（计划中）、主要负责人述法（尚未开展）。", "述法", "negated"),
    # a target set for a later year; not a plan's period
    ("依照创建规划，到2025年全镇创建市级民主法治示范村3个。", "示范村", "planned"),
    ("印发了2023年至2025年民主法治示范村创建规划。", "示范村", "done"),
])
def test_figures_brackets_and_targets(ruleset, body, word, expected):
    assert _modality_of(ruleset, body, word) == expected


@pytest.mark.parametrize("body, word, expected", [
    # a setback, then the work done after all
    ("我乡政务公开栏曾长期无人更新，7月起明确党政办专人负责，每月更新一次。", "政务公开", "done"),
    ("行政执法公示平台因系统升级暂停近一个月，恢复后补录了全部执法信息。", "公示平台", "done"),
    ("镇政府信息公开工作年度报告未能在1月31日前发布，逾期后于3月补发。", "信息公开", "done"),
    ("我镇“八五”普法中期自评报告本应于9月底前报送县普法办，因材料收集不全逾期半个月才补报。", "八五", "done"),
    ("原定于明年1月召开的述法评议会提前至今年12月28日召开，镇党委书记、镇长分别述法并接受评议。", "分别述法", "done"),
    ("执法全过程记录和重大执法决定法制审核未受影响，照常执行。", "法制审核", "done"),
    # …not the other way round: done once, then lapsed
    ("镇里以前曾请法律顾问审查合同，今年律所服务到期后未续签，此后签订合同前没有再做合法性审查。", "合法性审查", "negated"),
    ("镇里以前曾请法律顾问审查合同，今年律所服务到期后未续签。", "审查合同", "negated"),  # lapsed
])
def test_a_setback_then_the_work_done_after_all(ruleset, body, word, expected):
    assert _modality_of(ruleset, body, word) == expected
