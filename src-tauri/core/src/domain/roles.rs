//! Who may do what: roles, the permissions every operation declares, and the
//! part a user takes in a case. Pure rules: the API checks a session against
//! them, the tests walk every operation through them.
//!
//! One person may hold several roles. Taking part in a case (receiving
//! clerk, whoever registered it, its reviewer, its inspectors, the leader
//! who decided it) is recorded by user id, so renaming an account changes
//! nothing about access, and an account with the same name gains nothing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::DeskError;

/// What a person does in the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Inspector,
    Reviewer,
    Leader,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Clerk,
        Role::Inspector,
        Role::Reviewer,
        Role::Leader,
        Role::Admin,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Inspector => "inspector",
            Role::Reviewer => "reviewer",
            Role::Leader => "leader",
            Role::Admin => "admin",
        }
    }
    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Clerk => "登记员",
            Role::Inspector => "督查员",
            Role::Reviewer => "部门负责人",
            Role::Leader => "分管领导",
            Role::Admin => "系统管理员",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Inspector => "inspector",
            Role::Reviewer => "reviewer (department head)",
            Role::Leader => "leader",
            Role::Admin => "administrator",
        }
    }
}

/// Roles as stored: "clerk,leader" (sorted, no duplicates).
pub fn roles_text(roles: &[Role]) -> String {
    let mut r: Vec<Role> = roles.to_vec();
    r.sort();
    r.dedup();
    r.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

pub fn parse_roles(s: &str) -> Vec<Role> {
    s.split(',').filter_map(Role::from_code).collect()
}

/// What an operation needs. Each maps to the roles allowed to do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Perm {
    /// Register a case, import a ledger.
    RegisterCase,
    /// Accept, not accept, review and assign, escalate, reopen.
    Decide,
    /// Investigation: interviews, evidence, site checks, defence, findings,
    /// stopping the clock.
    Investigate,
    /// Link a case to an earlier one (repeat) or a related one.
    Link,
    /// Approve or send back findings.
    Approve,
    /// Extend a deadline.
    Extend,
    /// Reply, follow up, send the not-accepted notice, archive.
    Close,
    /// Declare a conflict of interest (one's own, or a handler's as a decider).
    DeclareRecusal,
    /// Issue and reprint documents.
    IssueDocuments,
    /// Propose a reward, record a publication consent.
    ProposeReward,
    /// Approve or refuse a reward; confirm or dismiss accountability flags;
    /// record violations (penalties).
    DecidePenaltiesAndRewards,
    /// Record that an approved reward was paid.
    PayReward,
    /// See a complainant's identity on a case one does not take part in,
    /// with a logged reason. The office chooses the roles (default: leader).
    RevealIdentity,
    /// Users, settings, policy, templates, calendar, backups, personal-data
    /// requests, anonymisation.
    Administer,
}

/// Roles the office gives the permissions it may configure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AccessRules {
    /// Who may reveal a complainant's identity on a case they do not take
    /// part in (default: leaders). A recused handler never may.
    pub reveal_roles: Vec<Role>,
}

impl Default for AccessRules {
    fn default() -> Self {
        AccessRules {
            reveal_roles: vec![Role::Leader],
        }
    }
}

impl Perm {
    pub const ALL: [Perm; 14] = [
        Perm::RegisterCase,
        Perm::Decide,
        Perm::Investigate,
        Perm::Link,
        Perm::Approve,
        Perm::Extend,
        Perm::Close,
        Perm::DeclareRecusal,
        Perm::IssueDocuments,
        Perm::ProposeReward,
        Perm::DecidePenaltiesAndRewards,
        Perm::PayReward,
        Perm::RevealIdentity,
        Perm::Administer,
    ];

