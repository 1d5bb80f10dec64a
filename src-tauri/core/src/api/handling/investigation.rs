//! Records that are not steps: the defence, interviews, evidence with its
//! file, site checks, recusal, clock stops, extensions, links, and the
//! check of attached files.

use super::*;

/// The accused side's defence, or that they declined after being asked.
pub(crate) fn defence(ctx: &Ctx, op: CaseOp<Defence>) -> Result<CaseView> {
    let d = op.input;
    let asked = day("asked_on", &d.asked_on)?;
    let statement = if d.declined {
        optional(
            "statement",
            &d.statement,
            "申辩内容",
            "The statement",
            20_000,
        )?
    } else {
        need(
            "statement",
            &d.statement,
            "申辩内容",
            "The statement",
            20_000,
        )?
    };
    let rec = Record::Defence(Defence {
        asked_on: asked.to_string(),
        declined: d.declined,
        statement,
    });
    add(ctx, op.case_id, rec)
}

pub(crate) fn interview(ctx: &Ctx, op: CaseOp<Interview>) -> Result<CaseView> {
    let i = op.input;
    let at = moment("at", &i.at)?;
    let interviewer = need(
        "interviewer",
        &i.interviewer,
        "谈话人",
        "The interviewer",
        50,
    )?;
    let recorder = optional("recorder", &i.recorder, "记录人", "The recorder", 50)?;
    let interviewee = need(
        "interviewee",
        &i.interviewee,
        "被谈话人",
        "The interviewee",
        50,
    )?;
    let place = optional("place", &i.place, "谈话地点", "The place", 200)?;
    validate::bounded(
        "questions_and_answers",
        ("问答", "Questions and answers"),
        &i.questions_and_answers,
        500,
    )?;
    if i.questions_and_answers.is_empty() {
        need(
            "questions_and_answers",
            "",
            "问答内容",
            "Questions and answers",
            1,
        )?;
    }
    let mut qa = Vec::new();
    for (n, q) in i.questions_and_answers.iter().enumerate() {
        qa.push(crate::domain::records::QuestionAnswer {
            question: optional(
                &format!("questions_and_answers[{n}].question"),
                &q.question,
                "问题",
                "The question",
                5_000,
            )?,
            answer: optional(
                &format!("questions_and_answers[{n}].answer"),
                &q.answer,
                "回答",
                "The answer",
                20_000,
            )?,
        });
    }
    let role = i.role.trim().to_string();
    if !matches!(
        role.as_str(),
        "" | "complainant" | "accused" | "witness" | "other"
    ) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "role",
            "invalid",
            "被谈话人身份只能是投诉（举报）人、被投诉（举报）人、证人或其他人员。",
            "The interviewee is the complainant, the accused, a witness or other.",
        )]));
    }
    let rec = Record::Interview(Interview {
        at: at.format("%Y-%m-%d %H:%M").to_string(),
        place,
        interviewer,
        recorder,
        interviewee,
        role,
        questions_and_answers: qa,
        signed: i.signed,
    });
    add(ctx, op.case_id, rec)
}

/// A file sent with an input (evidence, a scanned letter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Upload {
    pub name: String,
    pub bytes: Bytes,
}

/// The largest attachment one record takes.
pub const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct EvidenceInput {
    pub evidence: Evidence,
    pub file: Option<Upload>,
}

/// Stores an attached file with its SHA-256 (inside the register once it
/// is encrypted); returns (stored as, name, hash, size).
pub(crate) fn store_upload(
    w: &Write,
    case_id: i64,
    up: &Upload,
) -> Result<(String, String, String, u64)> {
    let bytes = &up.bytes.0;
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(DeskError::Validation(vec![FieldError::new(
            "file",
            "too_large",
            format!("附件最大 {} MB。", MAX_ATTACHMENT_BYTES / 1_048_576),
            format!(
                "An attachment may have at most {} MB.",
                MAX_ATTACHMENT_BYTES / 1_048_576
            ),
        )]));
    }
    let hash = store::history::sha256_hex(bytes);
    let name = attachments::safe_file_name(&up.name);
    let rel = format!("{case_id}/{}-{name}", &hash[..16]);
    attachments::put(w.tx, w.store.path(), &rel, bytes, w.store.key().is_some())?;
    Ok((rel, name, hash, bytes.len() as u64))
}

