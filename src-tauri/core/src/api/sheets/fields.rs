//! The fields a column of an old register can hold: their names, the
//! headers that name them (Chinese and English), and reading coded values
//! (kind, channel, severity, category, old status) as offices write them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::case::{CaseKind, Channel, Severity};
use crate::domain::policy::{Category, Policy};

// ---- import: the fields a column can hold ------------------------------

/// What a column of the office's old register can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    LegacyNumber,
    Kind,
    Channel,
    ReceivedAt,
    ReceivingClerk,
    Name,
    Phone,
    Accused,
    Category,
    Severity,
    Matter,
    Facts,
    Request,
    Status,
    OccurredWhen,
    OccurredWhere,
    /// The department the ledger names (投诉科室): the case's handling department.
    Department,
    /// The ledger's result (处理结果), kept on the closing record.
    Result,
    /// When the ledger says the case was closed (办结日期).
    ClosedAt,
    /// The complainant's satisfaction (是否满意).
    Satisfaction,
}

impl ImportField {
    pub const ALL: [ImportField; 20] = [
        ImportField::LegacyNumber,
        ImportField::Kind,
        ImportField::Channel,
        ImportField::ReceivedAt,
        ImportField::ReceivingClerk,
        ImportField::Name,
        ImportField::Phone,
        ImportField::Accused,
        ImportField::Category,
        ImportField::Severity,
        ImportField::Matter,
        ImportField::Facts,
        ImportField::Request,
        ImportField::Status,
        ImportField::OccurredWhen,
        ImportField::OccurredWhere,
        ImportField::Department,
        ImportField::Result,
        ImportField::ClosedAt,
        ImportField::Satisfaction,
    ];

    /// Fields a whole file may take one value for when it has no column
    /// (or a row leaves the cell empty).
    pub const FILLABLE: [ImportField; 6] = [
        ImportField::Kind,
        ImportField::Channel,
        ImportField::Category,
        ImportField::Severity,
        ImportField::ReceivingClerk,
        ImportField::Department,
    ];