    /// The roles that hold this permission under the office's rules.
    pub fn roles(self, rules: &AccessRules) -> Vec<Role> {
        use Role::*;
        match self {
            Perm::RegisterCase => vec![Clerk],
            Perm::Decide => vec![Reviewer, Leader],
            Perm::Investigate => vec![Inspector, Reviewer],
            Perm::Link => vec![Clerk, Inspector, Reviewer],
            Perm::Approve => vec![Leader],
            Perm::Extend => vec![Reviewer, Leader],
            Perm::Close => vec![Clerk, Inspector, Reviewer],
            Perm::DeclareRecusal => vec![Clerk, Inspector, Reviewer, Leader],
            Perm::IssueDocuments => vec![Clerk, Inspector, Reviewer, Leader],
            Perm::ProposeReward => vec![Inspector, Reviewer],
            Perm::DecidePenaltiesAndRewards => vec![Leader],
            Perm::PayReward => vec![Clerk, Leader],
            Perm::RevealIdentity => rules.reveal_roles.clone(),
            Perm::Administer => vec![Admin],
        }
    }

    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Perm::RegisterCase => ("登记案件", "register a case"),
            Perm::Decide => (
                "受理、审核分派、上报或重新办理",
                "accept, review and assign, escalate or reopen",
            ),
            Perm::Investigate => ("调查取证和调查结论", "investigate and write findings"),
            Perm::Link => ("关联案件", "link cases"),
            Perm::Approve => ("审批调查结论", "approve findings"),
            Perm::Extend => ("延长办理期限", "extend a deadline"),
            Perm::Close => ("答复、回访和归档", "reply, follow up and archive"),
            Perm::DeclareRecusal => ("申请回避", "declare a conflict of interest"),
            Perm::IssueDocuments => ("出具文书", "issue documents"),
            Perm::ProposeReward => ("提出奖励建议", "propose a reward"),
            Perm::DecidePenaltiesAndRewards => ("审批奖励和处罚", "approve rewards and penalties"),
            Perm::PayReward => ("登记奖励发放", "record a reward payment"),
            Perm::RevealIdentity => (
                "查看非本人经办案件的投诉（举报）人身份",
                "see the complainant's identity on a case one does not handle",
            ),
            Perm::Administer => ("系统管理", "administer the register"),
        }
    }
}

/// How an operation's caller must stand to the case it acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseScope {
    /// Anyone with the permission who has not recused.
    Any,
    /// Only those who take part in the case (and have not recused).
    Participant,
}

/// What an operation requires of its caller. Declared once per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "perm", rename_all = "snake_case")]
pub enum Access {
    /// No session needed (start-up information, signing in).
    Public,
    /// Only while the register has no user yet (first run).
    FirstRun,
    /// Any signed-in user whose session is not locked.
    SignedIn,
    /// A signed-in user holding the permission.
    Perm(Perm),
    /// A signed-in user holding the permission, standing to the case as the
    /// scope says.
    Case(Perm, CaseScope),
}

impl Access {
    pub fn perm(self) -> Option<Perm> {
        match self {
            Access::Perm(p) | Access::Case(p, _) => Some(p),
            _ => None,
        }
    }
    pub fn scope(self) -> Option<CaseScope> {
        match self {
            Access::Case(_, s) => Some(s),
            _ => None,
        }
    }
}

/// The part a user takes in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The receiving clerk (接待人).
    Clerk,
    /// Whoever registered it.
    Registered,
    Reviewer,
    Inspector,
    /// The leader who approved or sent back its findings.
    Leader,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Clerk,
        Part::Registered,
        Part::Reviewer,
        Part::Inspector,
        Part::Leader,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Part::Clerk => "clerk",
            Part::Registered => "registered",
            Part::Reviewer => "reviewer",
            Part::Inspector => "inspector",
            Part::Leader => "leader",
        }
    }
    pub fn from_code(s: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// The signed-in user an operation runs for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: i64,
    pub name: String,
    pub roles: Vec<Role>,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn holds(&self, perm: Perm, rules: &AccessRules) -> bool {
        perm.roles(rules).iter().any(|r| self.has(*r))
    }
}

/// How the viewer stands to one case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// Takes part in the case.
    pub participant: bool,
    /// Declared (or was declared) a conflict of interest on it.
    pub recused: bool,
}

