//! Every type the operations take and return, in one place: the operation
//! list names them as `types::X`, and so do the front ends (the Tauri shell,
//! the HTTP host) and the generated TypeScript.

pub use crate::api::accountability::{FlagDecision, Violation};
pub use crate::api::accounts::{NewUser, SignIn, Unlock, UserUpdate, UserView};
pub use crate::api::backup::{BackupEntry, BackupInfo, RestoreInput};
pub use crate::api::cases::{CaseId, CaseView, Draft, DraftKey};
pub use crate::api::documents::{
    BatchPdf, DocId, DocTypeInput, Extra, IssueInput, IssuedPdf, PreviewInput, TemplateInput,
};
pub use crate::api::encryption::{Leftover, LeftoverAction, Passphrase};
pub use crate::api::handling::{
    Allowed, AttachmentCheck, DueCount, DueItem, EvidenceInput, ExtensionInput, LinkInput,
    PauseInput, RecusalInput, ResumeInput, ReviewInput, Upload,
};
pub use crate::api::privacy::{
    AnonymisationDue, Confirm, MapName, PersonCase, PersonQuery, PersonalData, Reason, UnmappedName,
};
pub use crate::api::repeats::{IntakeMatches, IntakeProbe, MatchCount, MatchedCase};
pub use crate::api::report::PeriodQuery;
pub use crate::api::session::SessionState;
pub use crate::api::settings::{
    AppInfo, CalendarStatus, CalendarYear, NoticeText, Settings, SetupRequest,
};
pub use crate::api::sheets::{
    ColumnMapping, FilledValue, ImportColumn, ImportCommit, ImportField, ImportFile, ImportMode,
    ImportPreview, ImportReport, ImportRow, ImportedCase,
};
pub use crate::api::{Bytes, CaseOp, Changes};
pub use crate::domain::accountability::{Flag, HandlerStats};
pub use crate::domain::calendar::{CalendarFile, Holiday, YearArrangement};
pub use crate::domain::case::{
    Accused, CaseDetail, CaseInput, CaseKind, CaseLink, CaseSummary, Channel, HistoryEntry,
    ListQuery, LogoInfo, OfficeInfo, Page, Person, QueryCodeView, Severity, SortKey, Witness,
};
pub use crate::domain::deadlines::{DeadlineView, DueState};
pub use crate::domain::documents::{IssuedDoc, PreviewBlock, TemplateView};
pub use crate::domain::policy::{Category, DeadlineRule, Policy, PresetInfo};
pub use crate::domain::records::{
    CaseRecord, Comment, Conclusion, Consent, Decision, Defence, Evidence, Extension, Findings,
    FollowUp, Interview, InvestigationMode, LegacyClosing, NoFollowUp, NotAccept, NotAcceptGround,
    NoticeSent, PauseRecord, QuestionAnswer, Record, Recusal, Reply, RewardDecision, Satisfaction,
    SiteCheck,
};
pub use crate::domain::report::{Figure, Period, PeriodKind, PeriodReport, ReportCase};
pub use crate::domain::rewards::{
    Amounts, Payment, Proposal, ProposalInput, RewardPolicy, RewardRange, RewardState,
};
pub use crate::domain::roles::{AccessRules, Role};
pub use crate::domain::stats::{Dashboard, ParetoRow, Rate, StatsQuery};
pub use crate::domain::workflow::Status;
pub use crate::error::Lang;
pub use crate::store::history::{AuditHead, AuditReport};

/// Any JSON value (drafts are the form as the UI keeps it).
pub type JsonValue = serde_json::Value;
