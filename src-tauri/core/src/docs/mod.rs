//! Printed documents (A4 PDF, Chinese): the registration slip
//! 《投诉和举报登记单》 and the acknowledgement receipt 受理回执.
//!
//! Text is laid out by our own engine (`layout`) with glyph advances measured
//! by ttf-parser; printpdf writes the PDF and subsets the embedded CJK font.
//! Load the fonts once with [`DocFonts::load_system`] and reuse them: parsing
//! a CJK collection takes a noticeable moment.

pub mod fonts;
pub mod image;
pub(crate) mod layout;
mod letter;
mod receipt;
pub mod report;
mod slip;
pub mod templates;

use std::sync::Arc;

use printpdf::{ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};

use crate::error::{DeskError, Result};
use fonts::FontSpec;
pub use image::DocImage;
use layout::{Engine, FontRef, Metrics, PlacedImage};

pub use letter::{check_template_fits, render_document, render_documents, MAX_PAGES};
pub use receipt::acknowledgement_receipt;
pub use report::{render_period_report, ChartImage};
pub use slip::registration_slip;
pub use templates::DocType;

/// One loaded face: the file's bytes, the face index and printpdf's parse.
struct LoadedFace {
    spec: FontSpec,
    name: String,
    bytes: Arc<Vec<u8>>,
    parsed: ParsedFont,
}

impl LoadedFace {
    fn load(spec: &FontSpec) -> Result<LoadedFace> {
        let bytes = fonts::read_font(spec)?;
        let invalid = |reason: String| DeskError::FontInvalid {
            path: spec.path.display().to_string(),
            reason,
        };
        let face = ttf_parser::Face::parse(&bytes, spec.index)
            .map_err(|e| invalid(format!("cannot parse: {e}")))?;
        let name = fonts::family_name(&face).unwrap_or_else(|| "unnamed font".into());
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, spec.index as usize, &mut warnings)
            .ok_or_else(|| invalid("printpdf cannot parse the font".into()))?;
        Ok(LoadedFace {
            spec: spec.clone(),
            name,
            bytes: Arc::new(bytes),
            parsed,
        })
    }

    fn metrics(&self) -> Result<Metrics<'_>> {
        ttf_parser::Face::parse(&self.bytes, self.spec.index)
            .map(Metrics::new)
            .map_err(|e| DeskError::FontInvalid {
                path: self.spec.path.display().to_string(),
                reason: e.to_string(),
            })
    }
}

/// The faces the documents are set in: body text (Song/serif preferred) and
/// headings (Hei/sans preferred); both may be the same face. Cheap to share:
/// `Send + Sync`, cache it and reuse it for every document.
pub struct DocFonts {
    body: Arc<LoadedFace>,
    heading: Arc<LoadedFace>,
}

impl std::fmt::Debug for DocFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl DocFonts {
    /// One face for body and headings.
    pub fn load(spec: &FontSpec) -> Result<DocFonts> {
        let face = Arc::new(LoadedFace::load(spec)?);
        Ok(DocFonts {
            body: face.clone(),
            heading: face,
        })
    }

    /// The user's font when given and usable (for body and headings);
    /// otherwise the system's: a Song/serif face for the body and a Hei/sans
    /// face for headings where both exist.
    pub fn load_system(override_: Option<&FontSpec>) -> Result<DocFonts> {
        let body_spec = fonts::find_cjk_font(override_)?;
        if override_ == Some(&body_spec) {
            return DocFonts::load(&body_spec);
        }
        let body = Arc::new(LoadedFace::load(&body_spec)?);
        let heading = match fonts::find_heading_font() {
            Some(spec) if spec != body_spec => match LoadedFace::load(&spec) {
                Ok(face) => Arc::new(face),
                Err(_) => body.clone(),
            },
            _ => body.clone(),
        };
        Ok(DocFonts { body, heading })
    }

