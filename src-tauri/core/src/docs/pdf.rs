//! Writing the laid-out pages as a PDF (with pdf-writer): content streams,
//! embedded images, and each face used embedded as a subset that holds only
//! the glyphs the document shows (subsetter, reading the mapped font file in
//! place), as a CID font with a ToUnicode map so the text can be searched
//! and copied.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::face::Face;
use super::fonts::Role;
use super::image::DocImage;
use super::DocFonts;
use crate::error::{DeskError, Result};

/// An RGB colour, each part 0.0–1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Color(pub f32, pub f32, pub f32);

impl Color {
    pub const BLACK: Color = Color(0.0, 0.0, 0.0);
    /// The red of a Chinese official letterhead.
    pub const RED: Color = Color(0.86, 0.08, 0.12);
    pub fn grey(g: f32) -> Color {
        Color(g, g, g)
    }
}

/// How a path's outline is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub width: f32,
    pub color: Color,
    /// Dash and gap lengths, for a dashed line.
    pub dash: Option<(f32, f32)>,
}

impl Stroke {
    pub fn new(width: f32, color: Color) -> Stroke {
        Stroke {
            width,
            color,
            dash: None,
        }
    }
}

/// One drawing operation, in PDF points from the page's BOTTOM-left corner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// One line of text with its baseline starting at (`x`, `y`); `spacing`
    /// is added after every character (negative to tighten a grid line).
    Text {
        role: Role,
        size: f32,
        x: f32,
        y: f32,
        spacing: f32,
        color: Color,
        text: String,
    },
    Path {
        points: Vec<(f32, f32)>,
        close: bool,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// Image `index` of the document, drawn into the box at (x, y) w × h.
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A page: its size in points and what is drawn on it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub ops: Vec<Op>,
}

/// One face being embedded: the glyphs used (old id → new id) and the text
/// each new glyph stands for.
struct Embedded<'f> {
    face: &'f Face,
    remapper: subsetter::GlyphRemapper,
    unicode: BTreeMap<u16, char>,
    name: String,
}

/// Deflate, as PDF's FlateDecode expects (zlib framing).
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

fn doc_err(what: &str, e: impl std::fmt::Display) -> DeskError {
    DeskError::Document(format!("{what}: {e}"))
}

