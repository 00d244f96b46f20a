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
/// interface direction (e-mail addresses, host names, ports).
pub fn ltr_input<'a, Message: Clone + 'a>(
    placeholder: &str,
    value: &str,
) -> text_input::TextInput<'a, Message> {
    text_input(placeholder, value)
        .align_x(Horizontal::Left)
        .padding(6)
}

/// A text field for free text: aligned to the start of the reading direction.
pub fn input<'a, Message: Clone + 'a>(
    placeholder: &str,
    value: &str,
) -> text_input::TextInput<'a, Message> {
    text_input(placeholder, value).align_x(start()).padding(6)
}