pub(crate) fn evidence(ctx: &Ctx, op: CaseOp<EvidenceInput>) -> Result<CaseView> {
    let e = op.input.evidence;
    let description = need(
        "description",
        &e.description,
        "证据名称或说明",
        "The description",
        500,
    )?;
    let source = optional("source", &e.source, "来源", "The source", 200)?;
    let obtained = validate::optional_day("obtained_on", &e.obtained_on)?;
    let file = op.input.file;
    ctx.write(|w| {
        let mut rec = Evidence {
            description,
            source,
            obtained_on: obtained.map(|d| d.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        if let Some(up) = &file {
            let (rel, name, hash, size) = store_upload(w, op.case_id, up)?;
            rec.file_name = Some(name);
            rec.sha256 = Some(hash);
            rec.size = Some(size);
            rec.stored_as = Some(rel);
        }
        add_in(w, op.case_id, Record::Evidence(rec))
    })?;
    cases::view_case(ctx, op.case_id)
}

pub(crate) fn site_check(ctx: &Ctx, op: CaseOp<SiteCheck>) -> Result<CaseView> {
    let s = op.input;
    let at = moment("at", &s.at)?;
    let place = need("place", &s.place, "核查地点", "The place", 200)?;
    let findings = need(
        "findings",
        &s.findings,
        "核查情况",
        "What was found",
        20_000,
    )?;
    validate::bounded("inspectors", ("核查人", "Inspectors"), &s.inspectors, 20)?;
    let inspectors = s
        .inspectors
        .iter()
        .map(|n| optional("inspectors", n, "核查人", "The inspector", 50))
        .collect::<Result<Vec<_>>>()?;
    let rec = Record::SiteCheck(SiteCheck {
        at: at.format("%Y-%m-%d %H:%M").to_string(),
        place,
        inspectors,
        findings,
    });
    add(ctx, op.case_id, rec)
}

/// A conflict of interest: the user's own (no `user_id`), or — for those
/// who decide on cases — a handler's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct RecusalInput {
    pub user_id: Option<i64>,
    pub reason: String,
}

pub(crate) fn recusal(ctx: &Ctx, op: CaseOp<RecusalInput>) -> Result<CaseView> {
    let reason = need("reason", &op.input.reason, "回避理由", "The reason", 2000)?;
    let viewer = ctx.viewer()?.clone();
    let who = op.input.user_id.unwrap_or(viewer.user_id);
    ctx.write(|w| {
        if who != viewer.user_id {
            roles::require(&viewer, Perm::Decide, &settings::access_rules(w.tx)?)?;
        }
        let u = users::by_id(w.tx, who)?;
        participants::recuse(w.tx, op.case_id, who)?;
        add_in(
            w,
            op.case_id,
            Record::Recusal(Recusal {
                handler: u.display_name,
                user_id: Some(who),
                reason,
            }),
        )
    })?;
    cases::view_case(ctx, op.case_id)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct PauseInput {
    /// The first day the clock stands still ("YYYY-MM-DD").
    pub from: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct ResumeInput {
    /// The day the clock runs again ("YYYY-MM-DD").
    pub on: String,
}

pub(super) fn open_pause(recs: &[crate::domain::records::CaseRecord]) -> Option<PauseRecord> {
    let pauses: Vec<_> = crate::records_of!(recs, Pause).collect();
    let resumes = crate::records_of!(recs, Resume).count();
    (pauses.len() > resumes)
        .then(|| pauses.last().map(|p| (*p).clone()))
        .flatten()
}

pub(crate) fn pause(ctx: &Ctx, op: CaseOp<PauseInput>) -> Result<CaseView> {
    let from = day("from", &op.input.from)?;
    let reason = need(
        "reason",
        &op.input.reason,
        "暂停计时的原因",
        "The reason for stopping the clock",
        2000,
    )?;
    ctx.write(|w| {
        if open_pause(&records::of_case(w.tx, op.case_id)?).is_some() {
            return Err(DeskError::refused(
                "already_paused",
                "本案计时已经暂停，请先恢复计时。",
                "The clock of this case is already stopped; resume it first.",
            ));
        }
        add_in(
            w,
            op.case_id,
            Record::Pause(PauseRecord {
                from,
                to: None,
                reason,
            }),
        )
    })?;
    cases::view_case(ctx, op.case_id)
}

/// Restarts the clock; the last paused day is the day before `on`.
pub(crate) fn resume(ctx: &Ctx, op: CaseOp<ResumeInput>) -> Result<CaseView> {
    let on = day("on", &op.input.on)?;
    ctx.write(|w| {
        let Some(p) = open_pause(&records::of_case(w.tx, op.case_id)?) else {
            return Err(DeskError::refused(
                "not_paused",
                "本案计时没有暂停，无需恢复。",
                "The clock of this case is not stopped.",
            ));
        };
        if on <= p.from {
            return Err(DeskError::Validation(vec![FieldError::new(
                "on",
                "date_order",
                format!("恢复计时的日期须晚于暂停日期（{}）。", p.from),
                format!(
                    "The clock must restart after the day it stopped ({}).",
                    p.from
                ),
            )]));
        }
        add_in(
            w,
            op.case_id,
            Record::Resume(PauseRecord {
                to: on.pred_opt(),
                ..p
            }),
        )
    })?;
    cases::view_case(ctx, op.case_id)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct ExtensionInput {
    /// The new deadline ("YYYY-MM-DD").
    pub new_due: String,
    pub reason: String,
    /// When the complainant was told ("YYYY-MM-DD").
    pub notice_sent_on: String,
}

/// Extends the decision deadline within the policy's cap, with the date
/// the complainant was told.
pub(crate) fn extend(ctx: &Ctx, op: CaseOp<ExtensionInput>) -> Result<CaseView> {
    let reason = need(
        "reason",
        &op.input.reason,
        "延期理由",
        "The reason for the extension",
        2000,
    )?;
    let new_due = day("new_due", &op.input.new_due)?;
    let notice = day("notice_sent_on", &op.input.notice_sent_on)?;
    ctx.write(|w| {
        let policy = settings::policy(w.tx)?;
        let rule = policy
            .deadlines
            .iter()
            .find(|r| r.max_extension.is_some())
            .ok_or_else(|| {
                DeskError::refused(
                    "no_extension",
                    "本单位制度没有可延期的期限。",
                    "The office's policy has no deadline that can be extended.",
                )
            })?;
        let cap = rule.max_extension.unwrap_or(rule.period);
        let inputs = store::derived::inputs(w.tx, op.case_id, w.now.date())?;
        let Some(start) = inputs.events.get(&rule.from).copied() else {
            return Err(DeskError::refused(
                "not_started",
                "该期限尚未开始计算，无需延期。",
                "That deadline has not started yet.",
            ));
        };
        let cal = settings::calendar(w.tx)?;
        let limit = crate::domain::deadline::due(start, cap, &cal, &inputs.pauses);
        if new_due > limit.at.date() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "new_due",
                "beyond_cap",
                format!(
                    "延期后的期限不能晚于{}（自收到之次日起最长{}）。",
                    limit.at.format("%Y年%m月%d日"),
                    cap.label_zh()
                ),
                format!(
                    "The extended deadline cannot be later than {} ({} at most).",
                    limit.at.format("%Y-%m-%d"),
                    cap.label_zh()
                ),
            )]));
        }
        add_in(
            w,
            op.case_id,
            Record::Extension(Extension {
                new_due,
                reason,
                notice_sent_on: notice,
            }),
        )
    })?;
    cases::view_case(ctx, op.case_id)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct LinkInput {
    pub other_number: String,
    /// "related", or "repeat" (this case repeats the other, earlier one).
    pub kind: String,
}

