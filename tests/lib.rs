//! Shared helpers for the acceptance tests: a fresh register on a temp file
//! with a fixed clock, and sample cases a clerk would type.

pub mod pdf;

use std::path::PathBuf;
use std::sync::Arc;

use desk_core::model::{Accused, CaseInput, Person, Witness};
use desk_core::register::SetupRequest;
use desk_core::{FixedClock, Register};

/// A register in a temp folder, set up for `preset`, at a fixed "now".
pub struct Fixture {
    pub register: Register,
    pub clock: Arc<FixedClock>,
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("register.sqlite3")
    }
}

pub const NOW: &str = "2026-11-24 10:00:00";

pub fn fresh_register(preset: &str) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(FixedClock::parse(NOW));
    let mut register =
        Register::open(&dir.path().join("register.sqlite3"), clock.clone()).expect("open");
    register
        .setup(
            &SetupRequest {
                office_name: "华东示范有限公司".into(),
                preset: preset.into(),
                lang: None,
                address: "上海市浦东新区示范路1号".into(),
                phone: "021-12345678".into(),
            },
            "admin",
        )
        .expect("setup");
    Fixture {
        register,
        clock,
        dir,
    }
}

/// A named walk-in complaint about a wage deduction (enterprise preset).
pub fn named_complaint() -> CaseInput {
    CaseInput {
        kind: "complaint".into(),
        channel: "visit".into(),
        received_at: "2026-11-24T09:30".into(),
        receiving_clerk: "李娜".into(),
        anonymous: false,
        complainants: vec![Person {
            name: "王小明".into(),
            unit: "生产一厂".into(),
            position: "操作工".into(),
            phone: "13800138000".into(),
            address: "上海市浦东新区示范路8号".into(),
        }],
        accused: vec![Accused {
            name: "赵主任".into(),
            unit: "生产一厂办公室".into(),
        }],
        category: "wage_fee".into(),
        severity: "ordinary".into(),
        occurred_when: "2026年10月".into(),
        occurred_where: "生产一厂".into(),
        matter: "十月份绩效奖金被无故克扣".into(),
        facts: "本人十月份出满勤，但发放工资时绩效奖金被扣除八百元，车间未作任何说明。".into(),
        request: "查明原因并补发被扣奖金。".into(),
        evidence: vec!["十月份工资条复印件".into()],
        witnesses: vec![Witness {
            name: "孙同事".into(),
            contact: "13900139000".into(),
        }],
    }
}

/// An anonymous report dropped in the suggestion box.
pub fn anonymous_report() -> CaseInput {
    CaseInput {
        kind: "report".into(),
        channel: "suggestion_box".into(),
        received_at: "2026-11-23T16:00".into(),
        receiving_clerk: "李娜".into(),
        anonymous: true,
        complainants: vec![],
        accused: vec![Accused {
            name: "钱某".into(),
            unit: "采购部".into(),
        }],
        category: "bribery".into(),
        severity: "important".into(),
        occurred_when: "2026年9月至11月".into(),
        occurred_where: "采购部".into(),
        matter: "采购人员收受供应商回扣".into(),
        facts: "采购部钱某多次在招标前与供应商私下接触，收受购物卡。".into(),
        request: "请公司调查处理。".into(),
        evidence: vec![],
        witnesses: vec![],
    }
}

/// The department head's review: one inspector, 吴督查, in 企业管理部.
pub fn review() -> desk_core::handling::Action {
    desk_core::handling::Action::Review {
        reviewer: "周部长".into(),
        mode: desk_core::handling::InvestigationMode::Single,
        inspectors: vec!["吴督查".into()],
        department: "企业管理部".into(),
        comment: "同意调查".into(),
    }
}

/// Accepts, reviews and starts the investigation of a case.
pub fn investigating(r: &mut Register, id: i64) {
    use desk_core::handling::Action;
    let accept = Action::Accept {
        comment: String::new(),
    };
    r.act(id, &accept, "李娜").expect("accept");
    r.act(id, &review(), "周部长").expect("review");
    let start = Action::StartInvestigation {
        comment: String::new(),
    };
    r.act(id, &start, "吴督查")
        .expect("start the investigation");
}

/// Takes a case through the investigation (the accused declined to answer)
/// to findings with this conclusion and these proposals.
pub fn to_findings(
    r: &mut Register,
    id: i64,
    conclusion: desk_core::handling::Conclusion,
    proposals: &[&str],
) {
    investigating(r, id);
    let defence = desk_core::handling::Defence {
        asked_on: "2026-11-24".into(),
        declined: true,
        statement: String::new(),
    };
    r.record_defence(id, &defence, "吴督查").expect("defence");
    let findings = desk_core::handling::Action::WriteFindings {
        conclusion,
        facts: "经核查，反映的问题属实。".into(),
        responsibility: "被投诉人负直接责任".into(),
        proposals: proposals.iter().map(|p| p.to_string()).collect(),
        rectification_due: None,
        org_notice: false,
    };
    r.act(id, &findings, "吴督查").expect("findings");
}

/// A fresh register with `preset` holding one case registered by 李娜.
pub fn with_case(preset: &str, input: &CaseInput) -> (Fixture, i64) {
    let mut fx = fresh_register(preset);
    let id = fx.register.create_case(input, "李娜").expect("register").id;
    (fx, id)
}
