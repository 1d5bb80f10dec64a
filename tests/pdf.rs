//! Reading the PDFs the app makes as a person would check them: the text
//! `pdftotext` extracts (compared with golden files), where each word sits
//! (`pdftotext -bbox`), the fonts `pdffonts` lists (embedded and subset),
//! the text sizes the pages set, and the pages as pictures (`pdftoppm`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use desk_core::docs::DocFonts;

/// The system's CJK fonts, loaded once per test binary.
pub fn fonts() -> &'static DocFonts {
    static FONTS: OnceLock<DocFonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        DocFonts::load_system(None).unwrap_or_else(|e| {
            panic!("no Chinese font for the document tests ({e}); install fonts-noto-cjk")
        })
    })
}

/// `tests/golden/<sub>`.
pub fn golden_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(sub)
}

/// A scratch file for this test process.
pub fn out_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("desk-pdf-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir.join(name)
}

pub fn run_tool(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): install poppler-utils (apt install poppler-utils)")
    });
    assert!(
        out.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext -layout` of the PDF, normalised: lines trimmed, runs of 2+
/// spaces made exactly two, blank runs made one, page breaks written
/// "---- 分页 ----" — so small width differences between fonts do not matter.
pub fn pdf_text(name: &str, pdf: &[u8]) -> String {
    let path = out_path(&format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    let raw = run_tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    let mut out: Vec<String> = Vec::new();
    let pages: Vec<&str> = raw.split('\u{c}').collect();
    let last = pages
        .iter()
        .rposition(|p| !p.trim().is_empty())
        .unwrap_or(0);
    for (i, page) in pages.iter().enumerate().take(last + 1) {
        if i > 0 {
            out.push("---- 分页 ----".into());
        }
        for line in page.lines() {
            let mut s = String::new();
            let mut spaces = 0;
            for ch in line.trim().chars() {
                if ch == ' ' {
                    spaces += 1;
                    continue;
                }
                if spaces > 0 {
                    s.push_str(if spaces == 1 { " " } else { "  " });
                    spaces = 0;
                }
                s.push(ch);
            }
            if s.is_empty()
                && out
                    .last()
                    .is_none_or(|l| l.is_empty() || l.starts_with("----"))
            {
                continue;
            }
            out.push(s);
        }
        while out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The text without any whitespace, so a name wrapped across lines is found.
pub fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Compares `actual` with `tests/golden/<sub>/<name>.txt`, or rewrites the
/// file when UPDATE_GOLDEN=1.
pub fn check_golden(sub: &str, name: &str, actual: &str) {
    let dir = golden_dir(sub);
    let path = dir.join(format!("{name}.txt"));
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(&dir).expect("create golden dir");
        std::fs::write(&path, actual).expect("write golden file");
        eprintln!("updated {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {} ({e}); run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let actual_path = out_path(&format!("{name}.actual.txt"));
        std::fs::write(&actual_path, actual).ok();
        let (n, (e, a)) = expected
            .lines()
            .chain(std::iter::repeat("<end>"))
            .zip(actual.lines().chain(std::iter::repeat("<end>")))
            .enumerate()
            .find(|(_, (e, a))| e != a)
            .unwrap_or((0, ("?", "?")));
        panic!(
            "{name}: the document text differs from {} at line {}:\n  expected: {e}\n  actual:   {a}\n\
             The whole text is in {}. If the change is intended, rerun with UPDATE_GOLDEN=1.",
            path.display(),
            n + 1,
            actual_path.display()
        );
    }
}

/// Every font in the PDF is embedded and subset (`pdffonts`).
pub fn assert_fonts_embedded_and_subset(name: &str, pdf: &[u8]) {
    let path = out_path(&format!("{name}.fonts.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    let listing = run_tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = listing
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{name}: no fonts in the PDF:\n{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "{name}: odd pdffonts row {row:?}");
        assert_eq!(
            (cols[n - 5], cols[n - 4]),
            ("yes", "yes"),
            "{name}: font not embedded+subset: {row}"
        );
    }
}

/// The images in the PDF as `pdfimages -list` shows them, one row each
/// (the soft masks of transparent images included).
pub fn pdf_images(name: &str, pdf: &[u8]) -> Vec<String> {
    let path = out_path(&format!("{name}.images.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    run_tool("pdfimages", &["-list", path.to_str().unwrap()])
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// A sample office emblem as PNG (`width` × `width` pixels): a red disc with
/// a white ring and a white five-pointed star, on a transparent ground.
pub fn logo_png(width: u32) -> Vec<u8> {
    let c = width as f32 / 2.0;
    let star = |x: f32, y: f32| {
        // Inside a star of outer radius r: compare the polar radius with the
        // star's edge at that angle.
        let r = width as f32 * 0.28;
        let (dx, dy) = (x - c, y - c);
        let d = (dx * dx + dy * dy).sqrt();
        let a = dy.atan2(dx) + std::f32::consts::FRAC_PI_2;
        let sector = std::f32::consts::TAU / 5.0;
        let t = (a.rem_euclid(sector) / sector - 0.5).abs() * 2.0; // 0 at a point, 1 between
        let edge = r * (1.0 - 0.62 * t);
        d <= edge
    };
    let img = image::RgbaImage::from_fn(width, width, |x, y| {
        let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
        let d = ((fx - c).powi(2) + (fy - c).powi(2)).sqrt() / c;
        if d > 1.0 {
            image::Rgba([0, 0, 0, 0])
        } else if (0.80..0.86).contains(&d) || star(fx, fy) {
            image::Rgba([255, 255, 255, 255])
        } else {
            image::Rgba([200, 16, 46, 255])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode the sample logo");
    out
}

/// A word on a page and its box, in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    pub page: usize,
    pub text: String,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
}

impl WordBox {
    pub fn height(&self) -> f32 {
        self.y_max - self.y_min
    }
}

/// Every word of the PDF with its box (`pdftotext -bbox`).
pub fn word_boxes(name: &str, pdf: &[u8]) -> Vec<WordBox> {
    let path = out_path(&format!("{name}.bbox.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    let html = run_tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let attr = |tag: &str, key: &str| -> f32 {
        let k = format!("{key}=\"");
        tag.split(&k)
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f32::NAN)
    };
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').unwrap_or((rest, ""));
            let text = text.trim_end_matches("</word>");
            out.push(WordBox {
                page,
                text: text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
                x_min: attr(tag, "xMin"),
                y_min: attr(tag, "yMin"),
                x_max: attr(tag, "xMax"),
                y_max: attr(tag, "yMax"),
            });
        }
    }
    out
}

/// The sizes every text of the PDF is set in (the `Tf` operators of its
/// content streams, inflated).
pub fn text_sizes(pdf: &[u8]) -> Vec<f32> {
    let mut sizes = Vec::new();
    let mut rest = pdf;
    while let Some(i) = find(rest, b"stream") {
        let mut start = i + 6;
        if rest.get(start) == Some(&b'\r') {
            start += 1;
        }
        if rest.get(start) == Some(&b'\n') {
            start += 1;
        }
        let Some(len) = find(&rest[start..], b"endstream") else {
            break;
        };
        let data = &rest[start..start + len];
        if let Ok(text) = miniz_oxide::inflate::decompress_to_vec_zlib(data) {
            let text = String::from_utf8_lossy(&text);
            let words: Vec<&str> = text.split_whitespace().collect();
            for w in words.windows(3) {
                if w[2] == "Tf" && w[0].starts_with('/') {
                    if let Ok(size) = w[1].parse::<f32>() {
                        sizes.push(size);
                    }
                }
            }
        }
        rest = &rest[start + len + 9..];
    }
    sizes
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Renders every page at `dpi` with `pdftoppm`; returns the PNG files in
/// page order (`<dir>/<name>-1.png`, …).
pub fn render_pages(name: &str, pdf: &[u8], dir: &Path, dpi: u32) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("create png dir");
    let path = out_path(&format!("{name}.render.pdf"));
    std::fs::write(&path, pdf).expect("write pdf");
    // "<name>-<page>.png" only: "reply-letter" must not take "reply-letter-logo-1.png".
    let page_of = |p: &Path| -> Option<u32> {
        let f = p.file_name()?.to_string_lossy().to_string();
        let n = f.strip_prefix(&format!("{name}-"))?.strip_suffix(".png")?;
        n.parse().ok()
    };
    let listed = || -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .expect("read png dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| page_of(p).is_some())
            .collect()
    };
    for old in listed() {
        std::fs::remove_file(old).ok();
    }
    let prefix = dir.join(name);
    run_tool(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-png",
            path.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut pages = listed();
    pages.sort_by_key(|p| page_of(p));
    pages
}

/// With GOLDEN_PNG=1, renders the PDF's pages to `tests/golden/png/<name>-N.png`
/// at 80 dpi, the pictures a person looks at to review the layout.
pub fn png_golden(name: &str, pdf: &[u8]) {
    if std::env::var("GOLDEN_PNG").is_ok_and(|v| v == "1") {
        let pages = render_pages(name, pdf, &golden_dir("png"), 80);
        assert!(!pages.is_empty(), "{name}: no page rendered");
    }
}
