//! Finding and checking a Chinese (CJK) font on the system.
//!
//! The documents need a font that has the CJK ideographs. We never ship one:
//! each platform has one (SimSun on Windows, Songti/PingFang on macOS, Noto CJK
//! or WenQuanYi on Linux), and the user may pick a file in Settings.
//!
//! Font collections (`.ttc`) hold several faces; for Noto CJK the face with
//! Simplified Chinese glyph forms is the one whose family name ends in "SC".
//! We look it up by name instead of trusting a hard-coded index.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{DeskError, Result};

/// A font file and the face inside it (0 for a plain `.ttf`/`.otf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FontSpec {
    pub path: PathBuf,
    pub index: u32,
}

impl FontSpec {
    pub fn new(path: impl Into<PathBuf>, index: u32) -> Self {
        FontSpec {
            path: path.into(),
            index,
        }
    }
}

/// Characters a usable font must have: without them a slip is unreadable.
const REQUIRED_CHARS: &[char] = &['投', '诉', '举', '报', '登', '记', '单', '０', '：'];

/// One entry of the platform's search list: a path, and either a fixed face
/// index or a family-name suffix that selects the face inside a collection.
struct Candidate {
    path: &'static str,
    /// Pick the face whose family name ends with this (e.g. "SC"); `None` → `index`.
    face_suffix: Option<&'static str>,
    index: u32,
}

const fn c(path: &'static str, face_suffix: Option<&'static str>, index: u32) -> Candidate {
    Candidate {
        path,
        face_suffix,
        index,
    }
}

/// Body text candidates, Song/serif first.
fn body_list() -> Vec<Candidate> {
    let mut v = Vec::new();
    if cfg!(windows) {
        v.extend([
            c(r"C:\Windows\Fonts\simsun.ttc", None, 0),
            c(r"C:\Windows\Fonts\simsun.ttf", None, 0),
            c(r"C:\Windows\Fonts\msyh.ttc", None, 0),
            c(r"C:\Windows\Fonts\simhei.ttf", None, 0),
        ]);
    } else if cfg!(target_os = "macos") {
        v.extend([
            c(
                "/System/Library/Fonts/Supplemental/Songti.ttc",
                Some("SC"),
                0,
            ),
            c("/System/Library/Fonts/PingFang.ttc", Some("SC"), 0),
            c("/System/Library/Fonts/STHeiti Light.ttc", Some("SC"), 0),
            c("/System/Library/Fonts/STHeiti Medium.ttc", Some("SC"), 0),
            c("/Library/Fonts/Arial Unicode.ttf", None, 0),
        ]);
    } else {
        v.extend(linux_serif());
        v.extend(linux_sans());
    }
    v
}

/// Heading candidates, Hei/sans first.
fn heading_list() -> Vec<Candidate> {
    let mut v = Vec::new();
    if cfg!(windows) {
        v.extend([
            c(r"C:\Windows\Fonts\simhei.ttf", None, 0),
            c(r"C:\Windows\Fonts\msyh.ttc", None, 0),
            c(r"C:\Windows\Fonts\simsun.ttc", None, 0),
        ]);
    } else if cfg!(target_os = "macos") {
        v.extend([
            c("/System/Library/Fonts/STHeiti Medium.ttc", Some("SC"), 0),
            c("/System/Library/Fonts/STHeiti Light.ttc", Some("SC"), 0),
            c("/System/Library/Fonts/PingFang.ttc", Some("SC"), 0),
            c(
                "/System/Library/Fonts/Supplemental/Songti.ttc",
                Some("SC"),
                0,
            ),
        ]);
    } else {
        v.extend(linux_sans());
        v.extend(linux_serif());
    }
    v
}

fn linux_serif() -> Vec<Candidate> {
    vec![
        // Debian/Ubuntu fonts-noto-cjk
        c(
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
            Some("SC"),
            2,
        ),
        // Fedora / Arch
        c(
            "/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc",
            Some("SC"),
            2,
        ),
        c(
            "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
            Some("SC"),
            2,
        ),
        c(
            "/usr/share/fonts/opentype/noto/NotoSerifCJKsc-Regular.otf",
            None,
            0,
        ),
        c("/usr/share/fonts/truetype/arphic/uming.ttc", None, 0),
    ]
}

fn linux_sans() -> Vec<Candidate> {
    vec![
        c(
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            Some("SC"),
            2,
        ),
        c(
            "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
            Some("SC"),
            2,
        ),
        c(
            "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
            Some("SC"),
            2,
        ),
        c(
            "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
            None,
            0,
        ),
        c("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", None, 0),
        c("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", None, 0),
        c("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", None, 0),
        c("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", None, 0),
    ]
}

fn resolve(list: Vec<Candidate>) -> Vec<FontSpec> {
    list.into_iter()
        .map(|cand| {
            let path = PathBuf::from(cand.path);
            let index = match cand.face_suffix {
                Some(suffix) if path.is_file() => {
                    face_by_suffix(&path, suffix).unwrap_or(cand.index)
                }
                _ => cand.index,
            };
            FontSpec { path, index }
        })
        .collect()
}

