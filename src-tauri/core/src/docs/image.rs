//! Images placed on documents: the office's letterhead logo. Only PNG and
//! JPEG are accepted; the size of the
//! file and of the picture are checked from its header before anything is
//! decoded, so a hostile file cannot make us allocate gigabytes.

use std::io::Cursor;

use crate::error::{DeskError, FieldError, Result};

/// Largest accepted image file.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// Largest accepted width or height, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 4000;

/// A checked and decoded PNG or JPEG, ready to be placed on a page: its
/// pixels as 8-bit RGB and, when it has transparency, its alpha channel.
#[derive(Clone)]
pub struct DocImage {
    pub(crate) rgb: Vec<u8>,
    pub(crate) alpha: Option<Vec<u8>>,
    pub width: u32,
    pub height: u32,
}

impl std::fmt::Debug for DocImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DocImage({}×{})", self.width, self.height)
    }
}

fn invalid(field: &str, code: &'static str, zh: String, en: String) -> DeskError {
    DeskError::Validation(vec![FieldError::new(field, code, zh, en)])
}

impl DocImage {
    /// Checks and decodes `bytes`; problems are reported against `field`
    /// (e.g. "logo") with a message saying what to do.
    pub fn decode(bytes: &[u8], field: &str) -> Result<DocImage> {
        if bytes.is_empty() {
            return Err(invalid(
                field,
                "image_empty",
                "图片文件是空的，请选择一个 PNG 或 JPEG 图片。".into(),
                "The image file is empty; choose a PNG or JPEG image.".into(),
            ));
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(invalid(
                field,
                "image_too_large",
                format!(
                    "图片文件过大（{:.1} MB），最大 2 MB；请压缩或缩小后再选择。",
                    bytes.len() as f64 / 1_048_576.0
                ),
                format!(
                    "The image file is too large ({:.1} MB, at most 2 MB); compress or shrink it and choose it again.",
                    bytes.len() as f64 / 1_048_576.0
                ),
            ));
        }
        let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            image::ImageFormat::Png
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            image::ImageFormat::Jpeg
        } else {
            return Err(invalid(
                field,
                "image_format",
                "不是 PNG 或 JPEG 图片，请选择 .png 或 .jpg 文件。".into(),
                "This is not a PNG or JPEG image; choose a .png or .jpg file.".into(),
            ));
        };
        let unreadable = |e: String| {
            invalid(
                field,
                "image_unreadable",
                format!("图片无法读取（{e}），文件可能已损坏，请重新导出后再选择。"),
                format!("The image cannot be read ({e}); the file may be damaged, export it again and choose it."),
            )
        };
        let (width, height) = image::ImageReader::with_format(Cursor::new(bytes), format)
            .into_dimensions()
            .map_err(|e| unreadable(e.to_string()))?;
        if width == 0 || height == 0 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
            return Err(invalid(
                field,
                "image_dimensions",
                format!("图片尺寸为 {width}×{height} 像素，应在 1 到 {MAX_IMAGE_SIDE} 像素之间，请缩放后再选择。"),
                format!("The image is {width}×{height} pixels; each side must be 1 to {MAX_IMAGE_SIDE} pixels, resize it and choose it again."),
            ));
        }
        let decoded = image::ImageReader::with_format(Cursor::new(bytes), format)
            .decode()
            .map_err(|e| unreadable(e.to_string()))?;
        if decoded.width() != width || decoded.height() != height {
            return Err(unreadable("size mismatch".into()));
        }
        let (rgb, alpha) = if decoded.color().has_alpha() {
            let rgba = decoded.into_rgba8();
            let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
            let mut alpha = Vec::with_capacity(rgba.len() / 4);
            for px in rgba.pixels() {
                rgb.extend_from_slice(&px.0[..3]);
                alpha.push(px.0[3]);
            }
            // Fully opaque: no mask needed.
            let alpha = alpha.iter().any(|a| *a != 255).then_some(alpha);
            (rgb, alpha)
        } else {
            (decoded.into_rgb8().into_raw(), None)
        };
        Ok(DocImage {
            rgb,
            alpha,
            width,
            height,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 20, 20]));
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("encode png");
        out
    }

    fn code(e: DeskError) -> &'static str {
        match e {
            DeskError::Validation(f) => f[0].code,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_png_is_decoded_with_its_size() {
        let img = DocImage::decode(&png(30, 12), "logo").expect("valid png");
        assert_eq!((img.width, img.height), (30, 12));
    }

    #[test]
    fn text_and_truncated_files_are_refused_with_a_reason() {
        assert_eq!(
            code(DocImage::decode(b"hello", "logo").unwrap_err()),
            "image_format"
        );
        assert_eq!(
            code(DocImage::decode(b"", "logo").unwrap_err()),
            "image_empty"
        );
        let cut = &png(30, 12)[..20];
        assert_eq!(
            code(DocImage::decode(cut, "logo").unwrap_err()),
            "image_unreadable"
        );
    }

    #[test]
    fn huge_files_and_pictures_are_refused_before_decoding() {
        let mut big = png(2, 2);
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert_eq!(
            code(DocImage::decode(&big, "logo").unwrap_err()),
            "image_too_large"
        );
        assert_eq!(
            code(DocImage::decode(&png(MAX_IMAGE_SIDE + 1, 1), "logo").unwrap_err()),
            "image_dimensions"
        );
    }
}
