//! The audit trail, checked: the whole chain walked, and — given a head
//! recorded earlier (printed on a backup or a report, or exported) — that
//! the history still holds it, so a truncated or re-chained history shows.

use crate::api::Ctx;
use crate::error::Result;
use crate::store::history::{self, AuditHead, AuditReport};

pub(crate) fn verify(ctx: &Ctx, known: Option<AuditHead>) -> Result<AuditReport> {
    if let Some(k) = &known {
        if k.last_hash.len() > 128 {
            return Err(crate::error::DeskError::Validation(vec![
                crate::error::FieldError::new(
                    "last_hash",
                    "invalid",
                    "审计链末条哈希应为64位十六进制字符。",
                    "The last hash is 64 hexadecimal characters.",
                ),
            ]));
        }
    }
    ctx.read(|r| history::verify(r.conn, known.as_ref()))
}

pub(crate) fn head(ctx: &Ctx, _: ()) -> Result<AuditHead> {
    ctx.read(|r| history::head(r.conn))
}
