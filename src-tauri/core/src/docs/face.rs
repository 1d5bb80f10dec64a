//! One font face, memory-mapped and read in place.
//!
//! A CJK collection is 19–26 MB; the documents need its header, its
//! character map, its advance widths and the outlines of a few hundred
//! glyphs. Mapping the file lets the operating system read just those pages
//! (and share them between processes); nothing is copied or parsed whole.

use std::fs::File;

use super::fonts::{check_bytes, family_name, FontSpec};
use crate::error::{DeskError, Result};

/// A mapped face: the file, the face index and what the PDF needs to know.
pub(crate) struct Face {
    pub spec: FontSpec,
    map: memmap2::Mmap,
    /// Family name (English where the font has one).
    pub family: String,
    /// PostScript name, for the PDF's /BaseFont (letters and digits only).
    pub ps_name: String,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Face({} {})", self.family, self.spec.shown())
    }
}

fn invalid(spec: &FontSpec, reason: String) -> DeskError {
    DeskError::FontInvalid {
        path: spec.path.display().to_string(),
        reason,
    }
}

impl Face {
    /// Maps the file and checks that the face parses and has CJK glyphs.
    pub fn open(spec: &FontSpec) -> Result<Face> {
        let file =
            File::open(&spec.path).map_err(|e| invalid(spec, format!("cannot read: {e}")))?;
        let len = file
            .metadata()
            .map_err(|e| invalid(spec, format!("cannot read: {e}")))?
            .len();
        if len < 12 {
            return Err(invalid(
                spec,
                "not a TrueType/OpenType font: the file is too short".into(),
            ));
        }
        // SAFETY: the map is read-only and private to us. Font files are not
        // rewritten while in use (installers replace them with a new file,
        // which leaves this mapping intact); this is how every font
        // database maps fonts (fontdb does the same).
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file) }
            .map_err(|e| invalid(spec, format!("cannot map: {e}")))?;
        check_bytes(&map, spec.index).map_err(|e| invalid(spec, e))?;
        let face =
            ttf_parser::Face::parse(&map, spec.index).map_err(|e| invalid(spec, e.to_string()))?;
        let family = family_name(&face).unwrap_or_else(|| "unnamed font".into());
        let ps_name = postscript_name(&face).unwrap_or_else(|| {
            family
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        });
        let ps_name = if ps_name.is_empty() {
            "CJKFont".to_string()
        } else {
            ps_name
        };
        Ok(Face {
            spec: spec.clone(),
            map,
            family,
            ps_name,
        })
    }

    /// The whole file (a collection holds several faces).
    pub fn data(&self) -> &[u8] {
        &self.map
    }

    /// The face, parsed in place (cheap: the table directory only).
    pub fn parse(&self) -> Result<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse(&self.map, self.spec.index)
            .map_err(|e| invalid(&self.spec, e.to_string()))
    }
}

/// The PostScript name, kept to the characters a PDF name may hold plainly.
fn postscript_name(face: &ttf_parser::Face<'_>) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .take(60)
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
}

/// Glyph advances of one face, in ems.
pub(crate) struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
    upem: f32,
}

impl<'a> Metrics<'a> {
    pub(crate) fn new(face: ttf_parser::Face<'a>) -> Self {
        let upem = f32::from(face.units_per_em().max(1));
        Metrics { face, upem }
    }

    /// Advance of `ch` in ems (a missing glyph uses the .notdef advance).
    pub(crate) fn advance_em(&self, ch: char) -> f32 {
        let gid = self.face.glyph_index(ch).unwrap_or(ttf_parser::GlyphId(0));
        match self.face.glyph_hor_advance(gid) {
            Some(a) => f32::from(a) / self.upem,
            None => 1.0,
        }
    }

    pub(crate) fn has_glyph(&self, ch: char) -> bool {
        self.face.glyph_index(ch).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_font_is_refused_with_the_reason() {
        let dir = std::env::temp_dir().join(format!("desk-face-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("not-a-font.ttf");
        std::fs::write(&path, b"this is not a font at all").unwrap();
        let err = Face::open(&FontSpec::new(&path, 0)).unwrap_err();
        assert_eq!(err.code(), "font_invalid");
        assert!(err.to_string().contains("not a TrueType"), "{err}");
        std::fs::write(&path, b"").unwrap();
        let err = Face::open(&FontSpec::new(&path, 0)).unwrap_err();
        assert!(err.to_string().contains("too short"), "{err}");
        let err = Face::open(&FontSpec::new(dir.join("missing.ttf"), 0)).unwrap_err();
        assert!(err.to_string().contains("cannot read"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
