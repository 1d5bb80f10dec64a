//! Shared helpers for the acceptance tests: a fresh register on a temp file
//! with a fixed clock, the office's people as signed-in seats, and sample
//! cases a clerk would type.

pub mod pdf;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use desk_core::api::types::*;
use desk_core::{Caller, CaseOp, Desk, FixedClock};

/// A register in a temp folder, set up for a preset, at a fixed "now",
/// with its administrator signed in at the seat `admin`.
pub struct Fixture {
    pub desk: Desk,
    pub clock: Arc<FixedClock>,
    pub dir: tempfile::TempDir,
    /// The administrator's seat (holds every role).
    pub admin: Caller,
    staff: HashMap<String, (Caller, i64, String)>,
}

pub const NOW: &str = "2026-11-24 10:00:00";
pub const PASSWORD: &str = "correct-horse-2026";

/// A seat named `name` (its key is the name; the address says it is a test).
pub fn seat(name: &str) -> Caller {
    // Each seat its own address, so one seat's failed sign-ins never slow
    // down another's.
    let n: u32 = name
        .chars()
        .map(u32::from)
        .fold(7, |h, c| h.wrapping_mul(31).wrapping_add(c));
    Caller {
        seat: format!("seat-{name}"),
        address: format!(
            "10.{}.{}.{}",
            n % 250,
            (n / 250) % 250,
            1 + (n / 62_500) % 250
        ),
        computer: format!("测试-{name}"),
        idempotency_key: None,
    }
}

impl Fixture {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("register.sqlite3")
    }

    /// A user with these roles, created on first use and signed in at their
    /// own seat. Staff in the old tests wore every hat; tests of roles
    /// create the exact people they need.
    pub fn user(&mut self, name: &str, roles: &[Role]) -> Caller {
        if let Some((c, _, _)) = self.staff.get(name) {
            return c.clone();
        }
        let username = format!("u{}", self.staff.len() + 1);
        let u = self
            .desk
            .create_user(
                &self.admin,
                NewUser {
                    username: username.clone(),
                    display_name: name.into(),
                    password: PASSWORD.into(),
                    roles: roles.to_vec(),
                },
            )
            .unwrap_or_else(|e| panic!("create {name}: {e}"));
        let c = seat(name);
        self.desk
            .sign_in(
                &c,
                SignIn {
                    username: username.clone(),
                    password: PASSWORD.into(),
                },
            )
            .unwrap_or_else(|e| panic!("{name} signs in: {e}"));
        self.staff.insert(name.into(), (c.clone(), u.id, username));
        c
    }

    /// A member of staff holding every handling role (clerk, inspector,
    /// reviewer, leader), signed in at their own seat.
    pub fn staff(&mut self, name: &str) -> Caller {
        self.user(
            name,
            &[Role::Clerk, Role::Inspector, Role::Reviewer, Role::Leader],
        )
    }

    /// The account id of a user made by `user` or `staff`.
    pub fn id_of(&self, name: &str) -> i64 {
        self.staff
            .get(name)
            .map(|(_, id, _)| *id)
            .unwrap_or_else(|| panic!("no user {name}"))
    }

    /// The seat of a user made by `user` or `staff`.
    pub fn seat_of(&self, name: &str) -> Caller {
        self.staff
            .get(name)
            .map(|(c, _, _)| c.clone())
            .unwrap_or_else(|| panic!("no user {name}"))
    }

    /// Closes the register: the open `Desk` is dropped (its connections
    /// closed) and an empty in-memory one stands in until `reopen`.
    pub fn close(&mut self) {
        let stand_in = Desk::open_in_memory(self.clock.clone()).expect("an in-memory register");
        drop(std::mem::replace(&mut self.desk, stand_in));
    }

    /// Opens the register file again as the program does after a restart,
    /// and signs the administrator and every user back in at their seats.
    pub fn reopen(&mut self) {
        self.close();
        self.desk = Desk::open(&self.path(), self.clock.clone()).expect("reopen the register");
        self.sign_everyone_in();
    }

    /// Like `reopen`, for an encrypted register.
    pub fn reopen_with_passphrase(&mut self, passphrase: &str) {
        self.close();
        self.desk = Desk::open_with_passphrase(&self.path(), self.clock.clone(), passphrase)
            .expect("reopen the encrypted register");
        self.sign_everyone_in();
    }

    /// Signs the administrator and every user in again at their seats.
    pub fn sign_everyone_in(&self) {
        self.desk
            .sign_in(
                &self.admin,
                SignIn {
                    username: "admin".into(),
                    password: PASSWORD.into(),
                },
            )
            .expect("the administrator signs in again");
        // In a fixed order, so the audit trail (and its hashes) is the same
        // on every run.
        let mut names: Vec<&String> = self.staff.keys().collect();
        names.sort();
        for name in names {
            self.sign_in_again(name);
        }
    }

    /// A case as the administrator sees it (masked: the administrator takes
    /// part in no case unless the test makes it so).
    pub fn case(&self, id: i64) -> CaseView {
        self.case_as(&self.admin, id)
    }

    /// A case as the user at `seat` sees it.
    pub fn case_as(&self, seat: &Caller, id: i64) -> CaseView {
        self.desk
            .get_case(seat, CaseId { case_id: id })
            .unwrap_or_else(|e| panic!("case {id}: {e}"))
    }

    /// Every deadline of a case, as of now.
    pub fn deadlines(&self, id: i64) -> Vec<DeadlineView> {
        self.case(id).deadlines
    }

    /// Registers a case as 李娜, the receiving clerk; returns its id.
    pub fn register(&mut self, input: &CaseInput) -> i64 {
        let clerk = self.staff("李娜");
        self.desk
            .register_case(&clerk, input.clone())
            .unwrap_or_else(|e| panic!("register: {e}"))
            .case
            .id
    }

    /// Signs the seat in again (after a lock or an idle time-out).
    pub fn sign_in_again(&self, name: &str) {
        let (c, _, username) = self.staff.get(name).expect("user").clone();
        self.desk
            .sign_in(
                &c,
                SignIn {
                    username,
                    password: PASSWORD.into(),
                },
            )
            .expect("signs in again");
    }
}

