//! The repeat check at intake (domain::repeats): what the form typed so far
//! matches among the cases of the last 180 days, as the viewer may see it —
//! counts by reason, and the cases themselves with the complainant masked
//! wherever the viewer does not see the identity.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::cases::{category_label, mask_rows};
use crate::api::Ctx;
use crate::domain::case::CaseSummary;
use crate::domain::repeats::{self, Reason};
use crate::error::{DeskError, Result};
use crate::store::{self, case_list, settings};

/// What the intake form holds so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct IntakeProbe {
    /// The complainants' phones, as typed.
    pub phones: Vec<String>,
    /// The complainants' names.
    pub names: Vec<String>,
    /// The accused's names (matched together with the category).
    pub accused: Vec<String>,
    /// The category code chosen ("" for none yet).
    pub category: String,
}

/// How many earlier cases match for one reason, and how many are open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct MatchCount {
    /// "phone", "name" or "accused".
    pub reason: String,
    pub cases: u32,
    pub open: u32,
}

/// One earlier case the form matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MatchedCase {
    #[serde(flatten)]
    pub case: CaseSummary,
    /// Why: "phone", "name", "accused".
    pub reasons: Vec<String>,
    /// The complainant is masked for this viewer.
    pub identity_masked: bool,
}

/// The earlier cases of the last `window_days` days the form matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct IntakeMatches {
    pub window_days: u32,
    /// How many earlier cases match in all (each once).
    pub total: u32,
    /// Only the reasons with a match.
    pub counts: Vec<MatchCount>,
    /// The newest matches first, at most 20 (the counts cover all).
    pub cases: Vec<MatchedCase>,
}

pub(crate) fn matches(ctx: &Ctx, probe: IntakeProbe) -> Result<IntakeMatches> {
    let phones = repeats::phones(&probe.phones).map_err(DeskError::Validation)?;
    let names = repeats::names("names", &probe.names).map_err(DeskError::Validation)?;
    let accused = repeats::names("accused", &probe.accused).map_err(DeskError::Validation)?;
    let category: String = probe.category.trim().chars().take(64).collect();
    let viewer = ctx.viewer()?.clone();
    ctx.read(|r| {
        let since = store::fmt_time(r.now - chrono::Duration::days(repeats::WINDOW_DAYS));
        let found = store::repeats::matching(
            r.conn,
            &store::repeats::Probe {
                phones: &phones,
                names: &names,
                accused: &accused,
                category: &category,
                since: &since,
                viewer: viewer.user_id,
            },
        )?;
        let mut counts = Vec::new();
        for reason in [Reason::Phone, Reason::Name, Reason::Accused] {
            let (cases, open) = found
                .values()
                .filter(|(why, _)| why.contains(&reason))
                .fold((0u32, 0u32), |(n, o), (_, open)| {
                    (n + 1, o + u32::from(*open))
                });
            if cases > 0 {
                counts.push(MatchCount {
                    reason: reason.code().to_string(),
                    cases,
                    open,
                });
            }
        }
        // The newest first: ids grow with registration, the list sorts by
        // the received time among the newest matches.
        let listed: Vec<String> = found
            .keys()
            .rev()
            .take(repeats::MAX_LISTED * 5)
            .map(i64::to_string)
            .collect();
        let mut rows: Vec<CaseSummary> = if listed.is_empty() {
            Vec::new()
        } else {
            case_list::rows_where(
                r.conn,
                &format!(
                    "WHERE c.id IN ({}) ORDER BY c.received_at DESC, c.id DESC LIMIT {}",
                    listed.join(","),
                    repeats::MAX_LISTED
                ),
                &[],
            )?
            .into_iter()
            .map(|row| row.summary)
            .collect()
        };
        let policy = settings::policy(r.conn).ok();
        for s in &mut rows {
            s.category_label = category_label(policy.as_deref(), &s.category);
            s.next_due_at = None;
        }
        let visible = crate::api::cases::visible_among(
            r.conn,
            &viewer,
            &rows.iter().map(|s| s.id).collect::<Vec<_>>(),
        )?;
        mask_rows(r.conn, &viewer, &mut rows)?;
        Ok(IntakeMatches {
            window_days: repeats::WINDOW_DAYS as u32,
            total: u32::try_from(found.len()).unwrap_or(u32::MAX),
            counts,
            cases: rows
                .into_iter()
                .map(|case| MatchedCase {
                    reasons: found
                        .get(&case.id)
                        .map(|(why, _)| why.iter().map(|w| w.code().to_string()).collect())
                        .unwrap_or_default(),
                    identity_masked: !case.anonymous && !visible.contains(&case.id),
                    case,
                })
                .collect(),
        })
    })
}
