// The operation list — every operation of the register, declared once.
// Included by `api/ops.rs` (the methods, the JSON dispatcher) and by the
// shell's build script (the command permissions); the Tauri commands, the
// capability file and the TypeScript client all come from it. Plain
// comments only: this file is `include!`d.

/// The list. Changing it changes the API everywhere: the Tauri commands,
/// the capability file and the TypeScript client are generated from it
/// (`desk gen` rewrites the files; a test fails when they are stale).
#[macro_export]
macro_rules! with_operations {
    ($cb:ident) => {
        $cb! {
            /// What the front end needs at start.
            app_info(()) -> types::AppInfo [public] => settings::app_info;
            /// Where the seat stands with sign-in.
            session_state(()) -> types::SessionState [public] => accounts::session_state;
            /// The seat's language for messages.
            set_language(types::Lang) -> types::SessionState [public] => accounts::set_language;
            sign_in(types::SignIn) -> types::SessionState [public] => accounts::sign_in;
            sign_out(()) -> types::SessionState [public] => accounts::sign_out;
            lock_session(()) -> types::SessionState [public] => accounts::lock;
            unlock_session(types::Unlock) -> types::SessionState [public] => accounts::unlock;
            /// First run: the office's name and its policy preset.
            setup_office(types::SetupRequest) -> types::AppInfo [first_run] => settings::setup_office;
            /// First run: the administrator (signed in at once).
            create_first_admin(types::NewUser) -> types::SessionState [first_run] => accounts::create_first_admin;

            list_users(()) -> Vec<types::UserView> [signed_in] => accounts::list_users;
            create_user(types::NewUser) -> types::UserView [perm Administer] => accounts::create_user;
            update_user(types::UserUpdate) -> types::UserView [perm Administer] => accounts::update_user;
            access_rules(()) -> types::AccessRules [signed_in] => accounts::access_rules;
            set_access_rules(types::AccessRules) -> types::AccessRules [perm Administer] => accounts::set_access_rules;
            /// Names from before accounts that no account matched.
            unmapped_participants(()) -> Vec<types::UnmappedName> [perm Administer] => privacy::unmapped;
            /// Gives a pre-account name's cases to an account.
            map_participant(types::MapName) -> Vec<types::UnmappedName> [perm Administer] => privacy::map_name;

            get_policy(()) -> types::Policy [signed_in] => settings::policy;
            update_deadline_rules(Vec<types::DeadlineRule>) -> types::Policy [perm Administer] => settings::update_deadline_rules;
            get_settings(()) -> types::Settings [perm Administer] => settings::get;
            update_settings(types::Settings) -> types::Settings [perm Administer] => settings::update;
            update_office(types::OfficeInfo) -> types::OfficeInfo [perm Administer] => settings::update_office;
            letterhead_logo_info(()) -> Option<types::LogoInfo> [signed_in] => settings::logo_info;
            set_letterhead_logo(Option<types::Bytes>) -> Option<types::LogoInfo> [perm Administer] => settings::set_logo;
            get_calendar(()) -> types::CalendarFile [signed_in] => settings::calendar;
            set_calendar_year(types::CalendarYear) -> types::CalendarFile [perm Administer] => settings::set_calendar_year;
            /// Reads the State Council's pasted holiday notice into a year to confirm.
            read_holiday_notice(types::NoticeText) -> types::CalendarYear [perm Administer] => settings::read_holiday_notice;
            /// From 1 November: whether next year's notice is still missing.
            calendar_status(()) -> types::CalendarStatus [signed_in] => settings::calendar_status;
            reward_policy(()) -> types::RewardPolicy [signed_in] => rewards::policy;
            set_reward_preset(String) -> types::RewardPolicy [perm Administer] => rewards::set_preset;

            /// Registers a case: checked, numbered, stored, on its timeline.
            register_case(types::CaseInput) -> types::CaseView [perm RegisterCase] => cases::register;
            /// A case as the viewer may see it, with what the viewer may do.
            get_case(types::CaseId) -> types::CaseView [signed_in] => cases::get;
            list_cases(types::ListQuery) -> types::Page<types::CaseSummary> [signed_in] => cases::list;
            find_by_query_code(String) -> types::QueryCodeView [signed_in] => cases::by_query_code;
            /// The earlier cases (180 days) the intake form matches, masked for the viewer.
            intake_matches(types::IntakeProbe) -> types::IntakeMatches [perm RegisterCase] => repeats::matches;
            save_draft(types::Draft) -> () [signed_in] => cases::save_draft;
            load_draft(types::DraftKey) -> Option<types::JsonValue> [signed_in] => cases::load_draft;
            discard_draft(types::DraftKey) -> () [signed_in] => cases::discard_draft;
            /// Shows the identity to an office-chosen role for a logged reason.
            reveal_identity(types::CaseOp<types::Reason>) -> types::CaseView [case RevealIdentity Any] => privacy::reveal;

            accept_case(types::CaseOp<types::Comment>) -> types::CaseView [case Decide Any] => handling::accept;
            not_accept_case(types::CaseOp<types::NotAccept>) -> types::CaseView [case Decide Any] => handling::not_accept;
            record_not_accepted_notice(types::CaseOp<types::NoticeSent>) -> types::CaseView [case Close Any] => handling::not_accepted_notice;
            review_case(types::CaseOp<types::ReviewInput>) -> types::CaseView [case Decide Any] => handling::review;
            start_investigation(types::CaseOp<types::Comment>) -> types::CaseView [case Investigate Participant] => handling::start_investigation;
            write_findings(types::CaseOp<types::Findings>) -> types::CaseView [case Investigate Participant] => handling::write_findings;
            approve_findings(types::CaseOp<types::Comment>) -> types::CaseView [case Approve Any] => handling::approve;
            reject_findings(types::CaseOp<types::Comment>) -> types::CaseView [case Approve Any] => handling::reject;
            record_reply(types::CaseOp<types::Reply>) -> types::CaseView [case Close Participant] => handling::reply;
            record_follow_up(types::CaseOp<types::FollowUp>) -> types::CaseView [case Close Participant] => handling::follow_up;
            record_no_follow_up(types::CaseOp<types::NoFollowUp>) -> types::CaseView [case Close Participant] => handling::no_follow_up;
            escalate_case(types::CaseOp<types::Comment>) -> types::CaseView [case Decide Any] => handling::escalate;
            reopen_case(types::CaseOp<types::Comment>) -> types::CaseView [case Decide Any] => handling::reopen;
            archive_case(types::CaseOp<types::Comment>) -> types::CaseView [case Close Any] => handling::archive;
            record_defence(types::CaseOp<types::Defence>) -> types::CaseView [case Investigate Participant] => handling::defence;
            record_interview(types::CaseOp<types::Interview>) -> types::CaseView [case Investigate Participant] => handling::interview;
            record_evidence(types::CaseOp<types::EvidenceInput>) -> types::CaseView [case Investigate Participant] => handling::evidence;
            record_site_check(types::CaseOp<types::SiteCheck>) -> types::CaseView [case Investigate Participant] => handling::site_check;
            declare_recusal(types::CaseOp<types::RecusalInput>) -> types::CaseView [case DeclareRecusal Any] => handling::recusal;
            pause_clock(types::CaseOp<types::PauseInput>) -> types::CaseView [case Investigate Participant] => handling::pause;
            resume_clock(types::CaseOp<types::ResumeInput>) -> types::CaseView [case Investigate Participant] => handling::resume;
            extend_deadline(types::CaseOp<types::ExtensionInput>) -> types::CaseView [case Extend Any] => handling::extend;
            link_cases(types::CaseOp<types::LinkInput>) -> types::CaseView [case Link Any] => handling::link;
            verify_attachments(types::CaseId) -> Vec<types::AttachmentCheck> [signed_in] => handling::verify_attachments;
            /// Every open case's next deadline, soonest first.
            due_board(()) -> Vec<types::DueItem> [signed_in] => handling::due_board;
            /// How many open cases are overdue or due today (the board's count).
            due_count(()) -> types::DueCount [signed_in] => handling::due_count;

            /// Issues a document (kept with its hash) — only its handlers may.
            issue_document(types::CaseOp<types::IssueInput>) -> types::IssuedPdf [case IssueDocuments Participant] => documents::issue;
            issued_documents(types::CaseId) -> Vec<types::IssuedDoc> [signed_in] => documents::issued;
            reprint_document(types::CaseOp<types::DocId>) -> types::IssuedPdf [case IssueDocuments Participant] => documents::reprint;
            batch_reply_letters(types::Extra) -> types::BatchPdf [perm IssueDocuments] => documents::batch_reply_letters;
            list_templates(()) -> Vec<types::TemplateView> [signed_in] => documents::templates;
            save_template(types::TemplateInput) -> types::TemplateView [perm Administer] => documents::save_template;
            reset_template(types::DocTypeInput) -> types::TemplateView [perm Administer] => documents::reset_template;
            preview_template(types::PreviewInput) -> Vec<types::PreviewBlock> [perm Administer] => documents::preview_text;
            preview_pdf(types::PreviewInput) -> types::Bytes [perm Administer] => documents::preview_pdf;

            reward_range(types::ProposalInput) -> Option<types::RewardRange> [signed_in] => rewards::range;
            reward_state(types::CaseId) -> types::RewardState [signed_in] => rewards::state;
            propose_reward(types::CaseOp<types::ProposalInput>) -> types::RewardState [case ProposeReward Participant] => rewards::propose;
            decide_reward(types::CaseOp<types::RewardDecision>) -> types::RewardState [case DecidePenaltiesAndRewards Any] => rewards::decide;
            pay_reward(types::CaseOp<types::Payment>) -> types::RewardState [case PayReward Any] => rewards::pay;
            record_consent(types::CaseOp<types::Consent>) -> types::RewardState [case ProposeReward Participant] => rewards::consent;

            accountability_flags(()) -> Vec<types::Flag> [signed_in] => accountability::flags;
            decide_flag(types::FlagDecision) -> types::Flag [perm DecidePenaltiesAndRewards] => accountability::decide;
            record_violation(types::CaseOp<types::Violation>) -> types::Flag [case DecidePenaltiesAndRewards Any] => accountability::violation;
            handler_stats(()) -> Vec<types::HandlerStats> [signed_in] => accountability::handler_stats;

            export_personal_data(types::PersonQuery) -> types::PersonalData [perm Administer] => privacy::personal_data;
            anonymisation_due(()) -> Vec<types::AnonymisationDue> [perm Administer] => privacy::anonymisation_due;
            anonymise_case(types::CaseOp<types::Confirm>) -> () [case Administer Any] => privacy::anonymise;

            dashboard(types::StatsQuery) -> types::Dashboard [signed_in] => stats::dashboard;
            export_register_csv(types::ListQuery) -> types::Bytes [signed_in] => stats::export_csv;
            export_register_xlsx(types::ListQuery) -> types::Bytes [signed_in] => sheets::export_xlsx;
            period_report(types::PeriodQuery) -> types::PeriodReport [signed_in] => report::figures;
            period_report_pdf(types::PeriodQuery) -> types::Bytes [signed_in] => report::pdf;
            period_report_xlsx(types::PeriodQuery) -> types::Bytes [signed_in] => report::xlsx;

            import_preview(types::ImportFile) -> types::ImportPreview [perm RegisterCase] => sheets::preview;
            import_commit(types::ImportCommit) -> types::ImportReport [perm RegisterCase] => sheets::commit;

            verify_audit(Option<types::AuditHead>) -> types::AuditReport [perm Administer] => audit::verify;
            audit_head(()) -> types::AuditHead [perm Administer] => audit::head;
            backup_now(()) -> types::BackupInfo [perm Administer] => backup::backup_now;
            list_backups(()) -> Vec<types::BackupEntry> [perm Administer] => backup::list;
            restore_backup(types::RestoreInput) -> types::AppInfo [perm Administer] => backup::restore;
            set_register_passphrase(types::Passphrase) -> types::AppInfo [perm Administer] => encryption::set_passphrase;
            /// Plain backups and set-aside files left after encryption.
            plain_leftovers(()) -> Vec<types::Leftover> [perm Administer] => encryption::leftovers;
            deal_with_leftover(types::LeftoverAction) -> Vec<types::Leftover> [perm Administer] => encryption::deal_with_leftover;
        }
    };
}