/// The system fonts we try, in order of preference for body text (Song/serif
/// first). Faces inside collections are picked by family name where the file
/// exists.
pub fn candidate_fonts() -> Vec<FontSpec> {
    resolve(body_list())
}

/// The same, in order of preference for headings (Hei/sans first).
pub fn heading_candidates() -> Vec<FontSpec> {
    resolve(heading_list())
}

/// The font to use: the override when it exists and is a usable CJK font,
/// else the first usable system candidate.
pub fn find_cjk_font(override_: Option<&FontSpec>) -> Result<FontSpec> {
    let mut searched = Vec::new();
    if let Some(spec) = override_ {
        searched.push(describe_spec(spec));
        if check_font(spec).is_ok() {
            return Ok(spec.clone());
        }
    }
    first_usable(candidate_fonts(), &mut searched).ok_or(DeskError::FontNotFound { searched })
}

/// The first usable heading (sans) face, if any.
pub(crate) fn find_heading_font() -> Option<FontSpec> {
    first_usable(heading_candidates(), &mut Vec::new())
}

fn first_usable(list: Vec<FontSpec>, searched: &mut Vec<String>) -> Option<FontSpec> {
    for spec in list {
        searched.push(describe_spec(&spec));
        if spec.path.is_file() && check_font(&spec).is_ok() {
            return Some(spec);
        }
    }
    None
}

fn describe_spec(spec: &FontSpec) -> String {
    if spec.index == 0 {
        spec.path.display().to_string()
    } else {
        format!("{} #{}", spec.path.display(), spec.index)
    }
}

/// Reads the file and checks that the face parses and has CJK glyphs.
pub(crate) fn read_font(spec: &FontSpec) -> Result<Vec<u8>> {
    let invalid = |reason: String| DeskError::FontInvalid {
        path: spec.path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(&spec.path).map_err(|e| invalid(format!("cannot read: {e}")))?;
    check_bytes(&bytes, spec.index).map_err(invalid)?;
    Ok(bytes)
}

fn check_font(spec: &FontSpec) -> Result<()> {
    read_font(spec).map(|_| ())
}

/// Why a face cannot be used, or Ok.
pub(crate) fn check_bytes(bytes: &[u8], index: u32) -> std::result::Result<(), String> {
    let faces = ttf_parser::fonts_in_collection(bytes).unwrap_or(1);
    if index >= faces {
        return Err(format!(
            "face index {index} does not exist (the file has {faces} face(s))"
        ));
    }
    let face = ttf_parser::Face::parse(bytes, index)
        .map_err(|e| format!("not a TrueType/OpenType font: {e}"))?;
    let missing: String = REQUIRED_CHARS
        .iter()
        .filter(|ch| face.glyph_index(**ch).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the font has no Chinese glyphs (missing {missing})"
        ));
    }
    if face.units_per_em() == 0 {
        return Err("units_per_em is 0".into());
    }
    Ok(())
}

/// The face's family name (English where there is one).
pub(crate) fn family_name(face: &ttf_parser::Face<'_>) -> Option<String> {
    use ttf_parser::name_id;
    let mut fallback = None;
    for id in [name_id::TYPOGRAPHIC_FAMILY, name_id::FAMILY] {
        for name in face.names() {
            if name.name_id != id {
                continue;
            }
            if let Some(s) = name.to_string() {
                if name.language_id == 0x409 {
                    return Some(s);
                }
                fallback.get_or_insert(s);
            }
        }
        if fallback.is_some() {
            return fallback;
        }
    }
    fallback
}

/// The index of the face whose family name ends with `suffix` ("SC").
fn face_by_suffix(path: &Path, suffix: &str) -> Option<u32> {
    let bytes = std::fs::read(path).ok()?;
    let n = ttf_parser::fonts_in_collection(&bytes).unwrap_or(1);
    (0..n).find(|&i| {
        ttf_parser::Face::parse(&bytes, i)
            .ok()
            .and_then(|f| family_name(&f))
            .is_some_and(|name| {
                let name = name.trim();
                // "Noto Serif CJK SC" yes; "Noto Sans Mono CJK SC" is monospaced: no.
                name.ends_with(suffix) && !name.contains("Mono")
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_override_falls_back_to_the_system_or_says_what_was_searched() {
        let bogus = FontSpec::new("/nonexistent/font.ttf", 0);
        match find_cjk_font(Some(&bogus)) {
            Ok(spec) => assert_ne!(spec, bogus),
            Err(DeskError::FontNotFound { searched }) => {
                assert!(searched[0].contains("/nonexistent/font.ttf"))
            }
            Err(e) => panic!("unexpected error {e}"),
        }
    }

    #[test]
    fn a_file_that_is_not_a_font_is_reported_invalid() {
        let e = check_bytes(b"hello, not a font", 0).unwrap_err();
        assert!(e.contains("not a TrueType"), "{e}");
    }
}
