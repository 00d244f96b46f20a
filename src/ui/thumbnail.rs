//! Small pictures of attached images for the attachment list. The decoders
//! are resvg's (already in the window for icons: PNG, JPEG, GIF, WebP), so
//! thumbnails add no crate and no size to the program; iced's `image`
//! feature would add both. The picture is decoded and shrunk once, in a
//! task; the window then draws a tiny PNG.

use std::path::Path;

use base64::Engine;
use iced::widget::svg;
use resvg::{tiny_skia, usvg};

/// Thumbnails are this many pixels square (drawn at half for sharpness on
/// scaled screens).
pub const PIXELS: u32 = 64;

/// Larger pictures are not read for a thumbnail: the icon does.
const MAX_BYTES: u64 = 20 * 1000 * 1000;

fn mime(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// Whether the file is a picture a thumbnail can be made of (by its name).
pub fn is_picture(path: &Path) -> bool {
    mime(path).is_some()
}

/// The picture in `path` shrunk to fill a square, or None when it is not a
/// picture, too big, or cannot be decoded. Blocking: run as a task.
pub fn make(path: &Path) -> Option<svg::Handle> {
    let mime = mime(path)?;
    if std::fs::metadata(path).ok()?.len() > MAX_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let small = render(&wrap(mime, &bytes, 4096))?;
    Some(svg::Handle::from_memory(wrap("image/png", &small, PIXELS)))
}

/// An SVG that shows the picture over its whole square, cut to fit.
fn wrap(mime: &str, bytes: &[u8], side: u32) -> Vec<u8> {
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{side}" height="{side}" viewBox="0 0 {side} {side}"><image width="{side}" height="{side}" preserveAspectRatio="xMidYMid slice" xlink:href="data:{mime};base64,{data}"/></svg>"#
    )
    .into_bytes()
}

/// The SVG drawn into `PIXELS` square, as PNG; None when nothing was drawn
/// (the picture did not decode).
fn render(svg: &[u8]) -> Option<Vec<u8>> {
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default()).ok()?;
    let mut pixmap = tiny_skia::Pixmap::new(PIXELS, PIXELS)?;
    let scale = PIXELS as f32 / tree.size().width().max(1.0);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    if pixmap.pixels().iter().all(|p| p.alpha() == 0) {
        return None;
    }
    pixmap.encode_png().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG `w`×`h`, red on the left half and blue on the right.
    fn picture(w: u32, h: u32) -> Vec<u8> {
        let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
        for (i, pixel) in pixmap.pixels_mut().iter_mut().enumerate() {
            let left = (i as u32 % w) < w / 2;
            *pixel = tiny_skia::ColorU8::from_rgba(
                if left { 255 } else { 0 },
                0,
                if left { 0 } else { 255 },
                255,
            )
            .premultiply();
        }
        pixmap.encode_png().unwrap()
    }

    #[test]
    fn a_picture_becomes_a_small_square_that_keeps_its_colours() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("صورة.PNG");
        std::fs::write(&file, picture(400, 200)).unwrap();
        assert!(make(&file).is_some());
        // What the handle holds: the shrunk picture, filled to the square
        // (cut at the sides), red left and blue right.
        let small = render(&wrap("image/png", &std::fs::read(&file).unwrap(), 4096)).unwrap();
        let pixmap = tiny_skia::Pixmap::decode_png(&small).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (PIXELS, PIXELS));
        let at = |x: u32, y: u32| pixmap.pixel(x, y).unwrap();
        assert_eq!((at(2, 32).red(), at(2, 32).blue()), (255, 0));
        assert_eq!((at(61, 32).red(), at(61, 32).blue()), (0, 255));
        assert!(small.len() < 4000, "{} bytes", small.len());
    }

    #[test]
    fn no_thumbnail_for_what_is_not_a_picture() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.jpg");
        std::fs::write(&broken, b"not a jpeg").unwrap();
        assert!(make(&broken).is_none());
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, picture(4, 4)).unwrap();
        assert!(make(&text).is_none(), "by its name, as the icon is");
        assert!(make(&dir.path().join("gone.png")).is_none());
    }
}
