//! Icons: Lucide (ISC licence, assets/icons/lucide/LICENSE), bundled as SVG
//! and drawn by iced's svg widget in the colour of the text beside them.
//! Icons that point the way of reading (send, undo) are mirrored in Arabic;
//! the others (clock, paperclip, files) are not.

use std::borrow::Cow;
use std::sync::LazyLock;

use iced::widget::{Svg, svg, text};
use iced::{Color, Element, Length};

use crate::ui::dir;
use crate::ui::theme::{self, Colors};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Compose,
    Outbox,
    Sent,
    Accounts,
    Settings,
    Send,
    Attach,
    Clock,
    Alert,
    Check,
    Close,
    Undo,
    Retry,
    Edit,
    Trash,
    Plus,
    Sending,
    Held,
    File,
    FileText,
    FileImage,
    FileArchive,
    FileAudio,
    FileVideo,
    Folder,
    ChevronDown,
    Calendar,
    Minus,
    ChevronLeft,
    ChevronRight,
}

macro_rules! lucide {
    ($name:literal) => {
        include_bytes!(concat!("../../assets/icons/lucide/", $name, ".svg"))
    };
}

impl Icon {
    fn source(self) -> &'static [u8] {
        match self {
            Icon::Compose => lucide!("pen-line"),
            Icon::Outbox => lucide!("inbox"),
            Icon::Sent => lucide!("mail-check"),
            Icon::Accounts => lucide!("users"),
            Icon::Settings => lucide!("settings"),
            Icon::Send => lucide!("send"),
            Icon::Attach => lucide!("paperclip"),
            Icon::Clock => lucide!("clock"),
            Icon::Alert => lucide!("circle-alert"),
            Icon::Check => lucide!("circle-check"),
            Icon::Close => lucide!("x"),
            Icon::Undo => lucide!("undo-2"),
            Icon::Retry => lucide!("rotate-cw"),
            Icon::Edit => lucide!("pencil"),
            Icon::Trash => lucide!("trash-2"),
            Icon::Plus => lucide!("plus"),
            Icon::Sending => lucide!("loader"),
            Icon::Held => lucide!("lock"),
            Icon::File => lucide!("file"),
            Icon::FileText => lucide!("file-text"),
            Icon::FileImage => lucide!("file-image"),
            Icon::FileArchive => lucide!("file-archive"),
            Icon::FileAudio => lucide!("file-audio"),
            Icon::FileVideo => lucide!("file-video"),
            Icon::Folder => lucide!("folder"),
            Icon::ChevronDown => lucide!("chevron-down"),
            Icon::Calendar => lucide!("calendar"),
            Icon::Minus => lucide!("minus"),
            Icon::ChevronLeft => lucide!("chevron-left"),
            Icon::ChevronRight => lucide!("chevron-right"),
        }
    }

    /// Whether the picture points along the line of reading.
    pub fn mirrors(self) -> bool {
        matches!(self, Icon::Send | Icon::Undo)
    }

    /// The file's type by its name, for the attachment list.
    pub fn for_file(name: &str) -> Icon {
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "heic" | "bmp" | "tif" | "tiff" => {
                Icon::FileImage
            }
            "zip" | "gz" | "tgz" | "xz" | "bz2" | "7z" | "rar" | "tar" | "zst" => Icon::FileArchive,
            "mp3" | "ogg" | "opus" | "wav" | "flac" | "m4a" => Icon::FileAudio,
            "mp4" | "mkv" | "webm" | "mov" | "avi" => Icon::FileVideo,
            "txt" | "md" | "pdf" | "doc" | "docx" | "odt" | "rtf" | "csv" | "eml" => Icon::FileText,
            _ => Icon::File,
        }
    }

    /// The SVG as drawn now: mirrored in a right-to-left interface when the
    /// icon has a direction.
    fn handle(self) -> svg::Handle {
        let bytes: Cow<'static, [u8]> = if self.mirrors() && dir::is_rtl() {
            Cow::Borrowed(match self {
                Icon::Send => MIRRORED_SEND.as_slice(),
                _ => MIRRORED_UNDO.as_slice(),
            })
        } else {
            Cow::Borrowed(self.source())
        };
        svg::Handle::from_memory(bytes)
    }
}