/// Writes `pages` as a PDF titled `title`.
pub(crate) fn write(
    title: &str,
    fonts: &DocFonts,
    images: &[&DocImage],
    pages: &[Page],
) -> Result<Vec<u8>> {
    if pages.is_empty() {
        return Err(DeskError::Document("the document has no pages".into()));
    }
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    let mut pdf = Pdf::new();

    // Fonts: one per distinct face, glyph ids renumbered as they are met.
    let mut embedded: Vec<Embedded<'_>> = Vec::new();
    let mut by_role: [Option<usize>; 4] = [None; 4];
    let mut contents = Vec::with_capacity(pages.len());
    let mut used_images = vec![false; images.len()];
    for page in pages {
        let mut c = Content::new();
        let mut fonts_on_page: Vec<usize> = Vec::new();
        for op in &page.ops {
            match op {
                Op::Text {
                    role,
                    size,
                    x,
                    y,
                    spacing,
                    color,
                    text,
                } => {
                    let slot = match by_role[role.slot()] {
                        Some(s) => s,
                        None => {
                            let face = fonts.face(*role)?;
                            let s = match embedded.iter().position(|e| std::ptr::eq(e.face, face)) {
                                Some(s) => s,
                                None => {
                                    embedded.push(Embedded {
                                        face,
                                        remapper: subsetter::GlyphRemapper::new(),
                                        unicode: BTreeMap::new(),
                                        name: format!("F{}", embedded.len()),
                                    });
                                    embedded.len() - 1
                                }
                            };
                            by_role[role.slot()] = Some(s);
                            s
                        }
                    };
                    if !fonts_on_page.contains(&slot) {
                        fonts_on_page.push(slot);
                    }
                    let e = &mut embedded[slot];
                    let parsed = e.face.parse()?;
                    let mut codes = Vec::with_capacity(text.len() * 2);
                    for ch in text.chars() {
                        let gid = parsed.glyph_index(ch).map(|g| g.0).unwrap_or(0);
                        let new = e.remapper.remap(gid);
                        if gid != 0 {
                            e.unicode.entry(new).or_insert(ch);
                        }
                        codes.extend_from_slice(&new.to_be_bytes());
                    }
                    c.set_fill_rgb(color.0, color.1, color.2);
                    c.begin_text();
                    c.set_font(Name(e.name.as_bytes()), *size);
                    if *spacing != 0.0 {
                        c.set_char_spacing(*spacing);
                    }
                    c.next_line(*x, *y);
                    c.show(Str(&codes));
                    c.end_text();
                }
                Op::Path {
                    points,
                    close,
                    fill,
                    stroke,
                } => {
                    let Some((first, rest)) = points.split_first() else {
                        continue;
                    };
                    c.save_state();
                    if let Some(f) = fill {
                        c.set_fill_rgb(f.0, f.1, f.2);
                    }
                    if let Some(s) = stroke {
                        c.set_stroke_rgb(s.color.0, s.color.1, s.color.2);
                        c.set_line_width(s.width);
                        if let Some((on, off)) = s.dash {
                            c.set_dash_pattern([on, off], 0.0);
                        }
                    }
                    c.move_to(first.0, first.1);
                    for p in rest {
                        c.line_to(p.0, p.1);
                    }
                    if *close {
                        c.close_path();
                    }
                    match (fill.is_some(), stroke.is_some()) {
                        (true, true) => c.fill_nonzero_and_stroke(),
                        (true, false) => c.fill_nonzero(),
                        (false, true) => c.stroke(),
                        (false, false) => c.end_path(),
                    };
                    c.restore_state();
                }
                Op::Image { index, x, y, w, h } => {
                    if *index >= images.len() {
                        continue;
                    }
                    used_images[*index] = true;
                    c.save_state();
                    c.transform([*w, 0.0, 0.0, *h, *x, *y]);
                    c.x_object(Name(format!("Im{index}").as_bytes()));
                    c.restore_state();
                }
            }
        }
        contents.push((c.finish(), fonts_on_page));
    }

    // Images, once each, with their transparency as a soft mask.
    let mut image_refs: Vec<Option<Ref>> = vec![None; images.len()];
    for (i, img) in images.iter().enumerate() {
        if !used_images[i] {
            continue;
        }
        let id = alloc();
        let mask = img.alpha.as_ref().map(|a| (alloc(), deflate(a)));
        let data = deflate(&img.rgb);
        let mut x = pdf.image_xobject(id, &data);
        x.filter(Filter::FlateDecode);
        x.width(img.width as i32);
        x.height(img.height as i32);
        x.color_space().device_rgb();
        x.bits_per_component(8);
        if let Some((mask_id, _)) = &mask {
            x.s_mask(*mask_id);
        }
        x.finish();
        if let Some((mask_id, alpha)) = mask {
            let mut m = pdf.image_xobject(mask_id, &alpha);
            m.filter(Filter::FlateDecode);
            m.width(img.width as i32);
            m.height(img.height as i32);
            m.color_space().device_gray();
            m.bits_per_component(8);
        }
        image_refs[i] = Some(id);
    }

    // Fonts.
    let mut font_refs = Vec::with_capacity(embedded.len());
    for e in &embedded {
        font_refs.push(write_font(&mut pdf, &mut alloc, e)?);
    }

    // Pages.
    let mut page_ids = Vec::with_capacity(pages.len());
    for (page, (content, fonts_on_page)) in pages.iter().zip(contents) {
        let page_id = alloc();
        let content_id = alloc();
        page_ids.push(page_id);
        pdf.stream(content_id, &deflate(&content))
            .filter(Filter::FlateDecode);
        let mut p = pdf.page(page_id);
        p.parent(tree);
        p.media_box(Rect::new(0.0, 0.0, page.width, page.height));
        p.contents(content_id);
        let mut res = p.resources();
        {
            let mut f = res.fonts();
            for slot in fonts_on_page {
                f.pair(Name(embedded[slot].name.as_bytes()), font_refs[slot]);
            }
        }
        let on_page: Vec<usize> = page
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Image { index, .. } => Some(*index),
                _ => None,
            })
            .collect();
        if !on_page.is_empty() {
            let mut x = res.x_objects();
            for i in on_page {
                if let Some(Some(r)) = image_refs.get(i) {
                    x.pair(Name(format!("Im{i}").as_bytes()), *r);
                }
            }
        }
    }
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.catalog(catalog).pages(tree);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Complaint Desk"));
    Ok(pdf.finish())
}

