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

        'apply.title': '在线申请',
        'apply.soon':
            '在线申请表即将开通。在此之前，请携带有效身份证件到户籍地或常住地的公共就业服务机构窗口办理。',

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
            '申请受理、登记人员管理、跟踪回访和统计报表功能将陆续上线。',

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

        'apply.title': 'Apply online',
        'apply.soon':
            'The online application form opens soon. Until then, please bring a valid identity ' +
            'document to a public employment service agency where your household is registered ' +
            'or where you live.',

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
            'Applications, registered people, follow-up and statistics are coming soon.',

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
