//! The editable wording of the formal documents (谈话笔录, 不予受理告知书,
//! 延期处理告知书, 陈述申辩通知书, 调查报告, 书面答复意见书, 举报奖励通知书).
//!
//! A template is plain text the office may edit: paragraphs are separated by
//! blank lines (a single line break starts a new, also indented, line), a line
//! starting with "# " is a section heading, and `{{name}}` is a placeholder
//! filled from the case ([`context`]). Each document type allows its own
//! placeholders ([`placeholders`]); the notice to the accused (陈述申辩通知书)
//! allows none about the complainant, so its wording cannot reveal who
//! complained.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{date_zh, datetime_zh};
use crate::domain::case::{CaseDetail, CaseRecord, OfficeInfo};
use crate::domain::records::{
    Conclusion, Defence, Evidence, Extension, Interview, InvestigationMode, NotAccept, Review,
    SiteCheck,
};
use crate::error::{DeskError, FieldError, Result};

/// The longest template accepted, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 20_000;

/// The formal documents written from an editable template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocType {
    Transcript,
    NotAccepted,
    Extension,
    NoticeToAccused,
    InvestigationReport,
    ReplyLetter,
    RewardNotice,
}

impl DocType {
    pub const ALL: [DocType; 7] = [
        DocType::Transcript,
        DocType::NotAccepted,
        DocType::Extension,
        DocType::NoticeToAccused,
        DocType::InvestigationReport,
        DocType::ReplyLetter,
        DocType::RewardNotice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocType::Transcript => "transcript",
            DocType::NotAccepted => "not_accepted",
            DocType::Extension => "extension",
            DocType::NoticeToAccused => "notice_to_accused",
            DocType::InvestigationReport => "investigation_report",
            DocType::ReplyLetter => "reply_letter",
            DocType::RewardNotice => "reward_notice",
        }
    }

    pub fn title_zh(self) -> &'static str {
        match self {
            DocType::Transcript => "谈话笔录",
            DocType::NotAccepted => "不予受理告知书",
            DocType::Extension => "延期处理告知书",
            DocType::NoticeToAccused => "陈述申辩通知书",
            DocType::InvestigationReport => "调查报告",
            DocType::ReplyLetter => "书面答复意见书",
            DocType::RewardNotice => "举报奖励通知书",
        }
    }

    pub fn from_code(s: &str) -> Option<DocType> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    /// True for the document that goes to the accused side: it must carry
    /// nothing that identifies the complainant.
    pub fn for_accused(self) -> bool {
        matches!(self, DocType::NoticeToAccused)
    }
}

// ---------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------

type Ph = (&'static str, &'static str);

const COMMON: &[Ph] = &[
    ("office_name", "本单位名称"),
    ("office_address", "本单位地址"),
    ("office_phone", "本单位联系电话"),
    ("number", "案件编号"),
    ("case_kind", "案件类别（投诉/举报）"),
    ("category", "问题类别"),
    ("matter", "事由"),
    ("received_date", "收到日期"),
    ("issue_date", "出具日期"),
    ("handling_department", "承办部门"),
];

const COMPLAINANT: &[Ph] = &[
    ("complainant_name", "投诉（举报）人姓名"),
    ("complainant_unit", "投诉（举报）人部门/单位"),
    ("complainant_position", "投诉（举报）人职务"),
    ("complainant_phone", "投诉（举报）人电话"),
    ("complainant_address", "投诉（举报）人地址"),
];

const ACCUSED: &[Ph] = &[
    ("accused_name", "被投诉（举报）人"),
    ("accused_unit", "被投诉（举报）人部门/单位"),
];

const TRANSCRIPT: &[Ph] = &[
    ("interview_time", "谈话时间"),
    ("interview_place", "谈话地点"),
    ("interviewer", "谈话人"),
    ("recorder", "记录人"),
    ("interviewee", "被谈话人"),
    ("interviewee_role", "被谈话人身份"),
    (
        "questions_and_answers",
        "问答记录（单独成段时按“问：/答：”逐条排版）",
    ),
];

const NOT_ACCEPTED: &[Ph] = &[
    ("not_accept_ground", "不予受理的情形"),
    ("not_accept_reason", "不予受理的理由"),
];

const EXTENSION: &[Ph] = &[
    ("extension_reason", "延期理由"),
    ("new_due_date", "延长后的办结期限"),
    ("original_due_date", "原办结期限"),
    ("extension_notice_date", "告知日期"),
];

const NOTICE: &[Ph] = &[("answer_due", "陈述申辩的截止日期")];

const FINDINGS: &[Ph] = &[
    ("facts", "反映的主要问题"),
    ("request", "诉求"),
    ("inspectors", "调查人员"),
    ("investigation_mode", "调查方式"),
    ("investigation_summary", "调查工作概述"),
    ("conclusion", "调查结论（属实/部分属实/不属实）"),
    ("findings_facts", "查明的事实"),
    ("responsibility", "责任认定"),
    ("proposals", "处理建议"),
    ("rectification_due", "整改期限"),
];