    pub fn label_zh(self) -> &'static str {
        use ImportField::*;
        match self {
            LegacyNumber => "原编号",
            Kind => "类别（投诉/举报）",
            Channel => "受理方式",
            ReceivedAt => "收到时间",
            ReceivingClerk => "受理人",
            Name => "投诉（举报）人",
            Phone => "联系电话",
            Accused => "被投诉（举报）人",
            Category => "问题类别",
            Severity => "紧急程度",
            Matter => "事由",
            Facts => "事情经过",
            Request => "诉求",
            Status => "原状态",
            OccurredWhen => "发生时间",
            OccurredWhere => "发生地点",
            Department => "承办部门（科室）",
            Result => "处理结果",
            ClosedAt => "办结日期",
            Satisfaction => "是否满意",
        }
    }

    pub fn label_en(self) -> &'static str {
        use ImportField::*;
        match self {
            LegacyNumber => "Old number",
            Kind => "Kind (complaint/report)",
            Channel => "Channel",
            ReceivedAt => "Received",
            ReceivingClerk => "Receiving clerk",
            Name => "Complainant",
            Phone => "Phone",
            Accused => "Person complained about",
            Category => "Category",
            Severity => "Severity",
            Matter => "Matter",
            Facts => "Facts",
            Request => "Request",
            Status => "Old status",
            OccurredWhen => "When it happened",
            OccurredWhere => "Where it happened",
            Department => "Handling department",
            Result => "Result",
            ClosedAt => "Closed on",
            Satisfaction => "Satisfied?",
        }
    }

    /// Headers that name this field, normalised (lower case, no spaces, no
    /// bracketed parts). Matched exactly first, then by containment.
    fn aliases(self) -> &'static [&'static str] {
        use ImportField::*;
        match self {
            LegacyNumber => &[
                "编号",
                "原编号",
                "案件编号",
                "登记编号",
                "登记号",
                "案号",
                "number",
                "no",
                "no.",
                "caseno",
                "caseno.",
                "casenumber",
                "oldnumber",
                "legacynumber",
                "reference",
                "ref",
            ],
            Kind => &["类别", "类型", "种类", "投诉/举报", "件别", "kind", "type"],
            Channel => &[
                "受理方式",
                "渠道",
                "来源",
                "反映方式",
                "受理渠道",
                "来源渠道",
                "方式",
                "channel",
                "source",
            ],
            ReceivedAt => &[
                "收到时间",
                "收到日期",
                "日期",
                "时间",
                "受理时间",
                "受理日期",
                "登记时间",
                "登记日期",
                "来访日期",
                "received",
                "receivedat",
                "date",
                "receiveddate",
                "receivedon",
            ],
            ReceivingClerk => &[
                "受理人",
                "登记人",
                "经办人",
                "接待人",
                "clerk",
                "receivedby",
            ],
            Name => &[
                "投诉人",
                "举报人",
                "姓名",
                "投诉举报人",
                "投诉人姓名",
                "举报人姓名",
                "反映人",
                "来访人",
                "name",
                "complainant",
                "complainantname",
            ],
            Phone => &[
                "电话",
                "联系电话",
                "手机",
                "手机号",
                "手机号码",
                "联系方式",
                "phone",
                "telephone",
                "mobile",
                "tel",
            ],
            Accused => &[
                "被投诉人",
                "被举报人",
                "被投诉举报人",
                "被反映人",
                "被投诉单位",
                "accused",
                "respondent",
                "personcomplainedabout",
            ],
            Category => &[
                "问题类别",
                "问题类型",
                "问题分类",
                "投诉类别",
                "举报类别",
                "category",
                "issuecategory",
            ],
            Severity => &[
                "紧急程度",
                "严重程度",
                "等级",
                "级别",
                "重要程度",
                "severity",
                "priority",
                "urgency",
            ],
            Matter => &[
                "事由",
                "标题",
                "主题",
                "事项",
                "反映事项",
                "主要问题",
                "matter",
                "subject",
                "summary",
                "title",
            ],
            Facts => &[
                "事实",
                "事情经过",
                "经过",
                "具体内容",
                "内容",
                "详情",
                "反映内容",
                "主要内容",
                "facts",
                "details",
                "description",
                "content",
            ],
            Request => &[
                "诉求",
                "请求",
                "要求",
                "投诉诉求",
                "request",
                "demand",
                "demands",
            ],
            Status => &[
                "状态",
                "处理状态",
                "办理状态",
                "办理情况",
                "处理情况",
                "status",
                "state",
            ],
            OccurredWhen => &["发生时间", "发生日期", "occurredwhen", "when"],
            OccurredWhere => &["发生地点", "地点", "occurredwhere", "where", "place"],
            Department => &[
                "投诉科室",
                "科室",
                "部门",
                "涉及科室",
                "涉及部门",
                "责任科室",
                "责任部门",
                "承办部门",
                "承办科室",
                "处理科室",
                "处理部门",
                "department",
                "dept",
            ],
            Result => &[
                "处理结果",
                "办理结果",
                "处理意见",
                "处理结论",
                "答复内容",
                "result",
                "outcome",
                "resolution",
            ],
            ClosedAt => &[
                "办结日期",
                "办结时间",
                "结案日期",
                "结案时间",
                "完成日期",
                "答复日期",
                "closed",
                "closedon",
                "closedat",
                "dateclosed",
            ],
            Satisfaction => &[
                "是否满意",
                "满意度",
                "满意情况",
                "满意程度",
                "回访结果",
                "回访情况",
                "satisfaction",
                "satisfied",
            ],
        }
    }

    /// Fields without which a row cannot be imported.
    pub(crate) fn required(self) -> bool {
        matches!(
            self,
            ImportField::ReceivedAt | ImportField::Category | ImportField::Matter
        )
    }
}

/// Lower case, no spaces, no bracketed parts, no "*" or trailing colon.
fn normalize_header(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '*' | ':' | '：' | '_' | '-') => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The field a header names, if any.
pub fn field_for_header(header: &str) -> Option<ImportField> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    if let Some(f) = ImportField::ALL
        .into_iter()
        .find(|f| f.aliases().contains(&h.as_str()))
    {
        return Some(f);
    }
    // Containment, longest alias first, so "投诉人联系电话" is a phone; a
    // name right after "被" is the accused ("被投诉人姓名"), not the complainant.
    let mut best: Option<(usize, ImportField)> = None;
    for f in ImportField::ALL {
        for a in f.aliases() {
            let long_enough = a.chars().count() >= 2 && (!a.is_ascii() || a.len() >= 4);
            let Some(at) = h.find(a).filter(|_| long_enough) else {
                continue;
            };
            if h[..at].ends_with('被') {
                continue;
            }
            if best.is_none_or(|(n, _)| a.len() > n) {
                best = Some((a.len(), f));
            }
        }
    }
    best.map(|(_, f)| f)
}