pub(crate) fn link(ctx: &Ctx, op: CaseOp<LinkInput>) -> Result<CaseView> {
    let kind = op.input.kind.trim().to_string();
    if kind != "related" && kind != "repeat" {
        return Err(DeskError::Validation(vec![FieldError::new(
            "kind",
            "invalid",
            "关联类型只能是“相关”或“重复投诉”。",
            "The link is either \"related\" or \"repeat\".",
        )]));
    }
    let number: String = op.input.other_number.trim().chars().take(40).collect();
    ctx.write(|w| {
        let Some(other) = scases::id_by_number(w.tx, &number)? else {
            return Err(DeskError::Validation(vec![FieldError::new(
                "other_number",
                "not_found",
                format!("找不到编号为“{number}”的案件。"),
                format!("No case numbered \"{number}\"."),
            )]));
        };
        if other == op.case_id {
            return Err(DeskError::Validation(vec![FieldError::new(
                "other_number",
                "self_link",
                "案件不能与自身关联。",
                "A case cannot be linked to itself.",
            )]));
        }
        scases::link(w.tx, op.case_id, other, &kind)?;
        w.audit(
            Some(op.case_id),
            "linked",
            serde_json::json!({"other": number, "kind": kind}),
        );
        w.touch(other);
        Ok(())
    })?;
    cases::view_case(ctx, op.case_id)
}

/// What checking an attachment's hash found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AttachmentCheck {
    pub file_name: String,
    pub stored_as: String,
    /// "ok", "changed" or "missing"
    pub state: String,
}

/// Re-hashes every attached file of a case. File names are masked like
/// everything else for a viewer who does not see the identity.
pub(crate) fn verify_attachments(ctx: &Ctx, input: CaseId) -> Result<Vec<AttachmentCheck>> {
    ctx.read(|r| {
        let recs = records::of_case(r.conn, input.case_id)?;
        let mut out = Vec::new();
        for e in crate::records_of!(recs, Evidence) {
            let (Some(rel), Some(hash)) = (&e.stored_as, &e.sha256) else {
                continue;
            };
            let state = match attachments::get(r.conn, r.store.path(), rel)? {
                Some(bytes) if store::history::sha256_hex(&bytes) == *hash => "ok",
                Some(_) => "changed",
                None => "missing",
            };
            out.push(AttachmentCheck {
                file_name: e.file_name.clone().unwrap_or_default(),
                stored_as: rel.clone(),
                state: state.into(),
            });
        }
        if !cases::standing(r, input.case_id)?.sees_identity() {
            let people = scases::complainants(r.conn, input.case_id)?;
            let witnesses = scases::witnesses(r.conn, input.case_id)?;
            let pairs = masking::identity_pairs(&people, &witnesses);
            for c in &mut out {
                c.file_name = masking::replace_all(&c.file_name, &pairs);
                c.stored_as = masking::replace_all(&c.stored_as, &pairs);
            }
        }
        Ok(out)
    })
}