const REPORT_LISTS: &[Ph] = &[
    ("interviews_list", "谈话情况（逐条）"),
    ("evidence_list", "证据材料（逐条，含文件名与SHA-256前12位）"),
    ("site_checks_list", "现场核查情况（逐条）"),
    ("defence", "被投诉（举报）人的陈述申辩"),
];

const REWARD: &[Ph] = &[
    ("reward_amount", "奖励金额（小写，元）"),
    ("reward_amount_upper", "奖励金额（大写）"),
    ("reward_reason", "奖励事由"),
    ("claim_due", "领取期限"),
    ("conclusion", "调查结论"),
];

/// The placeholders a template of type `t` may use, with a description.
pub fn placeholders(t: DocType) -> &'static [(&'static str, &'static str)] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<Vec<Ph>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        DocType::ALL
            .iter()
            .map(|t| {
                let parts: &[&[Ph]] = match t {
                    DocType::Transcript => &[COMMON, ACCUSED, TRANSCRIPT],
                    DocType::NotAccepted => &[COMMON, COMPLAINANT, NOT_ACCEPTED],
                    DocType::Extension => &[COMMON, COMPLAINANT, EXTENSION],
                    // Never anything about the complainant.
                    DocType::NoticeToAccused => &[COMMON, ACCUSED, NOTICE],
                    DocType::InvestigationReport => {
                        &[COMMON, COMPLAINANT, ACCUSED, FINDINGS, REPORT_LISTS]
                    }
                    DocType::ReplyLetter => &[COMMON, COMPLAINANT, ACCUSED, FINDINGS],
                    DocType::RewardNotice => &[COMMON, COMPLAINANT, REWARD],
                };
                let mut v: Vec<Ph> = Vec::new();
                for p in parts.iter().flat_map(|p| p.iter()) {
                    if !v.iter().any(|q| q.0 == p.0) {
                        v.push(*p);
                    }
                }
                v
            })
            .collect()
    });
    let i = DocType::ALL.iter().position(|x| *x == t).unwrap_or(0);
    &table[i]
}

fn is_complainant_key(name: &str) -> bool {
    name.starts_with("complainant")
}

// ---------------------------------------------------------------------------
// Default wording
// ---------------------------------------------------------------------------

const T_TRANSCRIPT: &str = "\
# 告知事项

我们是{{office_name}}的工作人员，现就编号为{{number}}的{{case_kind}}事项（{{matter}}）向你了解有关情况。你应当如实陈述，不得隐瞒或捏造事实；对与本事项无关的问题，你有权拒绝回答。本次谈话内容将予以保密。

# 谈话内容

{{questions_and_answers}}

以上笔录我已看过，与我所说相符。";

const T_NOT_ACCEPTED: &str = "\
{{complainant_name}}：

您于{{received_date}}反映的“{{matter}}”问题（编号：{{number}}），本单位已收悉。

经审查，该事项属于{{not_accept_ground}}的情形。{{not_accept_reason}}

根据本单位投诉举报处理的有关规定，决定不予受理。您可以依法向有权处理的部门或机关反映。

如对本告知有疑问，请与本单位联系。

特此告知。";

const T_EXTENSION: &str = "\
{{complainant_name}}：

您于{{received_date}}反映的“{{matter}}”问题（编号：{{number}}），本单位已依法受理并正在调查处理。

因{{extension_reason}}，本单位不能在原定期限{{original_due_date}}内办结。经批准，办理期限延长至{{new_due_date}}。本单位将在延长期限内办结并书面答复您。

如有疑问，请与本单位联系。

特此告知。";

const T_NOTICE: &str = "\
{{accused_name}}（{{accused_unit}}）：

本单位收到涉及你（单位）的{{category}}方面问题的反映（编号：{{number}}），事由为：{{matter}}。本单位已依照有关规定对该事项进行核实，目前尚未作出任何结论。

根据有关规定，你（单位）有权就上述事项进行陈述和申辩。请于{{answer_due}}前以书面形式向本单位{{handling_department}}提交陈述申辩意见，并可一并提供相关证明材料。

逾期未提交的，视为放弃陈述申辩的权利，本单位将依据已查明的事实作出处理。

本单位将依法保护各方当事人的合法权益。你（单位）不得以任何方式打听、追查反映人，不得对其进行打击报复。

特此通知。";

const T_REPORT: &str = "\
# 一、基本情况

{{case_kind}}编号：{{number}}；收到日期：{{received_date}}；问题类别：{{category}}。

反映人：{{complainant_name}}（{{complainant_unit}}）；被反映人：{{accused_name}}（{{accused_unit}}）。

反映的主要问题：{{facts}}

诉求：{{request}}

# 二、调查过程

调查人员：{{inspectors}}（{{investigation_mode}}）。{{investigation_summary}}

谈话情况：

{{interviews_list}}

证据材料：

{{evidence_list}}

现场核查：