static MIRRORED_SEND: LazyLock<Vec<u8>> = LazyLock::new(|| mirrored(Icon::Send.source()));
static MIRRORED_UNDO: LazyLock<Vec<u8>> = LazyLock::new(|| mirrored(Icon::Undo.source()));

/// The drawing flipped left to right inside its 24×24 box.
fn mirrored(source: &[u8]) -> Vec<u8> {
    let svg = String::from_utf8_lossy(source);
    let (Some(open), Some(close)) = (svg.find("<svg"), svg.rfind("</svg>")) else {
        return source.to_vec();
    };
    let Some(body) = svg[open..].find('>').map(|i| open + i + 1) else {
        return source.to_vec();
    };
    format!(
        "{}<g transform=\"matrix(-1 0 0 1 24 0)\">{}</g>{}",
        &svg[..body],
        &svg[body..close],
        &svg[close..]
    )
    .into_bytes()
}

/// An icon `size` pixels square, in the colour `role` picks from the theme.
pub fn icon<'a>(which: Icon, size: f32, role: fn(&Colors) -> Color) -> Svg<'a> {
    svg(which.handle())
        .width(Length::Fixed(size))
        .height(Length::Fixed(size))
        .style(move |theme, _| svg::Style {
            color: Some(role(theme::colors(theme))),
        })
}

/// An icon followed (in reading order) by its label, for buttons.
pub fn labelled<'a, Message: 'a>(
    which: Icon,
    label: String,
    role: fn(&Colors) -> Color,
) -> Element<'a, Message> {
    dir::row(vec![icon(which, 16.0, role).into(), text(label).into()])
        .spacing(theme::space::XS + 2.0)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mirrored_icon_is_the_same_drawing_flipped() {
        let flipped = String::from_utf8(mirrored(Icon::Send.source())).unwrap();
        let original = String::from_utf8_lossy(Icon::Send.source());
        assert!(flipped.contains("<g transform=\"matrix(-1 0 0 1 24 0)\">"));
        // Every path is still there, inside the flip.
        for path in original.matches("<path") {
            assert!(flipped.contains(path));
        }
        assert_eq!(
            flipped.matches("<path").count(),
            original.matches("<path").count()
        );
        let g = flipped.find("<g ").unwrap();
        assert!(flipped.find("<path").unwrap() > g);
        assert!(flipped.rfind("</g>").unwrap() < flipped.rfind("</svg>").unwrap());
    }

    #[test]
    fn only_icons_with_a_direction_mirror() {
        assert!(Icon::Send.mirrors());
        assert!(Icon::Undo.mirrors());
        for still in [
            Icon::Attach,
            Icon::Clock,
            Icon::Check,
            Icon::Retry,
            Icon::File,
        ] {
            assert!(!still.mirrors(), "{still:?}");
        }
    }

    #[test]
    fn attachments_get_the_icon_of_their_type() {
        assert_eq!(Icon::for_file("صورة.JPG"), Icon::FileImage);
        assert_eq!(Icon::for_file("report.pdf"), Icon::FileText);
        assert_eq!(Icon::for_file("backup.tar.gz"), Icon::FileArchive);
        assert_eq!(Icon::for_file("Makefile"), Icon::File);
    }

    /// Every bundled icon is a 24×24 drawing, and stays one when mirrored.
    #[test]
    fn every_icon_is_a_24_px_drawing_mirrored_or_not() {
        use Icon::*;
        for icon in [
            Compose,
            Outbox,
            Sent,
            Accounts,
            Settings,
            Send,
            Attach,
            Clock,
            Alert,
            Check,
            Close,
            Undo,
            Retry,
            Edit,
            Trash,
            Plus,
            Sending,
            Held,
            File,
            FileText,
            FileImage,
            FileArchive,
            FileAudio,
            FileVideo,
            Calendar,
            Minus,
            ChevronLeft,
            ChevronRight,
        ] {
            let text = std::str::from_utf8(icon.source()).unwrap();
            assert!(text.contains("viewBox=\"0 0 24 24\""), "{icon:?}");
            well_formed(text);
            well_formed(std::str::from_utf8(&mirrored(icon.source())).unwrap());
        }
    }

    fn well_formed(svg: &str) {
        let open = svg.find("<svg").expect("an svg element");
        assert!(svg[open..].trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    }
}
