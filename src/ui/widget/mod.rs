//! Our own widgets, where iced 0.14's fall short.
//!
//! `editor` is a text field that handles right-to-left and mixed-direction
//! text (caret, selection, clicks); `geometry` is the part of it that reads
//! cosmic-text's layout.
//!
//! Upstream: the fix iced needs is the one `geometry` makes, in
//! `iced_graphics::text::Paragraph::{grapheme_position, hit_test}` and in
//! the selection drawing of `text_input` / `text_editor`: take the caret's x
//! from the side of the glyph its direction says, keep both places of an
//! offset where two directions meet, and paint a selection per glyph
//! rather than one box from start to end. Once iced ships that (iced PR
//! #3294 and issues #1877, #2102), this module can go.

pub mod bar;
mod children;
/// The keyboard for the Send later picker's month grid.
pub mod day_grid;
pub mod editor;
pub mod flow;
/// A button that Tab reaches (iced 0.14 buttons take no keyboard focus).
pub mod focus;
pub mod geometry;
/// Wrapped text that stays in its box in both directions (works around
/// pop-os/cosmic-text#252).
pub mod paragraph;
/// A pick list laid out in the reading direction, reached by Tab.
pub mod picker;
pub mod repaint;
/// The virtual rows of the Sent list, keeping each row's state as it scrolls.
pub mod rows;

/// Loads the bundled fonts into iced's font system once, for tests that
/// lay text out without a window.
#[cfg(test)]
pub(crate) fn load_fonts() {
    static FONTS: std::sync::Once = std::sync::Once::new();
    FONTS.call_once(|| {
        let mut system = iced::advanced::graphics::text::font_system()
            .write()
            .expect("font system");
        for font in crate::ui::FONTS {
            system.load_font(std::borrow::Cow::Borrowed(font));
        }
    });
}