{{site_checks_list}}

# 三、被反映人的陈述申辩

{{defence}}

# 四、调查结论

经调查，反映的问题{{conclusion}}。

查明的事实：{{findings_facts}}

# 五、责任认定

{{responsibility}}

# 六、处理建议

{{proposals}}

整改要求：{{rectification_due}}";

const T_REPLY: &str = "\
{{complainant_name}}：

您于{{received_date}}反映的“{{matter}}”问题（编号：{{number}}），本单位已依法受理并进行了调查核实。现将调查处理情况答复如下：

# 一、调查情况

本单位{{handling_department}}对您反映的问题进行了调查。{{investigation_summary}}

# 二、调查结论

经调查，您反映的问题{{conclusion}}。{{findings_facts}}

# 三、处理意见

{{proposals}}{{rectification_due}}

如您对本答复意见不服，可自收到本答复之日起30日内向本单位申请复核，也可以向有权处理的主管部门反映。

特此答复。";

const T_REWARD: &str = "\
{{complainant_name}}：

您于{{received_date}}举报的“{{matter}}”问题（编号：{{number}}），经本单位调查核实，举报问题{{conclusion}}。{{reward_reason}}

根据本单位举报奖励的有关规定，决定给予您奖励人民币{{reward_amount}}元（大写：{{reward_amount_upper}}）。

请于{{claim_due}}前持本通知书及本人有效身份证件到本单位领取奖励。本单位将对您的身份信息和举报内容严格保密。

特此通知。";

/// The wording a document starts from before the office edits it.
pub fn default_template(t: DocType) -> &'static str {
    match t {
        DocType::Transcript => T_TRANSCRIPT,
        DocType::NotAccepted => T_NOT_ACCEPTED,
        DocType::Extension => T_EXTENSION,
        DocType::NoticeToAccused => T_NOTICE,
        DocType::InvestigationReport => T_REPORT,
        DocType::ReplyLetter => T_REPLY,
        DocType::RewardNotice => T_REWARD,
    }
}

// ---------------------------------------------------------------------------
// Validation and filling
// ---------------------------------------------------------------------------

/// A piece of a template: literal text or a placeholder name.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

/// Splits a template into text and placeholders; `Err((offset, text))` at the
/// first malformed brace.
fn pieces(text: &str) -> std::result::Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let open = rest.find("{{");
        let stray = rest.find(['{', '}']);
        match (open, stray) {
            (None, None) => {
                if !rest.is_empty() {
                    out.push(Piece::Text(rest));
                }
                return Ok(out);
            }
            (Some(o), Some(s)) if o == s => {
                if o > 0 {
                    out.push(Piece::Text(&rest[..o]));
                }
                let after = &rest[o + 2..];
                let Some(close) = after.find("}}") else {
                    return Err(snippet(&rest[o..]));
                };
                let name = &after[..close];
                if name.is_empty()
                    || name.contains(['{', '}', '\n'])
                    || !name
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    || name.trim().is_empty()
                {
                    return Err(snippet(&rest[o..]));
                }
                out.push(Piece::Name(name.trim()));
                rest = &after[close + 2..];
            }
            (_, Some(s)) => return Err(snippet(&rest[s..])),
            (Some(_), None) => unreachable!("\"{{{{\" contains a brace"),
        }
    }
}

fn snippet(s: &str) -> String {
    s.chars().take(24).collect()
}