/// Whether the old register's status says the case was finished (it is then
/// imported as archived, off the due board and the accountability scan).
pub fn status_is_closed(status: &str) -> bool {
    let n = norm_value(status);
    [
        "已办结",
        "办结",
        "已结案",
        "结案",
        "已归档",
        "归档",
        "已完成",
        "完成",
        "处理完毕",
        "办理完毕",
        "已结",
        "closed",
        "done",
        "archived",
        "resolved",
        "finished",
    ]
    .contains(&n.as_str())
}

pub(crate) fn norm_value(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn find_kind(v: &str) -> Option<CaseKind> {
    match norm_value(v).as_str() {
        "投诉" | "complaint" | "ts" => Some(CaseKind::Complaint),
        "举报" | "report" | "whistleblowing" | "jb" => Some(CaseKind::Report),
        _ => None,
    }
}

pub(crate) fn find_channel(v: &str) -> Option<Channel> {
    let n = norm_value(v);
    Channel::ALL
        .into_iter()
        .find(|c| n == norm_value(c.code()) || n == c.label_zh())
        .or(match n.as_str() {
            "走访" | "当面" | "现场" | "walkin" => Some(Channel::Visit),
            "电话" | "热线" | "telephone" | "call" | "hotline" => Some(Channel::Phone),
            "信件" | "信函" | "书信" | "mail" | "post" => Some(Channel::Letter),
            "邮件" | "邮箱" | "email" => Some(Channel::Email),
            "网络" | "网站" | "网上平台" | "web" | "website" | "internet" => {
                Some(Channel::Online)
            }
            "信箱" | "举报箱" | "投诉箱" | "box" => Some(Channel::SuggestionBox),
            _ => None,
        })
}

pub(crate) fn find_severity(v: &str) -> Option<Severity> {
    let n = norm_value(v);
    Severity::ALL
        .into_iter()
        .find(|s| n == s.code() || n == s.label_zh())
        .or(match n.as_str() {
            "普通" | "normal" | "low" => Some(Severity::Ordinary),
            "较重要" | "high" => Some(Severity::Important),
            "加急" | "特急" => Some(Severity::Urgent),
            "特别重大" | "critical" => Some(Severity::Major),
            _ => None,
        })
}

pub(crate) fn find_category<'a>(policy: &'a Policy, v: &str) -> Option<&'a Category> {
    category_position(policy, v).map(|i| &policy.categories[i])
}

/// Where in the policy's categories the one a cell names is (by code,
/// Chinese or English name).
pub(crate) fn category_position(policy: &Policy, v: &str) -> Option<usize> {
    let n = norm_value(v);
    policy.categories.iter().position(|c| {
        n == norm_value(&c.code) || n == norm_value(&c.name_zh) || n == norm_value(&c.name_en)
    })
}

pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', ';', '；', '/', '\n'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Which import field a field path of `validate_case` belongs to.
pub(crate) fn field_of_path(path: &str) -> Option<ImportField> {
    use ImportField::*;
    let head = path.split(['[', '.']).next().unwrap_or("");
    Some(match head {
        "kind" => Kind,
        "channel" => Channel,
        "received_at" => ReceivedAt,
        "receiving_clerk" => ReceivingClerk,
        "complainants" if path.ends_with("phone") => Phone,
        "complainants" => Name,
        "accused" => Accused,
        "category" => Category,
        "severity" => Severity,
        "matter" => Matter,
        "facts" => Facts,
        "request" => Request,
        "occurred_when" => OccurredWhen,
        "occurred_where" => OccurredWhere,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers_name_their_fields() {
        use ImportField::*;
        for (h, f) in [
            ("编号", LegacyNumber),
            ("原编号", LegacyNumber),
            ("Case No.", LegacyNumber),
            ("类别", Kind),
            ("受理方式", Channel),
            ("渠道", Channel),
            ("收到时间", ReceivedAt),
            ("日期", ReceivedAt),
            ("Received", ReceivedAt),
            ("投诉（举报）人", Name),
            ("举报人姓名", Name),
            ("Name", Name),
            ("联系电话", Phone),
            ("被投诉（举报）人", Accused),
            ("被投诉人姓名", Accused),
            ("投诉人联系电话", Phone),
            ("问题类别", Category),
            ("Category", Category),
            ("紧急程度", Severity),
            ("事由", Matter),
            ("事实", Facts),
            ("诉求", Request),
            ("状态", Status),
        ] {
            assert_eq!(field_for_header(h), Some(f), "{h}");
        }
        assert_eq!(field_for_header("备注"), None);
        assert_eq!(field_for_header(""), None);
    }
}
