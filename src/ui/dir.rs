//! Layout direction. iced 0.14 has none, so every screen builds its rows and
//! alignments through these helpers, which mirror them when the interface
//! language is written right to left. Content that is always left to right
//! (addresses, host names, ports) uses [`ltr_input`].

use std::sync::atomic::{AtomicBool, Ordering};

use iced::alignment::Horizontal;
use iced::widget::{Row, text_input};
use iced::{Alignment, Element};

static RTL: AtomicBool = AtomicBool::new(false);

/// Follows the language now loaded (call after changing it).
pub fn refresh() {
    RTL.store(crate::i18n::is_rtl(), Ordering::Relaxed);
}

pub fn is_rtl() -> bool {
    RTL.load(Ordering::Relaxed)
}

/// A row whose children run in reading order: left to right, or right to
/// left in Arabic.
pub fn row<'a, Message: 'a>(children: Vec<Element<'a, Message>>) -> Row<'a, Message> {
    let mut children = children;
    if is_rtl() {
        children.reverse();
    }
    Row::with_children(children)
        .spacing(8)
        .align_y(Alignment::Center)
}

/// Where text and column content starts: left, or right in Arabic.
pub fn start() -> Horizontal {
    if is_rtl() {
        Horizontal::Right
    } else {
        Horizontal::Left
    }
}

/// Where trailing controls go: right, or left in Arabic.
pub fn end() -> Horizontal {
    if is_rtl() {
        Horizontal::Left
    } else {
        Horizontal::Right
    }
}

/// The arrow that points "forward" in reading order.
pub fn forward_arrow() -> &'static str {
    if is_rtl() { "←" } else { "→" }
}

/// A text field for content that is always left to right, whatever the
/// interface direction (e-mail addresses, host names, ports); an Arabic
/// display name inside an address still reads right to left.
pub fn ltr_input<'a, Message: Clone + 'a>(
    placeholder: &str,
    value: &str,
) -> crate::ui::widget::editor::Editor<'a, Message> {
    crate::ui::widget::editor::single_line(placeholder, value).left_to_right()
}

/// A password field: iced's own, which shows dots, left to right.
pub fn password_input<'a, Message: Clone + 'a>(value: &str) -> text_input::TextInput<'a, Message> {
    text_input("", value)
        .secure(true)
        .align_x(Horizontal::Left)
        .padding(6)
}

/// A text field for free text (names, subject, signature, search): each
/// line placed and edited in its own direction, Arabic or English or both
/// (see [`crate::ui::widget::editor`]).
pub fn input<'a, Message: Clone + 'a>(
    placeholder: &str,
    value: &str,
) -> crate::ui::widget::editor::Editor<'a, Message> {
    crate::ui::widget::editor::single_line(placeholder, value)
}

/// A field label of fixed width, its text at the start side; a label
/// longer than its column wraps inside it (see [`paragraph`]).
pub fn label<'a, Message: 'a>(content: String, width: f32) -> Element<'a, Message> {
    paragraph(content).width(iced::Length::Fixed(width)).into()
}

/// The width of a column of field labels: the widest of `labels` at the
/// body size (as the window lays it out), and at least `least`, so that no
/// label runs past its column in a language whose words are longer.
pub fn label_width(labels: &[String], least: f32) -> f32 {
    use iced::advanced::text::Paragraph as _;
    labels
        .iter()
        .map(|label| {
            <iced::Renderer as iced::advanced::text::Renderer>::Paragraph::with_text(
                iced::advanced::Text {
                    content: label.as_str(),
                    bounds: iced::Size::INFINITE,
                    size: iced::Pixels(crate::ui::theme::size::BODY),
                    line_height: iced::widget::text::LineHeight::default(),
                    font: crate::ui::DEFAULT_FONT,
                    align_x: iced::advanced::text::Alignment::Default,
                    align_y: iced::alignment::Vertical::Top,
                    shaping: iced::widget::text::Shaping::Auto,
                    wrapping: iced::widget::text::Wrapping::None,
                },
            )
            .min_width()
            .ceil()
                + 2.0
        })
        .fold(least, f32::max)
}

/// Text that may wrap: every sentence, message and hint longer than a
/// label. It takes the width it is given, wraps inside it and sets its
/// lines at the start side (see [`crate::ui::widget::paragraph`] for why
/// iced's `text` does not stay in its box).
pub fn paragraph<'a>(content: impl Into<String>) -> crate::ui::widget::paragraph::Paragraph<'a> {
    crate::ui::widget::paragraph::paragraph(content, start())
}

/// Text set at the start side of the full width. In iced 0.14 a right-aligned
/// one-line `text` wider than its content is shifted twice when the content
/// is Arabic (`iced_graphics::text::align` skips the relayout of a single
/// right-to-left line, so cosmic-text keeps it at the right of the full
/// width and iced moves it again by the width it does not fill; iced issue
/// #2816, fixed by iced PR #3293 after 0.14), so the text stays as wide as
/// its content and a container places it. For one-line texts (titles, list
/// rows); anything that may wrap goes through [`paragraph`].
pub trait AtStart<'a, Message> {
    fn at_start(self) -> Element<'a, Message>;
}

impl<'a, Message: 'a> AtStart<'a, Message> for iced::widget::Text<'a> {
    fn at_start(self) -> Element<'a, Message> {
        iced::widget::container(self)
            .width(iced::Length::Fill)
            .align_x(start())
            .into()
    }
}

/// A paragraph set at the start side, for call sites that read as the
/// one-line texts around them.
impl<'a, Message: 'a> AtStart<'a, Message> for crate::ui::widget::paragraph::Paragraph<'a> {
    fn at_start(self) -> Element<'a, Message> {
        self.align_x(start()).into()
    }
}