/// Checks a template the office edited: not empty, not too long, braces
/// balanced and only the placeholders of its type.
pub fn validate_template(t: DocType, text: &str) -> Result<()> {
    const FIELD: &str = "template";
    if text.trim().is_empty() {
        return Err(DeskError::Validation(vec![FieldError::new(
            FIELD,
            "required",
            "模板内容不能为空。",
            "The template must not be empty.",
        )]));
    }
    let n = text.chars().count();
    if n > MAX_TEMPLATE_CHARS {
        return Err(DeskError::Validation(vec![FieldError::new(
            FIELD,
            "too_long",
            format!("模板过长（{n}字），最多{MAX_TEMPLATE_CHARS}字。"),
            format!("The template is too long ({n} characters; at most {MAX_TEMPLATE_CHARS})."),
        )]));
    }
    let parts = pieces(text).map_err(|at| {
        DeskError::Validation(vec![FieldError::new(
            FIELD,
            "bad_placeholder",
            format!("占位符格式不正确（“{at}”附近），请写成 {{{{名称}}}}，花括号须成对。"),
            format!(
                "Malformed placeholder near \"{at}\": write {{{{name}}}} with balanced braces."
            ),
        )])
    })?;
    let allowed = placeholders(t);
    let mut errors: Vec<FieldError> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for p in parts {
        let Piece::Name(name) = p else { continue };
        if allowed.iter().any(|(k, _)| *k == name) || seen.contains(&name) {
            continue;
        }
        seen.push(name);
        let (zh_hint, en_hint) = if t.for_accused() && is_complainant_key(name) {
            (
                "陈述申辩通知书不得包含投诉（举报）人的任何信息。",
                " The notice to the accused must not contain anything about the complainant.",
            )
        } else {
            ("", "")
        };
        errors.push(FieldError::new(
            FIELD,
            "unknown_placeholder",
            format!(
                "《{}》模板中的占位符 {{{{{name}}}}} 不存在。{zh_hint}",
                t.title_zh()
            ),
            format!(
                "Unknown placeholder {{{{{name}}}}} in the {} template.{en_hint}",
                t.code()
            ),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DeskError::Validation(errors))
    }
}

/// How long free text recorded while handling a case (findings, reasons,
/// lists of interviews and evidence, questions and answers) is assumed to be
/// at most when checking that a template fits. The case's own fields have
/// their limits in [`crate::domain::validate::limits`].
pub const LONGEST_HANDLING_TEXT: usize = 2_000;

/// The longest legitimate value of placeholder `name`, in characters: one
/// complainant / accused with every field at its limit, dates in their
/// longest written form.
pub fn longest_chars(name: &str) -> usize {
    use crate::domain::validate::limits as l;
    match name {
        "office_name" => 100,
        "office_address" => 200,
        "office_phone" => 30,
        "number" => 20,
        "case_kind" => 2,
        "category" | "not_accept_ground" | "investigation_mode" | "interviewee_role" => 30,
        "matter" => l::MATTER,
        "received_date"
        | "new_due_date"
        | "original_due_date"
        | "extension_notice_date"
        | "answer_due"
        | "rectification_due"
        | "claim_due" => 11,
        "issue_date" => 12,
        "interview_time" => 17,
        "handling_department" | "complainant_unit" | "accused_unit" => l::UNIT,
        "complainant_name" | "accused_name" | "interviewer" | "recorder" | "interviewee" => l::NAME,
        "complainant_position" => l::POSITION,
        "complainant_phone" => l::PHONE,
        "complainant_address" => l::ADDRESS,
        "interview_place" => l::WHERE,
        "facts" => l::FACTS,
        "request" => l::REQUEST,
        "conclusion" => 4,
        "inspectors" => 3 * l::NAME,
        "reward_amount" => 12,
        "reward_amount_upper" => 24,
        _ => LONGEST_HANDLING_TEXT,
    }
}

/// Every placeholder of type `t` filled with its longest value, written with
/// a full-width character (the widest a legitimate value can be).
pub fn longest_values(t: DocType) -> BTreeMap<String, String> {
    placeholders(t)
        .iter()
        .map(|(k, _)| (k.to_string(), "国".repeat(longest_chars(k))))
        .collect()
}

/// The placeholder names used in `text`, in order, each once.
pub fn used_placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in pieces(text).unwrap_or_default() {
        if let Piece::Name(n) = p {
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
    }
    out
}

/// How often placeholder `name` appears in `text`.
pub fn occurrences(text: &str, name: &str) -> usize {
    pieces(text)
        .unwrap_or_default()
        .iter()
        .filter(|p| matches!(p, Piece::Name(n) if *n == name))
        .count()
}

/// The placeholder's description for messages, e.g. "事由".
pub fn describe(t: DocType, name: &str) -> &'static str {
    placeholders(t)
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| *v)
        .unwrap_or("")
}

