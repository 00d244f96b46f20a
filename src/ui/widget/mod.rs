//! Our own widgets, where iced 0.14's fall short.
//!
//! `editor` is a text field that handles right-to-left and mixed-direction
//! text (caret, selection, clicks); `geometry` is the part of it that reads
//! cosmic-text's layout.

pub mod editor;
pub mod geometry;