    /// E.g. "Noto Serif CJK SC (/usr/share/fonts/…/NotoSerifCJK-Regular.ttc #2)",
    /// plus the heading face when it differs.
    pub fn describe(&self) -> String {
        let one = |f: &LoadedFace| {
            if f.spec.index == 0 {
                format!("{} ({})", f.name, f.spec.path.display())
            } else {
                format!("{} ({} #{})", f.name, f.spec.path.display(), f.spec.index)
            }
        };
        if Arc::ptr_eq(&self.body, &self.heading) {
            one(&self.body)
        } else {
            format!("{}; headings: {}", one(&self.body), one(&self.heading))
        }
    }

    /// The body face's file and index.
    pub fn body_spec(&self) -> &FontSpec {
        &self.body.spec
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

/// What a document shows besides text: the letterhead logo and other images.
#[derive(Default)]
pub(crate) struct Images<'a> {
    pub logo: Option<&'a DocImage>,
    pub others: &'a [(String, DocImage)],
}

/// Lays out a document with `build` and returns the PDF bytes.
pub(crate) fn render(
    title: &str,
    fonts: &DocFonts,
    images: Images<'_>,
    build: impl FnOnce(&mut Engine<'_>) -> Result<()>,
) -> Result<Vec<u8>> {
    let mut build = Some(build);
    render_many(title, fonts, images, 1, |_, e| match build.take() {
        Some(b) => b(e),
        None => Ok(()),
    })
}

/// Lays out `n` documents, each on its own pages with its own page numbers,
/// into one PDF. Each image is stored once and placed by reference.
pub(crate) fn render_many(
    title: &str,
    fonts: &DocFonts,
    images: Images<'_>,
    n: usize,
    mut build: impl FnMut(usize, &mut Engine<'_>) -> Result<()>,
) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(title);
    let mut place = |title: &str, img: &DocImage| PlacedImage {
        id: doc.add_image(&img.raw),
        width: img.width,
        height: img.height,
        title: title.to_string(),
    };
    let logo = images.logo.map(|l| place("logo", l));
    let others: Vec<PlacedImage> = images.others.iter().map(|(t, i)| place(t, i)).collect();
    let body_id = doc.add_font(&fonts.body.parsed);
    let heading_id = if Arc::ptr_eq(&fonts.body, &fonts.heading) {
        body_id.clone()
    } else {
        doc.add_font(&fonts.heading.parsed)
    };
    let mut pages: Vec<PdfPage> = Vec::new();
    for i in 0..n {
        let body = FontRef {
            id: body_id.clone(),
            metrics: fonts.body.metrics()?,
        };
        let heading = FontRef {
            id: heading_id.clone(),
            metrics: fonts.heading.metrics()?,
        };
        let mut engine = Engine::new(body, heading);
        engine.logo = logo.clone();
        engine.images = others.clone();
        build(i, &mut engine)?;
        pages.extend(engine.finish());
    }
    if pages.is_empty() {
        return Err(DeskError::Document("the document has no pages".into()));
    }
    let mut warnings = Vec::new();
    // Images lossless (Flate): a logo's edges and a chart's text stay sharp.
    let options = PdfSaveOptions {
        image_optimization: Some(printpdf::ImageOptimizationOptions {
            format: Some(printpdf::ImageCompression::Flate),
            ..Default::default()
        }),
        ..PdfSaveOptions::default()
    };
    let bytes = doc.with_pages(pages).save(&options, &mut warnings);
    if bytes.len() < 100 || !bytes.starts_with(b"%PDF") {
        return Err(DeskError::Document(format!(
            "printpdf wrote no PDF ({} bytes)",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// Lays out a document with `build` without writing a PDF, and returns how
/// many pages it takes (used to check templates before they are saved).
pub(crate) fn measure_pages(
    fonts: &DocFonts,
    build: impl FnOnce(&mut Engine<'_>) -> Result<()>,
) -> Result<usize> {
    let id = printpdf::FontId("measure".into());
    let body = FontRef {
        id: id.clone(),
        metrics: fonts.body.metrics()?,
    };
    let heading = FontRef {
        id,
        metrics: fonts.heading.metrics()?,
    };
    let mut engine = Engine::new(body, heading);
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