/// Replaces every `{{name}}` with its value; a name without a value becomes
/// empty text. Malformed braces are kept as they are.
pub fn fill(text: &str, ctx: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(o) = rest.find("{{") {
        out.push_str(&rest[..o]);
        let after = &rest[o + 2..];
        match after.find("}}") {
            Some(c) if !after[..c].contains(['{', '\n']) => {
                let name = after[..c].trim();
                if let Some(v) = ctx.get(name) {
                    out.push_str(v);
                }
                rest = &after[c + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------
// Values from the case
// ---------------------------------------------------------------------------

fn latest<'a>(case: &'a CaseDetail, kind: &str) -> Option<&'a CaseRecord> {
    case.records.iter().rev().find(|r| r.kind() == kind)
}

fn all_of<T: for<'de> Deserialize<'de>>(case: &CaseDetail, kind: &str) -> Vec<T> {
    case.records
        .iter()
        .filter(|r| r.kind() == kind)
        .filter_map(|r| serde_json::from_value(r.record.data()).ok())
        .collect()
}

fn latest_as<T: for<'de> Deserialize<'de>>(case: &CaseDetail, kind: &str) -> Option<T> {
    latest(case, kind).and_then(|r| serde_json::from_value(r.record.data()).ok())
}

/// The latest interview record of the case, if any.
pub(crate) fn latest_interview(case: &CaseDetail) -> Option<Interview> {
    latest_as(case, "interview")
}

pub fn conclusion_zh(c: Conclusion) -> &'static str {
    match c {
        Conclusion::Substantiated => "属实",
        Conclusion::PartlySubstantiated => "部分属实",
        Conclusion::Unfounded => "不属实",
    }
}

fn proposal_zh(p: &str) -> &str {
    match p {
        "correction" => "责令纠正",
        "apology" => "赔礼道歉",
        "penalty" => "依规给予处分或处罚",
        "judiciary" => "移送司法机关处理",
        "rectification" => "限期整改",
        "reward" => "对举报人给予奖励",
        other => other,
    }
}

fn role_zh(r: &str) -> &str {
    match r {
        "complainant" => "投诉（举报）人",
        "accused" => "被投诉（举报）人",
        "witness" => "证人",
        "other" => "其他人员",
        other => other,
    }
}

fn mode_zh(m: InvestigationMode) -> &'static str {
    match m {
        InvestigationMode::Single => "督查员调查",
        InvestigationMode::Team => "调查组调查",
        InvestigationMode::Commissioned => "委托调查",
    }
}

/// "2026-11-24" / "2026-11-24 10:30" → "2026年11月24日" (other text as is).
fn d(s: &str) -> String {
    date_zh(s)
}

fn join_nonempty<'a>(it: impl Iterator<Item = &'a str>, sep: &str) -> String {
    it.map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Removes every complainant identifier (name, phone, unit, position,
/// address) from free text that goes to the accused side.
fn redact_complainants(text: &str, case: &CaseDetail) -> String {
    let mut out = text.to_string();
    let mut needles: Vec<String> = Vec::new();
    for p in &case.complainants {
        for v in [&p.name, &p.phone, &p.unit, &p.position, &p.address] {
            let v = v.trim();
            if !v.is_empty() {
                needles.push(v.to_string());
            }
        }
    }
    // Longest first, so a unit containing a name is removed whole.
    needles.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    for n in needles {
        out = out.replace(&n, "××");
    }
    out
}

fn common(
    t: DocType,
    case: &CaseDetail,
    office: &OfficeInfo,
    extra: &BTreeMap<String, String>,
    ctx: &mut BTreeMap<String, String>,
) {
    let mut put = |k: &str, v: String| {
        ctx.insert(k.to_string(), v);
    };
    put("office_name", office.name.trim().to_string());
    put("office_address", office.address.trim().to_string());
    put("office_phone", office.phone.trim().to_string());
    put("number", case.number.clone());
    put("case_kind", case.kind.label_zh().to_string());
    let category = if case.category_label.trim().is_empty() {
        case.category.trim()
    } else {
        case.category_label.trim()
    };
    put("category", category.to_string());
    let matter = if t.for_accused() {
        redact_complainants(case.matter.trim(), case)
    } else {
        case.matter.trim().to_string()
    };
    put("matter", matter);
    put("received_date", d(&case.received_at));
    put("issue_date", date_zh(&issue_date(case, extra)));
    put(
        "handling_department",
        case.handling_department.trim().to_string(),
    );
}

/// The date a document is issued: `extra["issue_date"]` (YYYY-MM-DD) or the
/// case's creation date.
pub(crate) fn issue_date(case: &CaseDetail, extra: &BTreeMap<String, String>) -> String {
    match extra.get("issue_date").map(|s| s.trim()) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ if !case.created_at.trim().is_empty() => case.created_at.clone(),
        _ => case.received_at.clone(),
    }
}

fn complainant_values(case: &CaseDetail, ctx: &mut BTreeMap<String, String>) {
    let people = &case.complainants;
    let name = if case.anonymous || people.iter().all(|p| p.name.trim().is_empty()) {
        format!("{}人", case.kind.label_zh())
    } else {
        join_nonempty(people.iter().map(|p| p.name.as_str()), "、")
    };
    let pick = |f: fn(&crate::domain::case::Person) -> &str| {
        if case.anonymous {
            String::new()
        } else {
            let mut v: Vec<&str> = Vec::new();
            for p in people {
                let s = f(p).trim();
                if !s.is_empty() && !v.contains(&s) {
                    v.push(s);
                }
            }
            v.join("、")
        }
    };
    ctx.insert("complainant_name".into(), name);
    ctx.insert("complainant_unit".into(), pick(|p| &p.unit));
    ctx.insert("complainant_position".into(), pick(|p| &p.position));
    ctx.insert("complainant_phone".into(), pick(|p| &p.phone));
    ctx.insert("complainant_address".into(), pick(|p| &p.address));
}

fn accused_values(case: &CaseDetail, ctx: &mut BTreeMap<String, String>) {
    ctx.insert(
        "accused_name".into(),
        join_nonempty(case.accused.iter().map(|a| a.name.as_str()), "、"),
    );
    let mut units: Vec<&str> = Vec::new();
    for a in &case.accused {
        let u = a.unit.trim();
        if !u.is_empty() && !units.contains(&u) {
            units.push(u);
        }
    }
    ctx.insert("accused_unit".into(), units.join("、"));
}

/// The interview as plain "问：…\n答：…" lines.
pub(crate) fn qa_text(i: &Interview) -> String {
    let mut lines = Vec::new();
    for qa in &i.questions_and_answers {
        lines.push(format!("问：{}", qa.question.trim()));
        lines.push(format!("答：{}", qa.answer.trim()));
    }
    lines.join("\n")
}

struct Findings {
    conclusion: Conclusion,
    facts: String,
    responsibility: String,
    proposals: Vec<String>,
    rectification_due: Option<String>,
}

fn latest_findings(case: &CaseDetail) -> Option<Findings> {
    let f = latest_as::<crate::domain::records::Findings>(case, "findings")?;
    Some(Findings {
        conclusion: f.conclusion,
        facts: f.facts,
        responsibility: f.responsibility,
        proposals: f.proposals,
        rectification_due: f.rectification_due,
    })
}

fn findings_values(case: &CaseDetail, ctx: &mut BTreeMap<String, String>, for_reply: bool) {
    ctx.insert("facts".into(), case.facts.trim().to_string());
    ctx.insert("request".into(), case.request.trim().to_string());
    let review = latest_as::<Review>(case, "review");
    let (inspectors, mode) = match review {
        Some(r) => (
            join_nonempty(r.inspectors.iter().map(String::as_str), "、"),
            mode_zh(r.mode).to_string(),
        ),
        None => (String::new(), String::new()),
    };
    ctx.insert("inspectors".into(), inspectors);
    ctx.insert("investigation_mode".into(), mode);

    let interviews = case
        .records
        .iter()
        .filter(|r| r.kind() == "interview")
        .count();
    let evidence = case
        .records
        .iter()
        .filter(|r| r.kind() == "evidence")
        .count();
    let checks = case
        .records
        .iter()
        .filter(|r| r.kind() == "site_check")
        .count();
    let mut steps = Vec::new();
    if interviews > 0 {
        steps.push(format!("与有关人员谈话{interviews}人次"));
    }
    if evidence > 0 {
        steps.push(format!("调取证据材料{evidence}份"));
    }
    if checks > 0 {
        steps.push(format!("开展现场核查{checks}次"));
    }
    if case.records.iter().any(|r| r.kind() == "defence") {
        steps.push("听取了被反映人的陈述申辩".to_string());
    }
    let summary = if steps.is_empty() {
        String::new()
    } else {
        format!("调查中，{}。", steps.join("，"))
    };
    ctx.insert("investigation_summary".into(), summary);

    let f = latest_findings(case);
    let (conclusion, facts, resp, proposals, due) = match &f {
        Some(f) => (
            conclusion_zh(f.conclusion).to_string(),
            f.facts.trim().to_string(),
            f.responsibility.trim().to_string(),
            join_nonempty(f.proposals.iter().map(|p| proposal_zh(p)), "；"),
            f.rectification_due.clone().unwrap_or_default(),
        ),
        None => Default::default(),
    };
    ctx.insert("conclusion".into(), conclusion);
    ctx.insert("findings_facts".into(), facts);
    ctx.insert("responsibility".into(), resp);
    let proposals = if proposals.is_empty() {
        proposals
    } else if for_reply {
        format!("根据调查结论，本单位决定：{proposals}。")
    } else {
        format!("{proposals}。")
    };
    ctx.insert("proposals".into(), proposals);
    let due = if due.trim().is_empty() {
        String::new()
    } else if for_reply {
        format!("相关部门须于{}前完成整改。", d(&due))
    } else {
        format!("于{}前完成整改。", d(&due))
    };
    ctx.insert("rectification_due".into(), due);
}

fn report_lists(case: &CaseDetail, ctx: &mut BTreeMap<String, String>) {
    let none = || "无。".to_string();
    let interviews: Vec<Interview> = all_of(case, "interview");
    let list = interviews
        .iter()
        .enumerate()
        .map(|(n, i)| {
            format!(
                "{}. {}，{}，谈话人{}，被谈话人{}（{}），问答{}条{}。",
                n + 1,
                datetime_zh(&i.at),
                i.place.trim(),
                i.interviewer.trim(),
                i.interviewee.trim(),
                role_zh(i.role.trim()),
                i.questions_and_answers.len(),
                if i.signed {
                    "，已签字确认"
                } else {
                    "，未签字"
                }
            )
        })
        .collect::<Vec<_>>();
    ctx.insert(
        "interviews_list".into(),
        if list.is_empty() {
            none()
        } else {
            list.join("\n")
        },
    );

    let evidence: Vec<Evidence> = all_of(case, "evidence");
    let list = evidence
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let mut s = format!("{}. {}", n + 1, e.description.trim());
            let mut meta = Vec::new();
            if !e.source.trim().is_empty() {
                meta.push(format!("来源：{}", e.source.trim()));
            }
            if !e.obtained_on.trim().is_empty() {
                meta.push(format!("取得日期：{}", d(&e.obtained_on)));
            }
            if let Some(f) = e.file_name.as_deref().filter(|f| !f.trim().is_empty()) {
                meta.push(format!("文件：{}", f.trim()));
            }
            if let Some(h) = e.sha256.as_deref().filter(|h| !h.is_empty()) {
                meta.push(format!(
                    "SHA-256：{}",
                    h.chars().take(12).collect::<String>()
                ));
            }
            if !meta.is_empty() {
                s.push_str(&format!("（{}）", meta.join("；")));
            }
            s
        })
        .collect::<Vec<_>>();
    ctx.insert(
        "evidence_list".into(),
        if list.is_empty() {
            none()
        } else {
            list.join("\n")
        },
    );

    let checks: Vec<SiteCheck> = all_of(case, "site_check");
    let list = checks
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let who = join_nonempty(c.inspectors.iter().map(String::as_str), "、");
            format!(
                "{}. {}，{}{}：{}",
                n + 1,
                datetime_zh(&c.at),
                c.place.trim(),
                if who.is_empty() {
                    String::new()
                } else {
                    format!("（核查人：{who}）")
                },
                c.findings.trim()
            )
        })
        .collect::<Vec<_>>();
    ctx.insert(
        "site_checks_list".into(),
        if list.is_empty() {
            none()
        } else {
            list.join("\n")
        },
    );

    let defence = match latest_as::<Defence>(case, "defence") {
        None => "未听取陈述申辩。".to_string(),
        Some(df) if df.declined => format!(
            "已于{}告知被反映人陈述申辩的权利，被反映人放弃陈述申辩或逾期未答复。",
            d(&df.asked_on)
        ),
        Some(df) => format!(
            "已于{}告知被反映人陈述申辩的权利。被反映人陈述：{}",
            d(&df.asked_on),
            df.statement.trim()
        ),
    };
    ctx.insert("defence".into(), defence);
}