impl Standing {
    /// Whether the viewer sees the complainant's identity on this case.
    pub fn sees_identity(self) -> bool {
        self.participant && !self.recused
    }
}

/// Refuses a user who lacks `perm`, naming who may.
pub fn require(viewer: &Viewer, perm: Perm, rules: &AccessRules) -> Result<(), DeskError> {
    if viewer.holds(perm, rules) {
        return Ok(());
    }
    let (what_zh, what_en) = perm.label();
    let roles = perm.roles(rules);
    let zh_roles: Vec<&str> = roles.iter().map(|r| r.label_zh()).collect();
    let en_roles: Vec<&str> = roles.iter().map(|r| r.label_en()).collect();
    let (who_zh, who_en) = if roles.is_empty() {
        ("本单位没有任何角色".to_string(), "nobody".to_string())
    } else {
        (zh_roles.join("、"), format!("a {}", en_roles.join(" or ")))
    };
    Err(DeskError::refused(
        "forbidden",
        format!(
            "{}没有“{what_zh}”的权限：只有{who_zh}可以这样做。如需办理，请联系系统管理员分配角色。",
            viewer.name
        ),
        format!(
            "{} may not {what_en}: only {who_en} may. Ask the administrator for the role if you need it.",
            viewer.name
        ),
    ))
}

/// Refuses a user whose standing to the case the scope does not allow.
pub fn require_standing(
    viewer: &Viewer,
    scope: CaseScope,
    standing: Standing,
    number: &str,
) -> Result<(), DeskError> {
    if standing.recused {
        return Err(recused(&viewer.name));
    }
    if scope == CaseScope::Participant && !standing.participant {
        return Err(DeskError::refused(
            "not_participant",
            format!(
                "{}不是案件{number}的经办人（登记人、审核人、调查人员或审批领导），不能办理此项。请由本案经办人办理，或请部门负责人把您列为调查人员。",
                viewer.name
            ),
            format!(
                "{} does not handle case {number} (its clerk, reviewer, inspectors or approving leader) and may not do this. Ask one of its handlers, or ask the reviewer to assign you.",
                viewer.name
            ),
        ));
    }
    Ok(())
}

pub fn recused(name: &str) -> DeskError {
    DeskError::refused(
        "recused",
        format!("{name}已就本案申请回避，不能再办理本案或查看其材料。"),
        format!("{name} declared a conflict of interest on this case and is excluded from it."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: &[Role]) -> Viewer {
        Viewer {
            user_id: 7,
            name: "周敏".into(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn a_refusal_names_the_roles_that_may() {
        let e = require(
            &user(&[Role::Clerk]),
            Perm::Approve,
            &AccessRules::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "forbidden");
        assert!(e.message(crate::Lang::Zh).contains("分管领导"));
    }

    #[test]
    fn the_office_chooses_who_may_reveal_an_identity() {
        let rules = AccessRules {
            reveal_roles: vec![Role::Reviewer],
        };
        assert!(user(&[Role::Reviewer]).holds(Perm::RevealIdentity, &rules));
        assert!(!user(&[Role::Leader]).holds(Perm::RevealIdentity, &rules));
        assert!(user(&[Role::Leader]).holds(Perm::RevealIdentity, &AccessRules::default()));
    }

    #[test]
    fn a_recused_handler_is_refused_whatever_the_scope() {
        let s = Standing {
            participant: true,
            recused: true,
        };
        for scope in [CaseScope::Any, CaseScope::Participant] {
            let e = require_standing(&user(&[Role::Inspector]), scope, s, "TS-2026-000001")
                .unwrap_err();
            assert_eq!(e.code(), "recused");
        }
        assert!(!s.sees_identity());
    }

    #[test]
    fn only_participants_pass_a_participant_scope() {
        let outsider = Standing::default();
        let e = require_standing(
            &user(&[Role::Inspector]),
            CaseScope::Participant,
            outsider,
            "TS-2026-000001",
        )
        .unwrap_err();
        assert_eq!(e.code(), "not_participant");
        assert!(require_standing(&user(&[]), CaseScope::Any, outsider, "x").is_ok());
    }
}
