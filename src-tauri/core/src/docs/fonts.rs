//! Which faces the documents are set in, found by family name.
//!
//! Chinese official documents use four kinds of face (GB/T 9704-2012): 宋体
//! (Song) for forms, 仿宋 (FangSong) for the body of a letter, 黑体 (Hei) for
//! its headings and 小标宋 for its title and letterhead. Each is looked up by
//! family name in the system's font database (fontdb: the Windows and macOS
//! font folders, fontconfig's folders on Linux), so an office gets SimSun,
//! FangSong, SimHei and 方正小标宋 on Windows, Songti/STFangsong/Heiti on macOS
//! and Noto Serif/Sans CJK SC on Linux. When a preferred face is missing the
//! next best is used, and [`FontChoice::note_zh`] says so. We never ship a
//! font; the user may also pick one file for everything in Settings.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::face::Face;
use crate::error::{DeskError, Result};

/// A font file and the face inside it (0 for a plain `.ttf`/`.otf`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    pub(crate) fn shown(&self) -> String {
        if self.index == 0 {
            self.path.display().to_string()
        } else {
            format!("{} #{}", self.path.display(), self.index)
        }
    }
}

/// What a face is used for on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 宋体: forms (slip, receipt, report), page numbers.
    Song,
    /// 仿宋: the body of letters.
    FangSong,
    /// 黑体: headings.
    Hei,
    /// 小标宋: the title and the letterhead of letters.
    Title,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Song, Role::FangSong, Role::Hei, Role::Title];

    pub(crate) fn slot(self) -> usize {
        self as usize
    }

    /// E.g. "仿宋（信函正文）".
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Song => "宋体（表格、回执、报告）",
            Role::FangSong => "仿宋（信函正文）",
            Role::Hei => "黑体（小标题）",
            Role::Title => "小标宋（信函标题、发文机关标志）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Song => "Song (forms, receipt, report)",
            Role::FangSong => "FangSong (letter body)",
            Role::Hei => "Hei (headings)",
            Role::Title => "Xiaobiaosong (letter title and letterhead)",
        }
    }

    /// The families wanted for this role, best first, with their weight.
    /// Names are matched against every localized family name of a face.
    fn wanted(self) -> &'static [(&'static str, u16)] {
        match self {
            Role::Song => &[
                ("SimSun", 400),
                ("宋体", 400),
                ("NSimSun", 400),
                ("Songti SC", 400),
                ("STSong", 400),
                ("华文宋体", 400),
                ("Noto Serif CJK SC", 400),
                ("Source Han Serif SC", 400),
                ("Source Han Serif CN", 400),
                ("思源宋体", 400),
                ("AR PL UMing CN", 400),
                ("AR PL SungtiL GB", 400),
            ],
            Role::FangSong => &[
                ("FangSong", 400),
                ("仿宋", 400),
                ("FangSong_GB2312", 400),
                ("仿宋_GB2312", 400),
                ("STFangsong", 400),
                ("华文仿宋", 400),
                ("FZFangSong-Z02S", 400),
                ("方正仿宋简体", 400),
                ("方正仿宋_GBK", 400),
            ],
            Role::Hei => &[
                ("SimHei", 400),
                ("黑体", 400),
                ("Heiti SC", 400),
                ("STHeiti", 400),
                ("华文黑体", 400),
                ("PingFang SC", 400),
                ("Microsoft YaHei", 400),
                ("微软雅黑", 400),
                ("Noto Sans CJK SC", 400),
                ("Source Han Sans SC", 400),
                ("Source Han Sans CN", 400),
                ("思源黑体", 400),
                ("WenQuanYi Zen Hei", 400),
                ("WenQuanYi Micro Hei", 400),
            ],
            Role::Title => &[
                ("FZXiaoBiaoSong-B05S", 400),
                ("方正小标宋简体", 400),
                ("方正小标宋_GBK", 400),
                ("FZXiaoBiaoSong-B05", 400),
                ("方正小标宋", 400),
            ],
        }
    }
}

/// A heavy Song is the nearest free stand-in for 小标宋.
const BOLD_SONG: &[(&str, u16)] = &[
    ("Noto Serif CJK SC", 700),
    ("Songti SC", 700),
    ("Source Han Serif SC", 700),
    ("Source Han Serif CN", 700),
    ("思源宋体", 700),
];

/// The face used for one role and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FontChoice {
    pub role: Role,
    pub spec: FontSpec,
    /// The face's family name as the font names it (English where it has one).
    pub family: String,
    /// True when a face of the wanted kind was found (or the user chose it).
    pub preferred: bool,
    /// Why another face stands in, when `preferred` is false.
    pub note_zh: String,
    pub note_en: String,
}

