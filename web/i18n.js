// i18n.js — every string the web UI shows, in Chinese (the default) and English.
//
// `t(key, params)` looks a key up in the current language, falling back to Chinese and then to
// the key itself, so a missing translation shows up on screen instead of breaking a page.
// `{name}` placeholders are filled from params. The choice is remembered in localStorage and
// also switches Element Plus's own strings (date pickers, pagination) through `elementLocale`.
// Error messages from the server are not here: they come translated in error.message
// (src/base/errors.def), chosen by the Accept-Language header that api.js sends.

import { ref, computed } from 'vue';
import zhCn from 'element-plus/locale/zh-cn';
import en from 'element-plus/locale/en';

const NOTICE = '人社厅发〔2020〕3号';

export const messages = {
    zh: {
        'app.name': '失业登记信息系统',
        'app.short': 'ureg',
        'lang.switch': 'English',
        'lang.switchTitle': '切换到英文',

        'nav.home': '首页',
        'nav.staff': '工作人员登录',
        'nav.back': '返回首页',

        'landing.title': '失业登记',
        'landing.lead':
            '失业登记是政府掌握劳动者就业失业状况的重要手段，是为失业人员提供就业服务、' +
            '落实就业创业政策的基础工作。登记后，您可以获得职业介绍、职业指导、职业培训、' +
            '创业服务等公共就业服务，符合条件的可以同时申请就业创业扶持政策和失业保险金。',
        'landing.apply': '在线申请',
        'landing.status': '查询办理进度',
        'landing.who.title': '谁可以申请',
        'landing.who.age': '年满16周岁（含）至依法享受基本养老保险待遇之前的劳动者；',
        'landing.who.state': '有劳动能力、有就业要求、目前处于无业状态；',
        'landing.who.place': '可在户籍地或常住地申请，不会因户籍不在本地而不予受理；',
        'landing.who.hkmotw':
            '在内地（大陆）就业后失业的香港、澳门居民中的中国公民和台湾地区居民，可参照办理。',
        'landing.docs.title': '需要的证件',
        'landing.docs.mainland': '内地（大陆）居民：居民身份证或社会保障卡。',
        'landing.docs.hkmotw':
            '港澳台居民：港澳台居民居住证或社会保障卡、港澳居民来往内地通行证。',
        'landing.promise.title': '书面承诺',
        'landing.promise.text':
            '填写《失业人员登记表》，提供个人基本信息和失业原因，并由本人对所填信息的真实性' +
            '作出书面承诺。提供虚假信息骗取失业保险待遇或就业创业扶持政策的，将纳入人社信用体系。',
        'landing.time.title': '办理时限',
        'landing.time.text':
            '7个工作日内办结，并主动告知办理结果。必要时会通过社会保障卡、社会保险参保等信息' +
            '比对，或由工作人员调查，核实身份和失业状况。',
        'landing.channels.title': '办理渠道',
        'landing.channels.text':
            '可在本网站在线申请，也可到公共就业服务机构（街道、社区基层公共就业服务平台）窗口办理。',
        'landing.source':
            '依据：人力资源社会保障部办公厅《关于进一步做好失业登记工作强化失业人员就业服务的通知》' +
            `（${NOTICE}）。政策咨询请拨打 12333。`,
        'landing.staff': '工作人员入口',

        'apply.title': '在线申请失业登记',
        'apply.intro':
            '请如实填写《失业人员登记表》，带 * 的为必填项。提交后您将获得申请编号和查询码，' +
            '我们将在7个工作日内办结并告知结果。',

        'form.s.counter': '受理信息',
        'form.s.identity': '证件与本人信息',
        'form.s.residence': '居住与户籍',
        'form.s.unemployment': '失业情况',
        'form.s.intent': '就业意愿与服务需求',
        'form.s.commitment': '书面承诺',
        'form.agency': '受理机构',
        'form.agency_id': '受理机构',
        'form.id_type': '证件类型',
        'form.id_number': '证件号码',
        'form.name': '姓名',
        'form.phone': '联系电话',
        'form.sex': '性别',
        'form.birth_date': '出生日期',
        'form.birth_date_required': '出生日期（通行证须填写）',
        'form.ethnicity': '民族',
        'form.education': '文化程度',
        'form.health': '健康状况',
        'form.disability_grade': '残疾等级',
        'form.grade': '{n}级',
        'form.residence_region': '常住地',
        'form.residence_address': '常住地详细地址',
        'form.hukou_type': '户口性质',
        'form.hukou_region': '户籍地',
        'form.hukou_address': '户籍地详细地址',
        'form.register_region': '申请登记地（县、区）',
        'form.register_basis': '登记依据',
        'form.unemployed_since': '失业时间',
        'form.unemployment_reason': '失业原因',
        'form.last_employer': '原工作单位',
        'form.last_occupation': '原从事工种（岗位）',
        'form.job_intent': '求职意向',
        'form.job_occupation': '意向工种（岗位）',
        'form.job_region': '意向工作地',
        'form.job_salary_min': '期望月薪下限（元）',
        'form.skills': '职业技能',
        'form.certificates': '职业资格（技能等级）证书',
        'form.services': '希望获得的服务',
        'form.training_intent': '参加职业培训',
        'form.startup_intent': '自主创业',
        'form.ui_benefit': '同时申领失业保险金',
        'form.difficulty_categories': '就业困难人员类别（如符合）',
        'form.commitment': '本人承诺',
        'form.promise':
            '本人承诺所填信息真实、准确、完整，并对其真实性负责。如提供虚假信息骗取失业保险待遇、' +
            '就业创业扶持政策的，纳入人社信用体系。',
        'form.hint.id.resident_id': '18位号码，最后一位可能是 X',
        'form.hint.id.ssc': '社会保障卡上的18位号码',
        'form.hint.id.hkmotw_residence': '以 810000、820000 或 830000 开头的18位号码',
        'form.hint.id.hkmo_permit': 'H 或 M 开头，后跟8位数字（可带2位换证次数）',
        'form.hint.id.tw_permit': '8位数字',
        'form.hint.derived': '已根据证件号码自动填写',
        'form.hint.hukou': '不会因户籍不在本地而不予受理。',
        'form.hint.register_region': '在户籍地、常住地、就业地或参保地的县（区）办理。',
        'form.hint.difficulty': '选填。工作人员会与您核实后认定。',
        'form.pick': '请选择',
        'form.pickRegion': '省 / 市 / 县（区）',
        'form.required': '此项为必填项',
        'form.pickRegionRequired': '请选择到县（区）',
        'form.birthNeeded': '通行证号码不含出生日期，请填写出生日期',
        'form.future': '日期不能晚于今天',
        'form.tooYoung': '年满{n}周岁方可办理失业登记',
        'form.commitmentRequired': '请阅读并勾选书面承诺',
        'form.fixErrors': '请按提示修改标红的项目后再提交',
        'form.submit': '提交申请',

        'id.empty': '请填写证件号码',
        'id.type': '请选择证件类型',
        'id.charset': '证件号码含有不允许的字符',
        'id.length': '证件号码位数不正确',
        'id.firstGen': '15位一代身份证号码已停止使用，请使用18位号码',
        'id.area': '证件号码的地区码不存在',
        'id.areaHkmotw': '港澳台居民居住证号码须以810000、820000或830000开头',
        'id.birthDate': '证件号码中的出生日期不存在',
        'id.birthEarly': '证件号码中的出生日期早于1900年',
        'id.birthFuture': '证件号码中的出生日期晚于今天',
        'id.checksum': '证件号码校验位不正确，请核对',
        'id.permitPrefix': '港澳居民来往内地通行证号码须以H或M开头',
        'id.permitFormat': '通行证号码格式不正确',
        'phone.empty': '请填写联系电话',
        'phone.format':
            '请填写11位手机号码、带区号的固定电话（如 010-12345678），' +
            '或以+852、+853、+886开头的港澳台电话',
        'name.empty': '请填写姓名',
        'name.long': '姓名最多50个字',
        'name.format': '姓名应由汉字、字母组成，可含间隔号“·”或空格',
        'sex.M': '男',
        'sex.F': '女',

        'receipt.title': '申请已提交',
        'receipt.lead': '我们将在 {deadline} 前办结并告知您结果。',
        'receipt.leadCounter': '已受理，办结期限 {deadline}。请将申请编号和查询码交给申请人。',
        'receipt.no': '申请编号',
        'receipt.code': '查询码',
        'receipt.deadline': '办结期限',
        'receipt.keep':
            '请记下或截图保存申请编号和查询码：查询码只显示这一次，查询办理进度时需要用到。',
        'receipt.keepCounter': '查询码只显示这一次，请告知申请人妥善保存。',
        'receipt.status': '查询办理进度',

        'status.title': '查询办理进度',
        'status.intro': '请输入提交申请时获得的申请编号和查询码。',
        'status.no': '申请编号',
        'status.code': '查询码',
        'status.submit': '查询',
        'status.required': '请填写申请编号和查询码',
        'status.result': '办理情况',
        'status.status': '状态',
        'status.deadline': '办结期限',
        'status.reason': '说明',
        'status.regNo': '失业登记编号',
        'status.s.submitted': '已提交',
        'status.s.verifying': '核验中',
        'status.s.pending_review': '待审核',
        'status.s.approved': '已登记',
        'status.s.rejected': '不予登记',
        'status.s.withdrawn': '已撤回',
        'status.notFound': '未找到该申请，请核对申请编号和查询码',

        'login.title': '工作人员登录',
        'login.username': '用户名',
        'login.password': '密码',
        'login.submit': '登录',
        'login.required': '请输入用户名和密码',

        'wb.logout': '退出登录',
        'wb.user': '用户',
        'wb.role': '角色',
        'wb.region': '辖区',
        'wb.soon': '即将上线',
        'wb.menu.home': '工作台',
        'wb.menu.intake': '申请受理',
        'wb.menu.people': '登记人员',
        'wb.menu.followup': '跟踪回访',
        'wb.menu.stats': '统计报表',
        'wb.welcome': '欢迎，{name}',
        'wb.welcomeText':
            '您以“{role}”身份登录，可办理辖区 {region} 及下级地区的业务。' +
            '申请受理和登记人员服务已开通；跟踪回访和统计报表功能将陆续上线。',
        'wb.toQueue': '待办申请',
        'wb.toPeople': '登记人员',

        'reg.title': '登记人员',
        'reg.no': '失业登记编号',
        'reg.registered': '登记日期',
        'reg.caseworker': '经办人员',
        'reg.tier': '分级',
        'reg.categories': '分类',
        'reg.servedAs': '按登记失业人员服务',
        'reg.firstContact': '首次主动联系',
        'reg.allTiers': '全部分级',
        'reg.allCategories': '全部分类',
        'reg.allServedAs': '全部人员类型',
        'reg.mine': '仅看我负责的',
        'reg.overdueOnly': '仅看首次联系逾期',
        'reg.empty': '没有符合条件的登记人员',
        'reg.firstDue': '应于 {date} 前联系',
        'reg.firstDone': '已于 {date} 联系',
        'reg.firstOverdue': '已逾期（应于 {date} 前联系）',

        'due.title': '待办服务',
        'due.summary': '逾期 {overdue} 项，未到期 {due} 项',
        'due.empty': '暂无待办服务',
        'due.overdue': '已逾期',
        'due.dueOn': '{date} 前',
        'due.kind.first_contact': '首次主动联系',
        'due.kind.service_followup': '服务回访',

        'case.title': '失业登记',
        'case.back': '返回登记人员',
        'case.status.active': '登记有效',
        'case.status.exited': '已注销',
        'case.person': '人员信息',
        'case.reveal': '显示完整信息',
        'case.hide': '隐藏',
        'case.application': '来源申请',
        'case.applicationNo': '申请编号',
        'case.agency': '经办机构',
        'case.profile': '基本情况与分级分类',
        'case.difficulty': '就业困难人员类别',
        'case.skillLevel': '职业技能等级',
        'case.occupation': '求职意向职业（国家职业分类代码）',
        'case.intentRegion': '意向工作地区（行政区划代码）',
        'case.salaryMin': '期望月薪下限（元）',
        'case.salaryMax': '期望月薪上限（元，0为不限）',
        'case.training': '有培训意愿',
        'case.startup': '有创业意愿',
        'case.explained': '已介绍后续服务和注销条件的日期',
        'case.tierPolicy': '该分级每 {days} 天联系一次，优先提供：{services}',
        'case.save': '保存基本情况',
        'case.saved': '已保存（{n} 项变更）',
        'case.timeline': '服务与联系记录',
        'case.noHistory': '暂无服务或联系记录',
        'case.service': '记录服务',
        'case.contact': '记录联系',
        'case.type': '服务类型',
        'case.date': '日期',
        'case.content': '服务内容',
        'case.outcome': '服务结果',
        'case.followupDue': '回访日期（需要时）',
        'case.followupOn': '应于 {date} 回访',
        'case.method': '联系方式',
        'case.result': '联系结果',
        'case.note': '备注',
        'case.record': '保存记录',
        'case.cancel': '取消',
        'case.correct': '更正',
        'case.correcting': '更正记录 #{id}：原记录保留并标为已更正',
        'case.corrected': '已更正',
        'case.correction': '更正 #{id}',
        'case.contactBy': '联系（{method}）',
        'case.by': '经办：{name}',

        'queue.title': '申请受理',
        'queue.status': '状态',
        'queue.allStatuses': '全部状态',
        'queue.overdueOnly': '只看已超期',
        'queue.refresh': '刷新',
        'queue.counter': '窗口受理',
        'queue.loading': '正在加载…',
        'queue.empty': '暂无申请',
        'queue.no': '申请编号',
        'queue.name': '姓名',
        'queue.region': '登记地',
        'queue.channel': '渠道',
        'queue.submitted': '提交时间',
        'queue.deadline': '办结期限',
        'queue.checks': '比对核验',
        'queue.prev': '上一页',
        'queue.next': '下一页',
        'queue.page': '第 {n} 页',
        'channel.online': '网上申请',
        'channel.counter': '窗口受理',
        'channel.national': '全国平台',
        'deadline.left': '剩余 {n} 个工作日',
        'deadline.today': '今日到期',
        'deadline.overdue': '已超期 {n} 个工作日',
        'deadline.due': '已超期',
        'checks.pass': '相符 {n}',
        'checks.fail': '不符 {n}',
        'checks.unknown': '待核实 {n}',
        'checks.none': '未核验',

        'counter.title': '窗口受理',
        'counter.intro':
            '请核验申请人的有效身份证件，与申请人逐项核对后录入，并请申请人阅读书面承诺后勾选。',
        'counter.ownAgency': '本机构（编号 {id}）',
        'counter.open': '查看申请',
        'counter.another': '继续受理',
        'counter.toQueue': '返回申请列表',

        'detail.back': '返回申请列表',
        'detail.title': '申请',
        'detail.person': '申请人信息',
        'detail.masked': '已脱敏',
        'detail.unmasked': '完整信息',
        'detail.reveal': '显示完整信息',
        'detail.hide': '隐藏',
        'detail.revealNote': '查看完整信息会记入审计日志，请仅在办理需要时查看。',
        'detail.application': '登记信息',
        'detail.verifications': '比对核验',
        'detail.noChecks': '尚无核验结果。',
        'detail.tasks': '调查任务',
        'detail.decision': '办理决定',
        'detail.salaryFrom': '月薪 {n} 元起',
        'check.identity': '身份信息',
        'check.employment': '就业状态',
        'check.pension': '养老保险待遇',
        'check.death': '死亡信息',
        'check.custody': '服刑在押信息',
        'result.pass': '相符',
        'result.fail': '不符',
        'result.unknown': '无法核实',
        'evidence.source': '来源：{s}',
        'evidence.failLead': '比对发现不符，依据：',
        'evidence.dataset': '数据集',
        'evidence.eventDate': '事件日期',
        'evidence.line': '证据行',
        'evidence.lineNo': '第 {n} 行',
        'evidence.unknownLead': '无法通过信息比对核实，需工作人员调查：',
        'evidence.task': '调查任务 #{id}（{status}）',
        'evidence.noTask': '尚未生成调查任务。',
        'evidence.extra': '记录内容',
        'evidence.import': '第 {n} 批导入',
        'evidence.checkedAt': '核验于 {at}',
        'source.ssc_holders': '社会保障卡持卡人员基础信息库',
        'source.insurance': '社会保险参保登记',
        'source.employment_filings': '劳动用工备案',
        'source.business_licences': '市场主体登记',
        'source.pensions': '养老保险待遇领取',
        'source.deaths': '死亡登记',
        'source.custody': '服刑在押人员信息',
        'basis.card_holder_found': '在持卡人员基础信息库中找到本人',
        'basis.not_found_in_loaded_dataset': '已导入的数据中没有本人记录',
        'basis.dataset_not_loaded': '尚未导入该项比对数据',
        'basis.event_after_unemployed_since': '失业时间之后仍有参保、用工或经营记录',
        'basis.no_event_after_unemployed_since': '失业时间之后无参保、用工或经营记录',
        'basis.pension_on_or_before_today': '已领取基本养老保险待遇',
        'basis.no_pension_on_or_before_today': '未领取基本养老保险待遇',
        'basis.death_recorded': '有死亡登记记录',
        'basis.no_death_recorded': '无死亡登记记录',
        'basis.custody_since_unemployed': '失业后有服刑在押记录',
        'basis.no_custody_since_unemployed': '失业后无服刑在押记录',
        'task.open': '待调查',
        'task.done': '已完成',
        'task.closed': '已关闭',
        'decision.lead': '请在核对申请信息和比对结果后作出决定，结果将告知申请人。',
        'decision.hasFail': '有比对不符的项目，请核实后再作决定。',
        'decision.hasUnknown': '有无法通过比对核实的项目，可结合调查结果作出决定。',
        'decision.approve': '批准登记',
        'decision.reject': '不予登记',
        'decision.approveLead': '确认批准申请 {no} 的失业登记？批准后将生成失业登记编号。',
        'decision.rejectLead': '请填写不予登记的理由，理由将告知申请人。',
        'decision.reason': '不予登记理由',
        'decision.noteOptional': '备注（选填）',
        'decision.reasonRequired': '请填写不予登记的理由',
        'decision.confirmApprove': '确认批准',
        'decision.confirmReject': '确认不予登记',
        'decision.approved': '已批准登记',
        'decision.rejected': '已决定不予登记',
        'decision.reasonShown': '理由：{r}',
        'decision.note': '备注：{r}',
        'common.yes': '是',
        'common.no': '否',
        'common.cancel': '取消',

        'role.admin': '系统管理员',
        'role.supervisor': '业务主管',
        'role.caseworker': '经办人员',
        'role.statistician': '统计人员',
        'role.auditor': '审计人员',

        'error.network': '无法连接服务器，请检查网络后重试',
        'error.unknown': '请求失败（HTTP {status}）',
    },
    en: {
        'app.name': 'Unemployment Registration System',
        'app.short': 'ureg',
        'lang.switch': '中文',
        'lang.switchTitle': 'Switch to Chinese',

        'nav.home': 'Home',
        'nav.staff': 'Staff login',
        'nav.back': 'Back to home',

        'landing.title': 'Unemployment registration',
        'landing.lead':
            'Unemployment registration is how the government knows who is out of work, and the ' +
            'basis for the employment services and policies offered to them. Once registered you ' +
            'can use job placement, career guidance, vocational training and start-up services, ' +
            'and, if eligible, apply for employment support and unemployment insurance benefit ' +
            'at the same time.',
        'landing.apply': 'Apply online',
        'landing.status': 'Check my application',
        'landing.who.title': 'Who can apply',
        'landing.who.age': 'Workers aged 16 or over who do not yet draw a basic old-age pension;',
        'landing.who.state': 'able to work, wanting to work and currently without work;',
        'landing.who.place':
            'at the place of household registration or of usual residence — an application is ' +
            'never refused because the household registration is elsewhere;',
        'landing.who.hkmotw':
            'residents of Hong Kong, Macao and Taiwan who became unemployed after working on the ' +
            'mainland may apply in the same way.',
        'landing.docs.title': 'Documents',
        'landing.docs.mainland':
            'Mainland residents: resident identity card or social security card.',
        'landing.docs.hkmotw':
            'Hong Kong, Macao and Taiwan residents: residence permit or social security card, or ' +
            'Mainland Travel Permit for Hong Kong and Macao Residents.',
        'landing.promise.title': 'Written promise',
        'landing.promise.text':
            'You fill in the Unemployed Person Registration Form with your basic details and the ' +
            'reason you became unemployed, and promise in writing that the information is true. ' +
            'False information used to obtain benefits is recorded in the social security credit ' +
            'system.',
        'landing.time.title': 'Processing time',
        'landing.time.text':
            'Handled within 7 working days, and you are told the result. Where needed, identity ' +
            'and unemployment are checked against social security card and insurance records, or ' +
            'by a caseworker.',
        'landing.channels.title': 'Where to apply',
        'landing.channels.text':
            'Online on this site, or at the counter of a public employment service agency ' +
            '(including street and community service points).',
        'landing.source':
            `Source: MOHRSS General Office notice ${NOTICE} on unemployment registration and ` +
            'employment services. Policy hotline: 12333.',
        'landing.staff': 'Staff entrance',

        'apply.title': 'Apply for unemployment registration',
        'apply.intro':
            'Please fill in the Unemployed Person Registration Form truthfully; fields marked * ' +
            'are required. You will receive an application number and a query code, and a ' +
            'decision within 7 working days.',

        'form.s.counter': 'Intake',
        'form.s.identity': 'Identity document and personal details',
        'form.s.residence': 'Residence and household registration',
        'form.s.unemployment': 'Unemployment',
        'form.s.intent': 'Job search and services wanted',
        'form.s.commitment': 'Written promise',
        'form.agency': 'Accepting agency',
        'form.agency_id': 'Accepting agency',
        'form.id_type': 'Document type',
        'form.id_number': 'Document number',
        'form.name': 'Name',
        'form.phone': 'Phone',
        'form.sex': 'Sex',
        'form.birth_date': 'Date of birth',
        'form.birth_date_required': 'Date of birth (required for travel permits)',
        'form.ethnicity': 'Ethnic group',
        'form.education': 'Education',
        'form.health': 'Health',
        'form.disability_grade': 'Disability grade',
        'form.grade': 'Grade {n}',
        'form.residence_region': 'Place of usual residence',
        'form.residence_address': 'Residence address',
        'form.hukou_type': 'Household registration type',
        'form.hukou_region': 'Place of household registration (hukou)',
        'form.hukou_address': 'Household registration address',
        'form.register_region': 'Register at (county or district)',
        'form.register_basis': 'Registering there as',
        'form.unemployed_since': 'Unemployed since',
        'form.unemployment_reason': 'Reason for unemployment',
        'form.last_employer': 'Last employer',
        'form.last_occupation': 'Last occupation',
        'form.job_intent': 'Job wanted',
        'form.job_occupation': 'Occupation wanted',
        'form.job_region': 'Where you want to work',
        'form.job_salary_min': 'Lowest monthly pay wanted (CNY)',
        'form.skills': 'Skills',
        'form.certificates': 'Vocational certificates',
        'form.services': 'Services wanted',
        'form.training_intent': 'Vocational training',
        'form.startup_intent': 'Starting a business',
        'form.ui_benefit': 'Also apply for unemployment insurance benefit',
        'form.difficulty_categories': 'Groups with difficulty finding work (if any apply)',
        'form.commitment': 'I promise',
        'form.promise':
            'I promise that the information given is true, accurate and complete, and I am ' +
            'responsible for it. Giving false information to obtain unemployment insurance ' +
            'benefit or employment and start-up support is recorded in the social security ' +
            'credit system.',
        'form.hint.id.resident_id': '18 characters; the last may be X',
        'form.hint.id.ssc': 'The 18-character number on the social security card',
        'form.hint.id.hkmotw_residence': '18 characters starting 810000, 820000 or 830000',
        'form.hint.id.hkmo_permit': 'H or M and 8 digits (plus a 2-digit renewal count, if any)',
        'form.hint.id.tw_permit': '8 digits',
        'form.hint.derived': 'Filled in from the document number',
        'form.hint.hukou':
            'An application is never refused because the household registration is elsewhere.',
        'form.hint.register_region':
            'Where your household is registered, where you live, work or are insured.',
        'form.hint.difficulty': 'Optional. A caseworker confirms it with you.',
        'form.pick': 'Select',
        'form.pickRegion': 'Province / city / county',
        'form.required': 'This field is required',
        'form.pickRegionRequired': 'Choose down to the county or district',
        'form.birthNeeded': 'Travel permit numbers carry no birth date: enter the date of birth',
        'form.future': 'The date cannot be after today',
        'form.tooYoung': 'You must be {n} or older to register',
        'form.commitmentRequired': 'Please read and tick the written promise',
        'form.fixErrors': 'Please correct the fields marked in red and submit again',
        'form.submit': 'Submit application',

        'id.empty': 'Enter the document number',
        'id.type': 'Choose the document type',
        'id.charset': 'The document number contains characters that are not allowed',
        'id.length': 'The document number has the wrong length',
        'id.firstGen':
            '15-digit first-generation ID numbers are no longer valid; use the 18-character number',
        'id.area': 'The area code of the document number does not exist',
        'id.areaHkmotw':
            'A residence permit for HK/Macao/Taiwan residents starts with 810000, 820000 or 830000',
        'id.birthDate': 'The birth date in the document number does not exist',
        'id.birthEarly': 'The birth date in the document number is before 1900',
        'id.birthFuture': 'The birth date in the document number is in the future',
        'id.checksum': 'The check character of the document number is wrong; please check it',
        'id.permitPrefix': 'A Mainland Travel Permit for HK/Macao residents starts with H or M',
        'id.permitFormat': 'The travel permit number has the wrong format',
        'phone.empty': 'Enter a phone number',
        'phone.format':
            'Enter an 11-digit mobile number, a landline with its area code (010-12345678), ' +
            'or a +852, +853 or +886 number',
        'name.empty': 'Enter the name',
        'name.long': 'A name has at most 50 characters',
        'name.format':
            'A name is Chinese characters or letters, with a middle dot or spaces between',
        'sex.M': 'Male',
        'sex.F': 'Female',

        'receipt.title': 'Application submitted',
        'receipt.lead': 'You will be told the result by {deadline}.',
        'receipt.leadCounter':
            'Accepted; decision due by {deadline}. Give the applicant the number and query code.',
        'receipt.no': 'Application number',
        'receipt.code': 'Query code',
        'receipt.deadline': 'Decision due by',
        'receipt.keep':
            'Write down or screenshot the application number and query code: the query code is ' +
            'shown only this once and you need it to check your application.',
        'receipt.keepCounter':
            'The query code is shown only this once; ask the applicant to keep it safe.',
        'receipt.status': 'Check my application',

        'status.title': 'Check my application',
        'status.intro': 'Enter the application number and query code you received when applying.',
        'status.no': 'Application number',
        'status.code': 'Query code',
        'status.submit': 'Check',
        'status.required': 'Enter the application number and the query code',
        'status.result': 'Your application',
        'status.status': 'Status',
        'status.deadline': 'Decision due by',
        'status.reason': 'Note',
        'status.regNo': 'Registration number',
        'status.s.submitted': 'Submitted',
        'status.s.verifying': 'Being verified',
        'status.s.pending_review': 'Awaiting review',
        'status.s.approved': 'Registered',
        'status.s.rejected': 'Not registered',
        'status.s.withdrawn': 'Withdrawn',
        'status.notFound': 'No such application: check the application number and query code',

        'login.title': 'Staff login',
        'login.username': 'Username',
        'login.password': 'Password',
        'login.submit': 'Log in',
        'login.required': 'Enter your username and password',

        'wb.logout': 'Log out',
        'wb.user': 'User',
        'wb.role': 'Role',
        'wb.region': 'Region',
        'wb.soon': 'Coming soon',
        'wb.menu.home': 'Workbench',
        'wb.menu.intake': 'Applications',
        'wb.menu.people': 'Registered people',
        'wb.menu.followup': 'Follow-up',
        'wb.menu.stats': 'Statistics',
        'wb.welcome': 'Welcome, {name}',
        'wb.welcomeText':
            'You are logged in as {role} for region {region} and the regions below it. ' +
            'Applications and registered people are open; follow-up and statistics are coming soon.',
        'wb.toQueue': 'Open applications',
        'wb.toPeople': 'Registered people',

        'reg.title': 'Registered people',
        'reg.no': 'Registration number',
        'reg.registered': 'Registered on',
        'reg.caseworker': 'Caseworker',
        'reg.tier': 'Tier',
        'reg.categories': 'Categories',
        'reg.servedAs': 'Served as registered',
        'reg.firstContact': 'First contact',
        'reg.allTiers': 'All tiers',
        'reg.allCategories': 'All categories',
        'reg.allServedAs': 'All groups',
        'reg.mine': 'Only mine',
        'reg.overdueOnly': 'First contact overdue only',
        'reg.empty': 'No registrations match',
        'reg.firstDue': 'Contact by {date}',
        'reg.firstDone': 'Contacted on {date}',
        'reg.firstOverdue': 'Overdue (due by {date})',

        'due.title': 'Due and overdue',
        'due.summary': '{overdue} overdue, {due} due later',
        'due.empty': 'Nothing is due',
        'due.overdue': 'Overdue',
        'due.dueOn': 'By {date}',
        'due.kind.first_contact': 'First contact',
        'due.kind.service_followup': 'Service follow-up',

        'case.title': 'Registration',
        'case.back': 'Back to registered people',
        'case.status.active': 'Active',
        'case.status.exited': 'Exited',
        'case.person': 'Person',
        'case.reveal': 'Show full details',
        'case.hide': 'Hide',
        'case.application': 'Application',
        'case.applicationNo': 'Application number',
        'case.agency': 'Agency',
        'case.profile': 'Profile, tier and categories',
        'case.difficulty': 'Employment difficulty categories',
        'case.skillLevel': 'Skill level',
        'case.occupation': 'Wanted occupation (national classification code)',
        'case.intentRegion': 'Wanted work region (division code)',
        'case.salaryMin': 'Lowest monthly pay wanted (yuan)',
        'case.salaryMax': 'Highest monthly pay wanted (yuan, 0 for any)',
        'case.training': 'Wants training',
        'case.startup': 'Wants to start a business',
        'case.explained': 'Follow-up services and exit conditions explained on',
        'case.tierPolicy': 'This tier is contacted every {days} days and offered first: {services}',
        'case.save': 'Save profile',
        'case.saved': 'Saved ({n} changes)',
        'case.timeline': 'Services and contacts',
        'case.noHistory': 'No services or contacts yet',
        'case.service': 'Record a service',
        'case.contact': 'Record a contact',
        'case.type': 'Service type',
        'case.date': 'Date',
        'case.content': 'What was done',
        'case.outcome': 'Outcome',
        'case.followupDue': 'Follow up on (when needed)',
        'case.followupOn': 'Follow up by {date}',
        'case.method': 'Method',
        'case.result': 'Result',
        'case.note': 'Note',
        'case.record': 'Save record',
        'case.cancel': 'Cancel',
        'case.correct': 'Correct',
        'case.correcting': 'Correcting record #{id}: the old record is kept and marked corrected',
        'case.corrected': 'Corrected',
        'case.correction': 'Corrects #{id}',
        'case.contactBy': 'Contact ({method})',
        'case.by': 'By {name}',

        'queue.title': 'Applications',
        'queue.status': 'Status',
        'queue.allStatuses': 'All statuses',
        'queue.overdueOnly': 'Overdue only',
        'queue.refresh': 'Refresh',
        'queue.counter': 'Counter intake',
        'queue.loading': 'Loading…',
        'queue.empty': 'No applications',
        'queue.no': 'Application number',
        'queue.name': 'Name',
        'queue.region': 'Registering at',
        'queue.channel': 'Channel',
        'queue.submitted': 'Submitted',
        'queue.deadline': 'Decision due',
        'queue.checks': 'Checks',
        'queue.prev': 'Previous',
        'queue.next': 'Next page',
        'queue.page': 'Page {n}',
        'channel.online': 'Online',
        'channel.counter': 'Counter',
        'channel.national': 'National platform',
        'deadline.left': '{n} working days left',
        'deadline.today': 'Due today',
        'deadline.overdue': 'Overdue by {n} working days',
        'deadline.due': 'Overdue',
        'checks.pass': 'Match {n}',
        'checks.fail': 'Mismatch {n}',
        'checks.unknown': 'Unverified {n}',
        'checks.none': 'Not checked',

        'counter.title': 'Counter intake',
        'counter.intro':
            "Check the applicant's identity document, enter the form together with the " +
            'applicant, and let the applicant read and tick the written promise.',
        'counter.ownAgency': 'Own agency (no. {id})',
        'counter.open': 'Open the application',
        'counter.another': 'Next applicant',
        'counter.toQueue': 'Back to applications',

        'detail.back': 'Back to applications',
        'detail.title': 'Application',
        'detail.person': 'Applicant',
        'detail.masked': 'Masked',
        'detail.unmasked': 'Full details',
        'detail.reveal': 'Show full details',
        'detail.hide': 'Hide',
        'detail.revealNote':
            'Showing full details is recorded in the audit log; do so only when the case needs it.',
        'detail.application': 'Registration details',
        'detail.verifications': 'Verification',
        'detail.noChecks': 'No verification results yet.',
        'detail.tasks': 'Investigation tasks',
        'detail.decision': 'Decision',
        'detail.salaryFrom': 'from {n} CNY a month',
        'check.identity': 'Identity',
        'check.employment': 'Employment status',
        'check.pension': 'Old-age pension',
        'check.death': 'Death records',
        'check.custody': 'Custody records',
        'result.pass': 'Match',
        'result.fail': 'Mismatch',
        'result.unknown': 'Cannot verify',
        'evidence.source': 'Source: {s}',
        'evidence.failLead': 'The comparison found a mismatch:',
        'evidence.dataset': 'Dataset',
        'evidence.eventDate': 'Event date',
        'evidence.line': 'Evidence row',
        'evidence.lineNo': 'line {n}',
        'evidence.unknownLead': 'Data comparison could not verify this; a caseworker investigates:',
        'evidence.task': 'investigation task #{id} ({status})',
        'evidence.noTask': 'No investigation task yet.',
        'evidence.extra': 'Record',
        'evidence.import': 'import no. {n}',
        'evidence.checkedAt': 'checked {at}',
        'source.ssc_holders': 'Social security card holders',
        'source.insurance': 'Social insurance contributions',
        'source.employment_filings': 'Employment filings',
        'source.business_licences': 'Business registrations',
        'source.pensions': 'Old-age pension payments',
        'source.deaths': 'Death records',
        'source.custody': 'Custody records',
        'basis.card_holder_found': 'Found among the social security card holders',
        'basis.not_found_in_loaded_dataset': 'Not in the loaded data',
        'basis.dataset_not_loaded': 'No data loaded for this check yet',
        'basis.event_after_unemployed_since':
            'Insurance, employment or business records after the unemployment date',
        'basis.no_event_after_unemployed_since': 'No records after the unemployment date',
        'basis.pension_on_or_before_today': 'Draws an old-age pension',
        'basis.no_pension_on_or_before_today': 'Draws no old-age pension',
        'basis.death_recorded': 'A death is recorded',
        'basis.no_death_recorded': 'No death recorded',
        'basis.custody_since_unemployed': 'In custody since becoming unemployed',
        'basis.no_custody_since_unemployed': 'No custody since becoming unemployed',
        'task.open': 'open',
        'task.done': 'done',
        'task.closed': 'closed',
        'decision.lead':
            'Decide after checking the application and the verification results; the applicant ' +
            'is told the result.',
        'decision.hasFail': 'Some checks found a mismatch; look into them before deciding.',
        'decision.hasUnknown':
            'Some checks could not be verified by comparison; decide with the investigation.',
        'decision.approve': 'Approve registration',
        'decision.reject': 'Refuse registration',
        'decision.approveLead':
            'Approve the unemployment registration of application {no}? A registration number ' +
            'is issued.',
        'decision.rejectLead': 'Give the reason for refusing; the applicant is told it.',
        'decision.reason': 'Reason for refusing',
        'decision.noteOptional': 'Note (optional)',
        'decision.reasonRequired': 'Give the reason for refusing',
        'decision.confirmApprove': 'Approve',
        'decision.confirmReject': 'Refuse',
        'decision.approved': 'Registration approved',
        'decision.rejected': 'Registration refused',
        'decision.reasonShown': 'Reason: {r}',
        'decision.note': 'Note: {r}',
        'common.yes': 'Yes',
        'common.no': 'No',
        'common.cancel': 'Cancel',

        'role.admin': 'Administrator',
        'role.supervisor': 'Supervisor',
        'role.caseworker': 'Caseworker',
        'role.statistician': 'Statistician',
        'role.auditor': 'Auditor',

        'error.network': 'Cannot reach the server; check the network and try again',
        'error.unknown': 'The request failed (HTTP {status})',
    },
};

