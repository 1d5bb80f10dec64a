//! Reading an office's old ledger (台账) the way its clerks wrote it: a
//! matter taken from the first sentence of the facts, a category suggested
//! from the department or the words of the complaint, and the satisfaction
//! column's 是 / 否 / 基本满意. Pure: the importer decides what to do with
//! the answers and shows every filled value in its preview.

use crate::domain::case::CaseKind;
use crate::domain::policy::{Category, Policy};
use crate::domain::records::Satisfaction;

/// The longest matter taken from the facts (in characters).
pub const MATTER_FROM_FACTS: usize = 40;

/// The first sentence of the facts, as a matter: up to the first 。！？；
/// or line break, at most `MATTER_FROM_FACTS` characters ("…" when cut).
pub fn first_sentence(facts: &str) -> String {
    let text = facts.trim();
    let end = text
        .find(['。', '！', '？', '；', '!', '?', ';', '\n', '\r'])
        .unwrap_or(text.len());
    let sentence = text[..end].trim();
    if sentence.chars().count() <= MATTER_FROM_FACTS {
        sentence.to_string()
    } else {
        let cut: String = sentence.chars().take(MATTER_FROM_FACTS - 1).collect();
        format!("{cut}…")
    }
}

/// Words of complaints and the words of category names they point to. A
/// category whose name holds one of the names is suggested when the text
/// holds one of the words.
const TOPICS: &[(&[&str], &[&str])] = &[
    (&["护士", "护理", "输液", "打针", "换药", "扎针"], &["护理"]),
    (
        &[
            "收费", "多收", "乱收", "费用", "退费", "价格", "发票", "医保", "报销",
        ],
        &["收费", "费用", "价格"],
    ),
    (
        &[
            "态度", "冷漠", "推诿", "刁难", "辱骂", "训斥", "红包", "回扣", "医德",
        ],
        &["态度", "医德", "作风"],
    ),
    (
        &[
            "环境", "卫生", "设施", "停车", "厕所", "电梯", "噪音", "空调", "漏水",
        ],
        &["环境", "设施"],
    ),
    (
        &[
            "误诊",
            "手术",
            "治疗",
            "诊断",
            "用药",
            "开药",
            "检查",
            "病情",
            "并发症",
        ],
        &["医疗", "诊疗"],
    ),
    (
        &["工资", "加班费", "奖金", "克扣", "社保", "公积金"],
        &["工资", "奖金"],
    ),
    (
        &["停水", "停电", "燃气", "供暖", "水压", "电压"],
        &["供水", "供电", "燃气", "供暖", "水电气"],
    ),
];

/// A category for a ledger row without one: the category routed to the
/// row's department when exactly one is, else the one the text points to
/// most clearly (a tie suggests nothing). Only categories open to `kind`
/// (when known).
pub fn suggest_category<'a>(
    policy: &'a Policy,
    kind: Option<CaseKind>,
    department: &str,
    text: &str,
) -> Option<&'a Category> {
    let open: Vec<&Category> = policy
        .categories
        .iter()
        .filter(|c| kind.is_none_or(|k| c.kinds.contains(&k)))
        .collect();
    let department = department.trim();
    if !department.is_empty() {
        let routed: Vec<&&Category> = open
            .iter()
            .filter(|c| c.department.trim() == department)
            .collect();
        if let [one] = routed.as_slice() {
            return Some(one);
        }
    }
    let mut best: Option<(&Category, usize)> = None;
    let mut tie = false;
    for c in &open {
        let mut score = 0;
        // Parts of the category's own name ("克扣工资奖金、乱收费").
        for part in c
            .name_zh
            .split(['、', '，', ',', '/', '（', '）', '(', ')', '与', '和', '及'])
        {
            if part.chars().count() >= 2 && text.contains(part) {
                score += 2;
            }
        }
        for (words, names) in TOPICS {
            if names.iter().any(|n| c.name_zh.contains(n)) {
                score += words.iter().filter(|w| text.contains(*w)).count();
            }
        }
        if score == 0 {
            continue;
        }
        match best {
            Some((_, s)) if s > score => {}
            Some((_, s)) if s == score => tie = true,
            _ => {
                best = Some((c, score));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.map(|(c, _)| c)
    }
}

/// The satisfaction column as ledgers write it; `None` for a value this
/// does not know.
pub fn parse_satisfaction(text: &str) -> Option<Satisfaction> {
    let t: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match t.as_str() {
        "满意" | "是" | "非常满意" | "很满意" | "比较满意" | "较满意" | "yes" | "y"
        | "satisfied" | "√" => Some(Satisfaction::Satisfied),
        "基本满意" | "一般" | "部分满意" | "partly" | "partlysatisfied" | "partially" => {
            Some(Satisfaction::PartlySatisfied)
        }
        "不满意" | "否" | "很不满意" | "非常不满意" | "no" | "n" | "dissatisfied" | "×" => {
            Some(Satisfaction::Dissatisfied)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hospital() -> Policy {
        crate::domain::policy::preset("hospital").expect("hospital preset")
    }

    #[test]
    fn the_matter_is_the_first_sentence_of_the_facts() {
        assert_eq!(
            first_sentence("输液时护士扎针三次未成功。态度还很差。"),
            "输液时护士扎针三次未成功"
        );
        assert_eq!(first_sentence("  只有一句  "), "只有一句");
        let long = "很".repeat(100);
        let m = first_sentence(&long);
        assert_eq!(m.chars().count(), MATTER_FROM_FACTS);
        assert!(m.ends_with('…'));
    }

    #[test]
    fn a_category_is_suggested_from_the_words_of_the_complaint() {
        let p = hospital();
        let s = |text: &str| suggest_category(&p, None, "", text).map(|c| c.code.as_str());
        assert_eq!(s("输液时护士扎针三次未成功"), Some("nursing"));
        assert_eq!(s("挂号处多收了挂号费，要求退费"), Some("fees"));
        assert_eq!(s("医生态度冷漠，不耐心解释"), Some("conduct"));
        assert_eq!(s("门诊厕所卫生很差"), Some("environment"));
        assert_eq!(s("今天天气很好"), None);
    }

    #[test]
    fn a_department_that_one_category_routes_to_suggests_it() {
        let p = hospital();
        assert_eq!(
            suggest_category(&p, None, "护理部", "").map(|c| c.code.as_str()),
            Some("nursing")
        );
        // 院办公室 takes three categories: the text decides.
        assert_eq!(
            suggest_category(&p, None, "院办公室", "医生态度冷漠").map(|c| c.code.as_str()),
            Some("conduct")
        );
    }

    #[test]
    fn a_category_closed_to_the_kind_is_not_suggested() {
        let p = hospital();
        assert_eq!(
            suggest_category(&p, Some(CaseKind::Report), "", "护士输液扎针").map(|c| &c.code),
            None
        );
    }

    #[test]
    fn satisfaction_is_read_as_ledgers_write_it() {
        assert_eq!(parse_satisfaction("是"), Some(Satisfaction::Satisfied));
        assert_eq!(parse_satisfaction(" 满意 "), Some(Satisfaction::Satisfied));
        assert_eq!(
            parse_satisfaction("基本满意"),
            Some(Satisfaction::PartlySatisfied)
        );
        assert_eq!(parse_satisfaction("否"), Some(Satisfaction::Dissatisfied));
        assert_eq!(
            parse_satisfaction("不满意"),
            Some(Satisfaction::Dissatisfied)
        );
        assert_eq!(parse_satisfaction("待回访"), None);
    }
}