impl FontChoice {
    /// One line for Settings, e.g.
    /// "仿宋（信函正文）：本机没有仿宋字体，改用宋体 Noto Serif CJK SC（…#2）".
    pub fn describe(&self) -> String {
        let what = format!("{}（{}）", self.family, self.spec.shown());
        if self.preferred {
            format!("{}：{what}", self.role.label_zh())
        } else {
            format!(
                "{}：{}，改用 {what} / {}",
                self.role.label_zh(),
                self.note_zh,
                self.note_en
            )
        }
    }
}

/// Characters a usable font must have: without them a slip is unreadable.
const REQUIRED_CHARS: &[char] = &['投', '诉', '举', '报', '登', '记', '单', '０', '：'];

/// Why a face cannot be used, or Ok.
pub(crate) fn check_face(face: &ttf_parser::Face<'_>) -> std::result::Result<(), String> {
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

/// Why the face `index` of `bytes` cannot be used, or Ok.
pub(crate) fn check_bytes(bytes: &[u8], index: u32) -> std::result::Result<(), String> {
    let faces = ttf_parser::fonts_in_collection(bytes).unwrap_or(1);
    if index >= faces {
        return Err(format!(
            "face index {index} does not exist (the file has {faces} face(s))"
        ));
    }
    let face = ttf_parser::Face::parse(bytes, index)
        .map_err(|e| format!("not a TrueType/OpenType font: {e}"))?;
    check_face(&face)
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

/// One face the system has, as the font database lists it.
struct Listed {
    spec: FontSpec,
    families: Vec<String>,
    weight: u16,
    upright: bool,
}

/// The system's fonts, listed by fontdb (names only; no font is read whole).
struct SystemFonts {
    faces: Vec<Listed>,
}

impl SystemFonts {
    fn scan() -> SystemFonts {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let faces = db
            .faces()
            .filter(|f| !f.monospaced)
            .filter_map(|f| {
                let path = match &f.source {
                    fontdb::Source::File(p) => p.clone(),
                    fontdb::Source::SharedFile(p, _) => p.clone(),
                    fontdb::Source::Binary(_) => return None,
                };
                Some(Listed {
                    spec: FontSpec::new(path, f.index),
                    families: f.families.iter().map(|(n, _)| n.clone()).collect(),
                    weight: f.weight.0,
                    upright: f.style == fontdb::Style::Normal,
                })
            })
            .collect();
        SystemFonts { faces }
    }

    /// The first wanted family the system has as a usable CJK face, with the
    /// weight nearest the one wanted. Returns the face and its family name.
    fn find(&self, wanted: &[(&str, u16)]) -> Option<(FontSpec, String, u16)> {
        for (family, weight) in wanted {
            let mut matches: Vec<&Listed> = self
                .faces
                .iter()
                .filter(|f| f.upright)
                .filter(|f| f.families.iter().any(|n| n.eq_ignore_ascii_case(family)))
                .collect();
            matches.sort_by_key(|f| (f.weight as i32 - *weight as i32).abs());
            for m in matches {
                if let Ok(face) = Face::open(&m.spec) {
                    return Some((m.spec.clone(), face.family.clone(), m.weight));
                }
            }
        }
        None
    }
}

/// The face for every role: the user's font for all of them when it is
/// usable, else the system's by family name with fallbacks.
pub(crate) fn choose(override_: Option<&FontSpec>) -> Result<Vec<FontChoice>> {
    let mut searched = Vec::new();
    if let Some(spec) = override_ {
        searched.push(spec.shown());
        if let Ok(face) = Face::open(spec) {
            return Ok(all_from(spec, &face.family));
        }
    }
    let system = SystemFonts::scan();
    let chosen = choose_from(&system);
    if chosen.is_empty() {
        for r in Role::ALL {
            searched.extend(r.wanted().iter().map(|(f, _)| f.to_string()));
        }
        searched.dedup();
        return Err(DeskError::FontNotFound { searched });
    }
    Ok(chosen)
}

/// Every role set in one face (the user's choice in Settings).
pub(crate) fn all_from(spec: &FontSpec, family: &str) -> Vec<FontChoice> {
    Role::ALL
        .iter()
        .map(|&role| FontChoice {
            role,
            spec: spec.clone(),
            family: family.to_string(),
            preferred: true,
            note_zh: String::new(),
            note_en: String::new(),
        })
        .collect()
}

fn choose_from(system: &SystemFonts) -> Vec<FontChoice> {
    let found: Vec<Option<(FontSpec, String, u16)>> =
        Role::ALL.iter().map(|r| system.find(r.wanted())).collect();
    let [song, fang, hei, title] = [0, 1, 2, 3].map(|i| found[i].clone());
    // Song falls back to Hei: some face with the ideographs is better than none.
    let Some(song_face) = song.clone().or_else(|| hei.clone()) else {
        return Vec::new();
    };
    let pick = |role: Role,
                own: Option<(FontSpec, String, u16)>,
                fallback: (FontSpec, String, u16),
                zh: &str,
                en: &str| {
        let preferred = own.is_some();
        let (spec, family, _) = own.unwrap_or(fallback);
        FontChoice {
            role,
            spec,
            family,
            preferred,
            note_zh: if preferred { String::new() } else { zh.into() },
            note_en: if preferred { String::new() } else { en.into() },
        }
    };
    let hei_face = hei.clone().unwrap_or_else(|| song_face.clone());
    let title_fallback = system
        .find(BOLD_SONG)
        .filter(|(_, _, w)| *w >= 600)
        .unwrap_or_else(|| hei_face.clone());
    vec![
        pick(
            Role::Song,
            song,
            song_face.clone(),
            "本机没有宋体字体",
            "no Song face on this computer",
        ),
        pick(
            Role::FangSong,
            fang,
            song_face.clone(),
            "本机没有仿宋字体",
            "no FangSong face on this computer",
        ),
        pick(
            Role::Hei,
            hei,
            song_face,
            "本机没有黑体字体",
            "no Hei face on this computer",
        ),
        pick(
            Role::Title,
            title,
            title_fallback,
            "本机没有小标宋字体",
            "no Xiaobiaosong face on this computer",
        ),
    ]
}

/// The face forms are set in (宋体): the override when it exists and is a
/// usable CJK font, else the system's.
pub fn find_cjk_font(override_: Option<&FontSpec>) -> Result<FontSpec> {
    let chosen = choose(override_)?;
    Ok(chosen[Role::Song.slot()].spec.clone())
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

    /// A system face listed under other family names, as another computer
    /// would list it (e.g. Noto Serif CJK SC standing for "FangSong").
    fn renamed(family: &str, real: &str, weight: u16) -> Option<Listed> {
        let sys = SystemFonts::scan();
        let (spec, _, w) = sys.find(&[(real, weight)])?;
        Some(Listed {
            spec,
            families: vec![family.into(), format!("{family}-localized")],
            weight: w,
            upright: true,
        })
    }

    #[test]
    fn a_family_is_found_by_any_of_its_names_whatever_the_case() {
        let Some(face) = renamed("FangSong", "Noto Serif CJK SC", 400) else {
            return; // no Noto CJK here: nothing to rename
        };
        let spec = face.spec.clone();
        let sys = SystemFonts { faces: vec![face] };
        assert_eq!(
            sys.find(&[("fangsong", 400)]).map(|f| f.0),
            Some(spec.clone())
        );
        assert_eq!(
            sys.find(&[("Kaiti", 400), ("FangSong-localized", 400)])
                .map(|f| f.0),
            Some(spec)
        );
        assert_eq!(sys.find(&[("SimHei", 400)]), None);
    }

    #[test]
    fn a_listed_face_whose_file_is_gone_is_not_used() {
        let sys = SystemFonts {
            faces: vec![Listed {
                spec: FontSpec::new("/nowhere/simsun.ttc", 0),
                families: vec!["SimSun".into()],
                weight: 400,
                upright: true,
            }],
        };
        assert_eq!(sys.find(&[("SimSun", 400)]), None);
    }

    #[test]
    fn missing_fangsong_and_xiaobiaosong_fall_back_and_say_so() {
        let (Some(song), Some(hei)) = (
            renamed("SimSun", "Noto Serif CJK SC", 400),
            renamed("SimHei", "Noto Sans CJK SC", 400),
        ) else {
            return;
        };
        let (song_spec, hei_spec) = (song.spec.clone(), hei.spec.clone());
        let chosen = choose_from(&SystemFonts {
            faces: vec![song, hei],
        });
        let by = |r: Role| chosen[r.slot()].clone();
        assert!(by(Role::Song).preferred && by(Role::Song).spec == song_spec);
        assert!(by(Role::Hei).preferred && by(Role::Hei).spec == hei_spec);
        let fang = by(Role::FangSong);
        assert!(!fang.preferred);
        assert_eq!(fang.spec, song_spec, "FangSong falls back to the Song face");
        assert!(
            fang.describe().contains("本机没有仿宋字体"),
            "{}",
            fang.describe()
        );
        assert!(
            fang.describe().contains("no FangSong face"),
            "{}",
            fang.describe()
        );
        let title = by(Role::Title);
        assert!(!title.preferred);
        // No bold Song in this list: the Hei face stands in for 小标宋.
        assert_eq!(title.spec, hei_spec);
        assert!(title.describe().contains("本机没有小标宋字体"));
    }
}