const STORAGE_KEY = 'ureg.lang';

function initialLang() {
    try {
        const saved = localStorage.getItem(STORAGE_KEY);
        if (saved === 'zh' || saved === 'en') return saved;
    } catch {
        // Storage can be disabled (private mode); Chinese is the default then.
    }
    return 'zh';
}

export const lang = ref(initialLang());

export const elementLocale = computed(() => (lang.value === 'en' ? en : zhCn));

// The value for the Accept-Language header, so server error messages match the page.
export function acceptLanguage() {
    return lang.value === 'en' ? 'en' : 'zh-CN';
}

export function t(key, params) {
    let s = messages[lang.value][key] ?? messages.zh[key] ?? key;
    if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? params[name] : m));
    return s;
}

export function setLang(value) {
    lang.value = value === 'en' ? 'en' : 'zh';
    try {
        localStorage.setItem(STORAGE_KEY, lang.value);
    } catch {
        // Not remembered then; the switch still applies to this page.
    }
    applyDocumentLang();
}

export function toggleLang() {
    setLang(lang.value === 'en' ? 'zh' : 'en');
}

// <html lang> and the window title follow the language (screen readers, fonts, tabs).
export function applyDocumentLang() {
    document.documentElement.lang = lang.value === 'en' ? 'en' : 'zh-CN';
    document.title = t('app.name');
}