/// A register set up for `preset` with its administrator (管理员, every role).
pub fn fresh_register(preset: &str) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(FixedClock::parse(NOW));
    let desk = Desk::open(&dir.path().join("register.sqlite3"), clock.clone()).expect("open");
    let admin = seat("管理员");
    desk.setup_office(
        &admin,
        SetupRequest {
            office_name: "华东示范有限公司".into(),
            preset: preset.into(),
            lang: None,
            address: "上海市浦东新区示范路1号".into(),
            phone: "021-12345678".into(),
        },
    )
    .expect("setup");
    desk.create_first_admin(
        &admin,
        NewUser {
            username: "admin".into(),
            display_name: "管理员".into(),
            password: PASSWORD.into(),
            roles: Role::ALL.to_vec(),
        },
    )
    .expect("administrator");
    Fixture {
        desk,
        clock,
        dir,
        admin,
        staff: HashMap::new(),
    }
}

/// A named walk-in complaint about a wage deduction (enterprise preset).
pub fn named_complaint() -> CaseInput {
    CaseInput {
        kind: "complaint".into(),
        channel: "visit".into(),
        received_at: "2026-11-24T09:30".into(),
        anonymous: false,
        complainants: vec![Person {
            name: "王小明".into(),
            unit: "生产一厂".into(),
            position: "操作工".into(),
            phone: "13800138000".into(),
            address: "上海市浦东新区示范路8号".into(),
            ..Default::default()
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
        ..Default::default()
    }
}

/// An anonymous report dropped in the suggestion box.
pub fn anonymous_report() -> CaseInput {
    CaseInput {
        kind: "report".into(),
        channel: "suggestion_box".into(),
        received_at: "2026-11-23T16:00".into(),
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
        ..Default::default()
    }
}

/// The department head's review: one inspector, 吴督查, in 企业管理部.
pub fn review(inspector: i64) -> ReviewInput {
    ReviewInput {
        mode: InvestigationMode::Single,
        inspector_ids: vec![inspector],
        department: "企业管理部".into(),
        comment: "同意调查".into(),
    }
}

/// Accepts (周部长), reviews (周部长, assigning 吴督查) and starts the
/// investigation (吴督查) of a case.
pub fn investigating(fx: &mut Fixture, id: i64) {
    let head = fx.staff("周部长");
    let inspector = fx.staff("吴督查");
    let wu = fx.id_of("吴督查");
    fx.desk
        .accept_case(&head, CaseOp::new(id, Comment::default()))
        .expect("accept");
    fx.desk
        .review_case(&head, CaseOp::new(id, review(wu)))
        .expect("review");
    fx.desk
        .start_investigation(&inspector, CaseOp::new(id, Comment::default()))
        .expect("start the investigation");
}

/// Takes a case through the investigation (the accused declined to answer)
/// to findings with this conclusion and these proposals, written by 吴督查.
pub fn to_findings(fx: &mut Fixture, id: i64, conclusion: Conclusion, proposals: &[&str]) {
    investigating(fx, id);
    let inspector = fx.staff("吴督查");
    fx.desk
        .record_defence(
            &inspector,
            CaseOp::new(
                id,
                Defence {
                    asked_on: "2026-11-24".into(),
                    declined: true,
                    statement: String::new(),
                },
            ),
        )
        .expect("defence");
    fx.desk
        .write_findings(
            &inspector,
            CaseOp::new(
                id,
                Findings {
                    conclusion,
                    facts: "经核查，反映的问题属实。".into(),
                    responsibility: "被投诉人负直接责任".into(),
                    proposals: proposals.iter().map(|p| p.to_string()).collect(),
                    rectification_due: None,
                    org_notice: false,
                },
            ),
        )
        .expect("findings");
}

/// A fresh register with `preset` holding one case registered by 李娜 (the
/// receiving clerk).
pub fn with_case(preset: &str, input: &CaseInput) -> (Fixture, i64) {
    let mut fx = fresh_register(preset);
    let clerk = fx.staff("李娜");
    let id = fx
        .desk
        .register_case(&clerk, input.clone())
        .expect("register")
        .case
        .id;
    (fx, id)
}

/// A plain connection to the register file, to look at it as a tool would.
pub fn inspect(fx: &Fixture) -> rusqlite::Connection {
    rusqlite::Connection::open(fx.path()).expect("open the file")
}

/// One entry of the audit trail, read from the file.
#[derive(Debug, Clone)]
pub struct Logged {
    pub case_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub detail: serde_json::Value,
}

/// The whole audit trail (every case and the register itself), oldest
/// first, read from the file with a plain connection.
pub fn audit_trail(conn: &rusqlite::Connection) -> Vec<Logged> {
    conn.prepare("SELECT case_id, actor, action, detail FROM history ORDER BY id")
        .expect("read the history")
        .query_map([], |r| {
            let detail: String = r.get(3)?;
            Ok(Logged {
                case_id: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
        })
        .expect("query the history")
        .collect::<Result<_, _>>()
        .expect("history rows")
}

/// The audit chain as the register checks it (as the administrator).
pub fn audit_report(fx: &Fixture) -> AuditReport {
    fx.desk
        .verify_audit(&fx.admin, None)
        .expect("verify the audit chain")
}

/// Sets the clock to a local time "YYYY-MM-DD HH:MM" (or with seconds),
/// and every seat signs in again, as people do when they come back to work
/// (a session locks after ten idle minutes).
pub fn at(fx: &Fixture, s: &str) {
    let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .expect("a time literal");
    fx.clock.set(t);
    fx.sign_everyone_in();
}