/// Uppercase RMB amount: "5000" → "伍仟元整", "1234.56" → "壹仟贰佰叁拾肆元伍角陆分".
/// None when `amount` is not a non-negative number with at most two decimals.
pub fn rmb_upper(amount: &str) -> Option<String> {
    crate::domain::money::parse_amount("amount", amount)
        .ok()
        .map(crate::domain::money::Fen::upper)
}

/// The values of the placeholders of type `t` for this case. Only the
/// placeholders of `t` are present; values in `extra` (e.g. "answer_due",
/// "reward_amount", "original_due_date") override or add to those of the
/// case. For the notice to the accused nothing about complainants is put in,
/// and complainant identifiers are removed from the matter.
pub fn context(
    t: DocType,
    case: &CaseDetail,
    office: &OfficeInfo,
    extra: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut ctx = BTreeMap::new();
    common(t, case, office, extra, &mut ctx);
    match t {
        DocType::NoticeToAccused => {
            accused_values(case, &mut ctx);
            let due = extra.get("answer_due").map(|s| s.trim()).unwrap_or("");
            ctx.insert(
                "answer_due".into(),
                if due.is_empty() {
                    "____年__月__日".into()
                } else {
                    d(due)
                },
            );
        }
        DocType::Transcript => {
            accused_values(case, &mut ctx);
            let i = latest_interview(case).unwrap_or_default();
            ctx.insert("interview_time".into(), datetime_zh(&i.at));
            ctx.insert("interview_place".into(), i.place.trim().into());
            ctx.insert("interviewer".into(), i.interviewer.trim().into());
            ctx.insert("recorder".into(), i.recorder.trim().into());
            ctx.insert("interviewee".into(), i.interviewee.trim().into());
            ctx.insert("interviewee_role".into(), role_zh(i.role.trim()).into());
            ctx.insert("questions_and_answers".into(), qa_text(&i));
        }
        DocType::NotAccepted => {
            complainant_values(case, &mut ctx);
            let (ground, reason) = match latest_as::<NotAccept>(case, "not_accept") {
                Some(n) => (n.ground.label_zh().to_string(), n.reason.trim().to_string()),
                None => (String::new(), String::new()),
            };
            let reason = if reason.is_empty() || reason.ends_with(['。', '！', '.']) {
                reason
            } else {
                format!("{reason}。")
            };
            ctx.insert("not_accept_ground".into(), ground);
            ctx.insert("not_accept_reason".into(), reason);
        }
        DocType::Extension => {
            complainant_values(case, &mut ctx);
            let e: Option<Extension> = latest_as(case, "extension");
            ctx.insert(
                "extension_reason".into(),
                e.as_ref()
                    .map(|e| e.reason.trim().trim_end_matches('。').to_string())
                    .unwrap_or_default(),
            );
            ctx.insert(
                "new_due_date".into(),
                e.as_ref()
                    .map(|e| d(&e.new_due.to_string()))
                    .unwrap_or_default(),
            );
            ctx.insert(
                "extension_notice_date".into(),
                e.as_ref()
                    .map(|e| d(&e.notice_sent_on.to_string()))
                    .unwrap_or_default(),
            );
            ctx.insert("original_due_date".into(), String::new());
        }
        DocType::InvestigationReport => {
            complainant_values(case, &mut ctx);
            accused_values(case, &mut ctx);
            findings_values(case, &mut ctx, false);
            report_lists(case, &mut ctx);
        }
        DocType::ReplyLetter => {
            complainant_values(case, &mut ctx);
            accused_values(case, &mut ctx);
            findings_values(case, &mut ctx, true);
        }
        DocType::RewardNotice => {
            complainant_values(case, &mut ctx);
            let conclusion = latest_findings(case)
                .map(|f| conclusion_zh(f.conclusion).to_string())
                .unwrap_or_default();
            ctx.insert("conclusion".into(), conclusion);
            ctx.insert("reward_reason".into(), String::new());
            ctx.insert("claim_due".into(), "____年__月__日".into());
            ctx.insert("reward_amount".into(), "______".into());
            ctx.insert("reward_amount_upper".into(), "______".into());
            if let Some(upper) = extra.get("reward_amount").and_then(|a| rmb_upper(a)) {
                ctx.insert("reward_amount_upper".into(), upper);
            }
        }
    }
    // Values passed in by the caller, for this type's placeholders only.
    let allowed = placeholders(t);
    for (k, v) in extra {
        if k == "issue_date" || !allowed.iter().any(|(p, _)| p == k) {
            continue;
        }
        let v = v.trim();
        let v = match k.as_str() {
            "answer_due" | "claim_due" | "original_due_date" | "new_due_date" => d(v),
            _ => v.to_string(),
        };
        ctx.insert(k.clone(), v);
    }
    ctx.retain(|k, _| allowed.iter().any(|(p, _)| p == k));
    if t.for_accused() {
        ctx.retain(|k, _| !is_complainant_key(k));
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_only_the_notice_goes_to_the_accused() {
        for t in DocType::ALL {
            assert_eq!(DocType::from_code(t.code()), Some(t));
            assert_eq!(t.for_accused(), t == DocType::NoticeToAccused);
        }
        assert_eq!(DocType::from_code("nope"), None);
    }

    #[test]
    fn every_default_template_validates() {
        for t in DocType::ALL {
            validate_template(t, default_template(t))
                .unwrap_or_else(|e| panic!("{}: {e:?}", t.code()));
        }
    }

    #[test]
    fn the_notice_to_the_accused_has_no_complainant_placeholder() {
        let ps = placeholders(DocType::NoticeToAccused);
        assert!(ps.iter().all(|(k, _)| !k.starts_with("complainant")));
        assert!(!default_template(DocType::NoticeToAccused).contains("complainant"));
        let err =
            validate_template(DocType::NoticeToAccused, "{{complainant_name}}：").unwrap_err();
        let DeskError::Validation(f) = err else {
            panic!()
        };
        assert_eq!(f[0].code, "unknown_placeholder");
        assert!(f[0].message_zh.contains("complainant_name"));
    }

    #[test]
    fn malformed_templates_are_refused_with_a_code() {
        let code = |t: &str| match validate_template(DocType::ReplyLetter, t) {
            Err(DeskError::Validation(f)) => f[0].code,
            Ok(()) => "ok",
            Err(e) => panic!("{e}"),
        };
        assert_eq!(code("您好{{number}}"), "ok");
        assert_eq!(code("您好{{number}"), "bad_placeholder");
        assert_eq!(code("您好{{number"), "bad_placeholder");
        assert_eq!(code("您好number}}"), "bad_placeholder");
        assert_eq!(code("您好{number}"), "bad_placeholder");
        assert_eq!(code("您好{{}}"), "bad_placeholder");
        assert_eq!(code("您好{{num ber}}"), "bad_placeholder");
        assert_eq!(code("  \n "), "required");
        assert_eq!(code(&"字".repeat(20_001)), "too_long");
        assert_eq!(code("{{nope}}"), "unknown_placeholder");
    }

    #[test]
    fn fill_replaces_known_names() {
        let mut ctx = BTreeMap::new();
        ctx.insert("a".to_string(), "甲".to_string());
        assert_eq!(fill("{{a}}与{{ a }}和{{b}}", &ctx), "甲与甲和");
        assert_eq!(fill("{{a}", &ctx), "{{a}");
    }

    #[test]
    fn amounts_in_capitals() {
        assert_eq!(rmb_upper("5000").unwrap(), "伍仟元整");
        assert_eq!(rmb_upper("1234.56").unwrap(), "壹仟贰佰叁拾肆元伍角陆分");
        assert_eq!(rmb_upper("10005").unwrap(), "壹万零伍元整");
        assert_eq!(rmb_upper("100000").unwrap(), "壹拾万元整");
        assert_eq!(rmb_upper("2000.5").unwrap(), "贰仟元伍角整");
        assert_eq!(rmb_upper("3000.05").unwrap(), "叁仟元零伍分");
        assert_eq!(rmb_upper("0").unwrap(), "零元整");
        assert_eq!(rmb_upper("120000000").unwrap(), "壹亿贰仟万元整");
        assert_eq!(rmb_upper("abc"), None);
    }
}
