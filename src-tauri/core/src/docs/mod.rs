//! Printed documents (A4 PDF, Chinese): the registration slip
//! 《投诉和举报登记单》, the acknowledgement receipt 受理回执 with its
//! counterfoil, the letters written from templates (GB/T 9704-2012 信函格式)
//! and the periodic report with its charts.
//!
//! Text is laid out by our own engine (`layout`, `wrap`, `table`) with glyph
//! advances read in place from memory-mapped font files (`face`); `pdf`
//! writes the PDF, embedding only the glyphs used. Faces are found by family
//! name (`fonts`) once, and each is mapped only when a document needs it.

mod chart;
mod face;
pub mod fonts;
pub mod image;
pub(crate) mod layout;
mod letter;
mod letterhead;
pub(crate) mod pdf;
mod receipt;
pub mod report;
mod slip;
mod table;
pub mod templates;
pub(crate) mod wrap;

use std::sync::OnceLock;

use crate::error::{DeskError, Result};
use face::Face;
use fonts::{FontChoice, FontSpec, Role};
pub use image::DocImage;
use layout::{Engine, PlacedImage};

pub use letter::{check_template_fits, render_document, render_documents, MAX_PAGES};
pub use receipt::acknowledgement_receipt;
pub use report::render_period_report;
pub use slip::registration_slip;
pub use templates::DocType;

/// The faces the documents are set in, one per [`Role`] (宋体, 仿宋, 黑体,
/// 小标宋); several roles may share a face. Choosing them reads only font
/// names; a face's file is mapped when a document first needs it. `Send +
/// Sync`: cache it and reuse it for every document.
pub struct DocFonts {
    choices: Vec<FontChoice>,
    faces: [OnceLock<std::result::Result<Face, String>>; 4],
}

impl std::fmt::Debug for DocFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl DocFonts {
    fn from_choices(choices: Vec<FontChoice>) -> DocFonts {
        DocFonts {
            choices,
            faces: Default::default(),
        }
    }

    /// One face for every role (the user's font in Settings); checked now.
    pub fn load(spec: &FontSpec) -> Result<DocFonts> {
        let face = Face::open(spec)?;
        let fonts = DocFonts::from_choices(fonts::all_from(spec, &face.family));
        let _ = fonts.faces[Role::Song.slot()].set(Ok(face));
        Ok(fonts)
    }

    /// The user's font for everything when given and usable; otherwise the
    /// system's faces found by family name, with fallbacks.
    pub fn load_system(override_: Option<&FontSpec>) -> Result<DocFonts> {
        Ok(DocFonts::from_choices(fonts::choose(override_)?))
    }

    /// The face chosen for each role and why.
    pub fn choices(&self) -> &[FontChoice] {
        &self.choices
    }