/// A six-letter subset tag derived from the glyphs kept (the same glyphs
/// give the same tag, so a document renders to the same bytes every time).
fn subset_tag(e: &Embedded<'_>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for g in e.remapper.remapped_gids() {
        for b in g.to_be_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
        .collect()
}

/// The table `tag` of an sfnt (a single face, as subsetter writes it).
fn sfnt_table<'d>(data: &'d [u8], tag: &[u8; 4]) -> Option<&'d [u8]> {
    let n = u16::from_be_bytes([*data.get(4)?, *data.get(5)?]) as usize;
    for i in 0..n {
        let rec = data.get(12 + 16 * i..12 + 16 * (i + 1))?;
        if &rec[0..4] == tag {
            let off = u32::from_be_bytes([rec[8], rec[9], rec[10], rec[11]]) as usize;
            let len = u32::from_be_bytes([rec[12], rec[13], rec[14], rec[15]]) as usize;
            return data.get(off..off.checked_add(len)?);
        }
    }
    None
}

/// Embeds one face as a Type0 font over a CID font with the subset program.
fn write_font(pdf: &mut Pdf, alloc: &mut impl FnMut() -> Ref, e: &Embedded<'_>) -> Result<Ref> {
    let face = e.face.parse()?;
    let subset = subsetter::subset(e.face.data(), e.face.spec.index, &e.remapper)
        .map_err(|err| doc_err(&format!("cannot subset the font {}", e.face.family), err))?;
    let upem = f32::from(face.units_per_em().max(1));
    let scale = |v: f32| v * 1000.0 / upem;
    let base_font = format!("{}+{}", subset_tag(e), e.face.ps_name);

    let type0 = alloc();
    let cid = alloc();
    let descriptor = alloc();
    let file = alloc();
    let to_unicode = alloc();

    // Widths of the glyphs kept, in their new order.
    let widths: Vec<f32> = e
        .remapper
        .remapped_gids()
        .map(|g| {
            face.glyph_hor_advance(ttf_parser::GlyphId(g))
                .map(|a| scale(f32::from(a)))
                .unwrap_or(0.0)
        })
        .collect();

    let (cff, program) = match sfnt_table(&subset, b"CFF ") {
        Some(table) => (true, deflate(table)),
        None => (false, deflate(&subset)),
    };
    let mut stream = pdf.stream(file, &program);
    stream.filter(Filter::FlateDecode);
    if cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    }
    stream.finish();

    let mut t0 = pdf.type0_font(type0);
    t0.base_font(Name(base_font.as_bytes()));
    t0.encoding_predefined(Name(b"Identity-H"));
    t0.descendant_font(cid);
    t0.to_unicode(to_unicode);
    t0.finish();

    let mut c = pdf.cid_font(cid);
    c.subtype(if cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    });
    c.base_font(Name(base_font.as_bytes()));
    c.system_info(SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    });
    c.font_descriptor(descriptor);
    c.default_width(1000.0);
    c.widths().consecutive(0, widths.iter().copied());
    if !cff {
        c.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    c.finish();

    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::SYMBOLIC;
    if face.is_monospaced() {
        flags |= FontFlags::FIXED_PITCH;
    }
    let serif = matches!(e.face.family.as_str(), f if f.contains("Serif") || f.contains("Song") || f.contains("Sun") || f.contains("宋") || f.contains("Ming"));
    if serif {
        flags |= FontFlags::SERIF;
    }
    let mut d = pdf.font_descriptor(descriptor);
    d.name(Name(base_font.as_bytes()));
    d.flags(flags);
    d.bbox(Rect::new(
        scale(f32::from(bbox.x_min)),
        scale(f32::from(bbox.y_min)),
        scale(f32::from(bbox.x_max)),
        scale(f32::from(bbox.y_max)),
    ));
    d.italic_angle(face.italic_angle());
    d.ascent(scale(f32::from(face.ascender())));
    d.descent(scale(f32::from(face.descender())));
    d.cap_height(scale(f32::from(
        face.capital_height().unwrap_or(face.ascender()),
    )));
    d.stem_v(80.0 + f32::from(face.weight().to_number().saturating_sub(400)) * 0.2);
    if cff {
        d.font_file3(file);
    } else {
        d.font_file2(file);
    }
    d.finish();

    let mut cmap = UnicodeCmap::new(
        Name(b"Custom"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (g, ch) in &e.unicode {
        cmap.pair(*g, *ch);
    }
    pdf.cmap(to_unicode, &deflate(&cmap.finish()))
        .filter(Filter::FlateDecode);
    Ok(type0)
}