    /// One line per role, e.g. "仿宋（信函正文）：本机没有仿宋字体，改用 Noto
    /// Serif CJK SC（/usr/share/…/NotoSerifCJK-Regular.ttc #2）/ …".
    pub fn describe(&self) -> String {
        self.choices
            .iter()
            .map(FontChoice::describe)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The Song (forms) face's file and index.
    pub fn body_spec(&self) -> &FontSpec {
        &self.choice(Role::Song).spec
    }

    fn choice(&self, role: Role) -> &FontChoice {
        &self.choices[role.slot()]
    }

    /// The mapped face of `role`, mapped on first use. Roles set in the same
    /// face share one mapping.
    pub(crate) fn face(&self, role: Role) -> Result<&Face> {
        let spec = &self.choice(role).spec;
        let slot = Role::ALL
            .iter()
            .find(|r| &self.choice(**r).spec == spec)
            .map(|r| r.slot())
            .unwrap_or(role.slot());
        match self.faces[slot].get_or_init(|| Face::open(spec).map_err(|e| e.to_string())) {
            Ok(face) => Ok(face),
            Err(reason) => Err(DeskError::FontInvalid {
                path: spec.path.display().to_string(),
                reason: reason.clone(),
            }),
        }
    }
}

/// The office's letterhead logo, decoded, when it has one.
pub(crate) fn office_logo(office: &crate::domain::case::OfficeInfo) -> Result<Option<DocImage>> {
    office
        .logo
        .as_deref()
        .map(|bytes| DocImage::decode(bytes, "logo"))
        .transpose()
}

/// The faces of forms (slip, receipt, report): Song, with Hei headings.
pub(crate) const FORM_ROLES: &[Role] = &[Role::Song, Role::Hei];

/// Lays out a document with `build` (an engine measuring with `roles`) and
/// returns the PDF bytes.
pub(crate) fn render(
    title: &str,
    fonts: &DocFonts,
    roles: &[Role],
    logo: Option<&DocImage>,
    build: impl FnOnce(&mut Engine<'_>) -> Result<()>,
) -> Result<Vec<u8>> {
    let mut build = Some(build);
    render_many(title, fonts, roles, logo, 1, |_, e| match build.take() {
        Some(b) => b(e),
        None => Ok(()),
    })
}

/// Lays out `n` documents, each on its own pages with its own page numbers,
/// into one PDF. The logo is stored once and placed by reference.
pub(crate) fn render_many(
    title: &str,
    fonts: &DocFonts,
    roles: &[Role],
    logo: Option<&DocImage>,
    n: usize,
    mut build: impl FnMut(usize, &mut Engine<'_>) -> Result<()>,
) -> Result<Vec<u8>> {
    let placed = logo.map(|l| PlacedImage {
        index: 0,
        width: l.width,
        height: l.height,
    });
    let mut pages = Vec::new();
    for i in 0..n {
        let mut engine = Engine::new(fonts, roles)?;
        engine.logo = placed.clone();
        build(i, &mut engine)?;
        pages.extend(engine.finish());
    }
    let images: Vec<&DocImage> = logo.into_iter().collect();
    pdf::write(title, fonts, &images, &pages)
}

/// Lays out a document with `build` without writing a PDF, and returns how
/// many pages it takes (used to check templates before they are saved).
pub(crate) fn measure_pages(
    fonts: &DocFonts,
    roles: &[Role],
    build: impl FnOnce(&mut Engine<'_>) -> Result<()>,
) -> Result<usize> {
    let mut engine = Engine::new(fonts, roles)?;
    build(&mut engine)?;
    Ok(engine.page_count())
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

fn parse_datetime(s: &str) -> Option<chrono::NaiveDateTime> {
    let s = s.trim();
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// "2026-11-24 10:30:00" → "2026年11月24日" (unparsable text is returned as is).
pub fn date_zh(s: &str) -> String {
    use chrono::Datelike;
    match parse_datetime(s) {
        Some(t) => format!("{}年{}月{}日", t.year(), t.month(), t.day()),
        None => s.trim().to_string(),
    }
}

/// "2026-11-24 10:30:00" → "2026年11月24日 10:30".
pub fn datetime_zh(s: &str) -> String {
    use chrono::Timelike;
    match parse_datetime(s) {
        Some(t) => format!("{} {:02}:{:02}", date_zh(s), t.hour(), t.minute()),
        None => s.trim().to_string(),
    }
}

/// "2026-11-24 …" → "二〇二六年十一月二十四日", the form used under a signature.
pub fn date_zh_numerals(s: &str) -> String {
    use chrono::Datelike;
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    fn small(n: u32) -> String {
        // 1..=31
        let (tens, ones) = (n / 10, n % 10);
        let mut s = String::new();
        if tens > 1 {
            s.push(DIGITS[tens as usize]);
        }
        if tens >= 1 {
            s.push('十');
        }
        if ones > 0 || tens == 0 {
            s.push(DIGITS[ones as usize]);
        }
        s
    }
    match parse_datetime(s) {
        Some(t) => {
            let year: String = t
                .year()
                .to_string()
                .chars()
                .filter_map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]))
                .collect();
            format!("{year}年{}月{}日", small(t.month()), small(t.day()))
        }
        None => s.trim().to_string(),
    }
}

/// "—" for empty text.
pub(crate) fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_chinese_way() {
        assert_eq!(date_zh("2026-11-24 10:30:00"), "2026年11月24日");
        assert_eq!(datetime_zh("2026-11-24 10:30:00"), "2026年11月24日 10:30");
        assert_eq!(datetime_zh("2026-01-05T08:05"), "2026年1月5日 08:05");
        assert_eq!(
            date_zh_numerals("2026-11-24 10:30:00"),
            "二〇二六年十一月二十四日"
        );
        assert_eq!(date_zh_numerals("2030-10-10"), "二〇三〇年十月十日");
        assert_eq!(
            date_zh_numerals("2027-01-31 00:00:00"),
            "二〇二七年一月三十一日"
        );
        assert_eq!(date_zh_numerals("2027-02-20"), "二〇二七年二月二十日");
        assert_eq!(date_zh("not a date"), "not a date");
    }

    #[test]
    fn doc_fonts_can_be_shared_between_threads() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<DocFonts>();
    }
}
