//! A text field for mixed Arabic and English: one line (the subject) or
//! many (the body).
//!
//! iced 0.14's `text_input` and `text_editor` put the caret, the selection
//! and mouse hits in logical order, which is wrong wherever text runs right
//! to left (iced #1877, #2102). This field keeps the text as a `String`,
//! lays each line out with iced's own paragraphs (cosmic-text), and moves,
//! hits and paints through [`super::geometry`], which knows each glyph's
//! direction:
//! - Left and Right move the caret the way the arrow points, across
//!   direction changes inside a line; Home and End go to the start and end
//!   of the (visual) line in reading order; Up and Down keep the column.
//! - A click puts the caret at the nearest caret position on screen; a drag,
//!   Shift+click or Shift+arrows select; a double click selects a word and
//!   a triple click the line.
//! - A selection is painted as one box per stretch on screen, so a range
//!   that crosses directions shows exactly the selected letters.
//! - Backspace and Delete remove a whole grapheme (a letter with its
//!   vowel marks); with Ctrl a word. Ctrl+A/C/X/V work on any keyboard
//!   layout. Ctrl+Z undoes a word of typing at a time; Ctrl+Shift+Z and
//!   Ctrl+Y redo.
//! - Each line is placed by its own direction: an Arabic line at the right,
//!   an English line at the left; a line with no letters follows the
//!   interface language.
//!
//! Like `text_input`, the field reports the whole new text through
//! `on_input`; the app owns the text.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use iced::advanced::graphics::text::Paragraph;
use iced::advanced::input_method::{self, InputMethod};
use iced::advanced::layout::{self, Layout};
use iced::advanced::mouse::{self, click};
use iced::advanced::text::{self, Paragraph as _};
use iced::advanced::widget::operation::{self, Operation};
use iced::advanced::widget::{self, Tree, tree};
use iced::advanced::{Clipboard, Shell, Widget, clipboard, renderer};
use iced::alignment::Vertical;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::text_input::{self, Status};
use iced::{
    Color, Element, Event, Font, Length, Padding, Pixels, Point, Rectangle, Size, Theme, Vector,
    window,
};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::geometry::{self, Row, Side};
use crate::ui::bidi;
use crate::ui::spell::Speller;

mod menu;

type Renderer = iced::Renderer;

const BLINK: u128 = 500;

/// The wavy line under a misspelt word: a red that reads on light and dark
/// backgrounds alike.
pub const MISSPELT: Color = Color::from_rgb(0.89, 0.16, 0.16);

/// A one-line field (Enter submits).
pub fn single_line<'a, Message: Clone + 'a>(placeholder: &str, value: &str) -> Editor<'a, Message> {
    Editor::new(placeholder, value, false)
}

/// A many-line field (Enter starts a new line; the text wraps).
pub fn multi_line<'a, Message: Clone + 'a>(placeholder: &str, value: &str) -> Editor<'a, Message> {
    Editor::new(placeholder, value, true)
}

/// Keys a field can take over before the editor handles them (the address
/// fields: chips and suggestions). Only without Ctrl, Alt or Shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Enter,
    Tab,
    Up,
    Down,
    Escape,
    Backspace,
    /// `,` or `;` typed; the text given is with it.
    Separator,
}

/// What a field does with a special key, given the text as it is now: a
/// message, and the text the field holds from now on (None: unchanged).
/// The field changes its own text at once, because more keys of the same
/// frame may come before the app's next view.
type OnSpecial<'a, Message> = Box<dyn Fn(Special, &str) -> Option<(Message, Option<String>)> + 'a>;

pub struct Editor<'a, Message> {
    id: Option<widget::Id>,
    placeholder: String,
    value: String,
    multiline: bool,
    on_input: Option<Box<dyn Fn(String) -> Message + 'a>>,
    on_submit: Option<Message>,
    enter_moves_on: bool,
    on_special: Option<OnSpecial<'a, Message>>,
    on_paste: Option<Box<dyn Fn(String) -> Message + 'a>>,
    width: Length,
    height: Length,
    min_height: f32,
    padding: Padding,
    /// The direction of lines without letters and of the placeholder: the
    /// interface's.
    rtl_default: bool,
    ltr: bool,
    speller: Option<Arc<Speller>>,
    on_learn: Option<Box<dyn Fn(String) -> Message + 'a>>,
}

impl<'a, Message: Clone + 'a> Editor<'a, Message> {
    fn new(placeholder: &str, value: &str, multiline: bool) -> Self {
        Self {
            id: None,
            placeholder: placeholder.to_owned(),
            value: value.to_owned(),
            multiline,
            on_input: None,
            on_submit: None,
            enter_moves_on: false,
            on_special: None,
            on_paste: None,
            width: Length::Fill,
            height: if multiline {
                Length::Fill
            } else {
                Length::Shrink
            },
            min_height: 0.0,
            padding: Padding::new(6.0),
            rtl_default: crate::ui::dir::is_rtl(),
            ltr: false,
            speller: None,
            on_learn: None,
        }
    }

    /// Underlines misspelt words and offers suggestions in the right-click
    /// menu (nothing while `speller` is `None`: not read yet, or none).
    pub fn spell_check(mut self, speller: Option<Arc<Speller>>) -> Self {
        self.speller = speller.filter(|s| !s.is_off());
        self
    }

    /// "Add to dictionary" was chosen: the word is right from now on in
    /// every field; the app keeps it for next time.
    pub fn on_learn(mut self, f: impl Fn(String) -> Message + 'a) -> Self {
        self.on_learn = Some(Box::new(f));
        self
    }

    /// Every line reads left to right and sits at the left, whatever it
    /// starts with: for addresses, host names, ports ("ليلى <layla@…>" stays
    /// an address with an Arabic name in it).
    pub fn left_to_right(mut self) -> Self {
        self.ltr = true;
        self.rtl_default = false;
        self
    }

    pub fn id(mut self, id: impl Into<widget::Id>) -> Self {
        self.id = Some(id.into());
        self
    }

    pub fn on_input(mut self, f: impl Fn(String) -> Message + 'a) -> Self {
        self.on_input = Some(Box::new(f));
        self
    }

    pub fn on_submit(mut self, message: Message) -> Self {
        self.on_submit = Some(message);
        self
    }

    /// Enter in a one-line field goes on to the next field, as Tab does, at
    /// once: what is typed right after it lands there (see `focus::request`).
    pub fn enter_moves_on(mut self) -> Self {
        self.enter_moves_on = true;
        self
    }

    /// `f` gets a special key and the text; when it answers, the field
    /// publishes that message instead of handling the key itself, and
    /// takes the text it gives.
    pub fn on_special(
        mut self,
        f: impl Fn(Special, &str) -> Option<(Message, Option<String>)> + 'a,
    ) -> Self {
        self.on_special = Some(Box::new(f));
        self
    }

    /// A paste is handed whole to `f` (the text with it pasted in, lines
    /// joined with ", ": a pasted column of addresses is a list) and the
    /// field is emptied: the app takes it all.
    pub fn on_paste(mut self, f: impl Fn(String) -> Message + 'a) -> Self {
        self.on_paste = Some(Box::new(f));
        self
    }

    pub fn width(mut self, width: impl Into<Length>) -> Self {
        self.width = width.into();
        self
    }

    pub fn height(mut self, height: impl Into<Length>) -> Self {
        self.height = height.into();
        self
    }

    pub fn min_height(mut self, height: f32) -> Self {
        self.min_height = height;
        self
    }

    pub fn padding(mut self, padding: impl Into<Padding>) -> Self {
        self.padding = padding.into();
        self
    }
}

/// A key press, as the field reads it.
struct Press<'a> {
    key: &'a Key,
    physical: keyboard::key::Physical,
    text: Option<&'a str>,
    modifiers: keyboard::Modifiers,
}

/// One line of the text, laid out.
struct Line {
    text: String,
    /// Byte offset of the line in the whole text.
    start: usize,
    /// Top of the line in the text, in pixels.
    top: f32,
    rtl: bool,
    width: f32,
    paragraph: Paragraph,
    rows: Vec<Row>,
    /// Misspelt words (byte ranges in the line) and the speller generation
    /// they were found with; filled in when the line is first drawn, so
    /// only lines that changed and are in view are checked.
    spelling: RefCell<Option<(u64, Vec<Range>)>>,
}

/// Bytes `start..end` of a line.
type Range = (usize, usize);

/// The misspelt word the menu was opened on, and what it could be.
struct Misspelt {
    /// Byte range in the whole text.
    start: usize,
    end: usize,
    word: String,
    /// `None` while they are being looked for.
    suggestions: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Key_ {
    wrap: f32,
    size: f32,
    line_height: f32,
    font: Font,
    rtl_default: bool,
    ltr: bool,
}

impl Key_ {
    /// The same font and size for a single unwrapped line read in its own
    /// direction (placeholder, menu labels).
    fn one_line(self) -> Key_ {
        Key_ {
            wrap: f32::INFINITY,
            ltr: false,
            ..self
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Focus {
    updated_at: Instant,
    now: Instant,
    window_focused: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Drag {
    Chars,
    Words(usize, usize),
}

/// What an edit was, to group typing into one undo step per word.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Typing { space: bool },
    Deleting,
    Other,
}

#[derive(Debug, Clone)]
struct Snapshot {
    value: String,
    cursor: usize,
    anchor: Option<usize>,
}

/// Undo and redo. Each step keeps the whole text: a mail body is small,
/// and at most [`History::DEPTH`] steps are kept.
#[derive(Debug, Default)]
struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The last edit and where it left the caret.
    last: Option<(Kind, usize)>,
}

impl History {
    const DEPTH: usize = 200;

    /// Keeps the text before an edit, unless the edit continues the last
    /// one: more letters of the same word, or more of the same deleting.
    fn record(&mut self, kind: Kind, value: &str, cursor: usize, anchor: Option<usize>) {
        let continues = match (self.last, kind) {
            (Some((Kind::Typing { space: was }, at)), Kind::Typing { space }) => {
                at == cursor && (space || !was)
            }
            (Some((Kind::Deleting, at)), Kind::Deleting) => at == cursor,
            _ => false,
        };
        self.redo.clear();
        if !continues {
            self.undo.push(Snapshot {
                value: value.to_owned(),
                cursor,
                anchor,
            });
            if self.undo.len() > Self::DEPTH {
                self.undo.remove(0);
            }
        }
    }

    fn forget(&mut self) {
        *self = History::default();
    }
}

/// The field's state between frames: the laid-out lines, caret, selection.
pub struct State {
    value: String,
    lines: Vec<Line>,
    key: Option<Key_>,
    multiline: bool,
    /// The caret, a byte offset into the text at a grapheme boundary.
    cursor: usize,
    /// Which side of a direction seam the caret is drawn on.
    upstream: bool,
    /// The other end of the selection, if any.
    anchor: Option<usize>,
    /// Column kept while moving up and down.
    column: Option<f32>,
    focus: Option<Focus>,
    drag: Option<Drag>,
    last_click: Option<mouse::Click>,
    modifiers: keyboard::Modifiers,
    scroll: Vector,
    viewport: Size,
    preedit: Option<input_method::Preedit>,
    history: History,
    /// The right-click menu is open, at this point of the window.
    menu: Option<Point>,
    menu_items: Vec<menu::Item>,
    menu_labels: Vec<Paragraph>,
    menu_word: Option<Misspelt>,
    /// The item the keyboard is on.
    menu_active: Option<menu::Active>,
    /// Opened from the keyboard below the caret's line: this high a line
    /// to keep clear when the menu goes up instead.
    menu_line: f32,
    /// The placeholder, laid out, with the text it was laid out from.
    placeholder: Option<(String, Key_, Paragraph)>,
}

impl State {
    fn new(multiline: bool) -> Self {
        Self {
            value: String::new(),
            lines: Vec::new(),
            key: None,
            multiline,
            cursor: 0,
            upstream: false,
            anchor: None,
            column: None,
            focus: None,
            drag: None,
            last_click: None,
            modifiers: keyboard::Modifiers::default(),
            scroll: Vector::ZERO,
            viewport: Size::ZERO,
            preedit: None,
            history: History::default(),
            placeholder: None,
            menu: None,
            menu_items: Vec::new(),
            menu_labels: Vec::new(),
            menu_word: None,
            menu_active: None,
            menu_line: 0.0,
        }
    }

    fn line_height(&self) -> f32 {
        self.key.map_or(20.0, |k| k.line_height)
    }

    /// Lays out what changed since last time: the lines whose text differs,
    /// or all of them when the width or font changed.
    /// `outside`: the text may have been changed by the app rather than by
    /// an edit in the field.
    fn sync(&mut self, value: &str, key: Key_, outside: bool) {
        if self.key != Some(key) {
            self.lines.clear();
            self.key = Some(key);
        }
        // Called for every event: nothing to do is the common case.
        if self.value == value && !self.lines.is_empty() {
            return;
        }
        if outside && !self.lines.is_empty() {
            // The app changed the text (a draft opened, a message sent):
            // undo would bring back what is no longer there.
            self.history.forget();
        }
        self.value.clear();
        self.value.push_str(value);
        // Only the lines between an unchanged head and an unchanged tail are
        // laid out again: Enter in a long body shifts lines, it does not
        // change them.
        let texts: Vec<&str> = value.split('\n').collect();
        let mut old = std::mem::take(&mut self.lines);
        let head = old
            .iter()
            .zip(&texts)
            .take_while(|(line, text)| line.text == **text)
            .count();
        let tail = old[head..]
            .iter()
            .rev()
            .zip(texts[head..].iter().rev())
            .take_while(|(line, text)| line.text == **text)
            .count();
        let kept_tail = old.split_off(old.len() - tail);
        old.truncate(head);
        self.lines = old;
        for text in &texts[head..texts.len() - tail] {
            self.lines.push(lay_out(text, &key, self.multiline));
        }
        self.lines.extend(kept_tail);
        let (mut start, mut top) = (0, 0.0);
        for line in &mut self.lines {
            line.start = start;
            line.top = top;
            start += line.text.len() + 1;
            top += line.rows.len() as f32 * key.line_height;
        }
        self.cursor = snap(&self.value, self.cursor);
        self.anchor = self.anchor.map(|a| snap(&self.value, a));
    }

    fn height(&self) -> f32 {
        self.lines
            .last()
            .map_or(0.0, |l| l.top + l.rows.len() as f32 * self.line_height())
    }

    /// Line and row holding byte `at`.
    fn locate(&self, at: usize) -> (usize, usize) {
        let i = self
            .lines
            .partition_point(|l| l.start <= at)
            .saturating_sub(1);
        let Some(line) = self.lines.get(i) else {
            return (0, 0);
        };
        let local = at - line.start;
        let j = line
            .rows
            .iter()
            .position(|r| r.holds(local))
            .unwrap_or(line.rows.len().saturating_sub(1));
        (i, j)
    }

    /// Where line `i` starts on screen, left edge, inside the field.
    fn line_x(&self, i: usize) -> f32 {
        let line = &self.lines[i];
        let room = self.viewport.width;
        let placed = if line.rtl && (self.multiline || line.width <= room) {
            room - line.width
        } else {
            0.0
        };
        placed - self.scroll.x
    }

    /// Caret position inside the field (scrolled), for byte `at`.
    fn caret(&self, at: usize, upstream: bool) -> Point {
        let (i, j) = self.locate(at);
        let Some(line) = self.lines.get(i) else {
            return Point::ORIGIN;
        };
        let row = &line.rows[j];
        let x = row.caret_x(at - line.start, upstream).unwrap_or(0.0) + self.line_x(i);
        Point::new(
            x.clamp(0.0, (self.viewport.width - 1.0).max(0.0)),
            line.top + row.top - self.scroll.y,
        )
    }

    /// The byte nearest to a point inside the field.
    fn hit(&self, point: Point) -> (usize, bool) {
        let y = point.y + self.scroll.y;
        let lh = self.line_height();
        let i = self.lines.partition_point(|l| l.top <= y).saturating_sub(1);
        let Some(line) = self.lines.get(i) else {
            return (0, false);
        };
        let j = (((y - line.top) / lh).floor().max(0.0) as usize).min(line.rows.len() - 1);
        let (local, upstream) = line.rows[j].hit(point.x - self.line_x(i));
        (line.start + local, upstream)
    }

    /// Keeps the caret inside the visible part of the field.
    fn reveal(&mut self) {
        let Some(line) = self.lines.first() else {
            return;
        };
        let room = self.viewport;
        if self.multiline {
            let lh = self.line_height();
            let y = self.caret(self.cursor, self.upstream).y + self.scroll.y;
            if y < self.scroll.y {
                self.scroll.y = y;
            }
            if y + lh > self.scroll.y + room.height {
                self.scroll.y = y + lh - room.height;
            }
            self.scroll.y = self
                .scroll
                .y
                .clamp(0.0, (self.height() - room.height).max(0.0));
        } else if line.width <= room.width {
            self.scroll.x = 0.0;
        } else {
            let (i, j) = self.locate(self.cursor);
            let line = &self.lines[i];
            let x = line.rows[j]
                .caret_x(self.cursor - line.start, self.upstream)
                .unwrap_or(0.0);
            if x < self.scroll.x {
                self.scroll.x = x;
            }
            if x > self.scroll.x + room.width - 1.0 {
                self.scroll.x = x - room.width + 1.0;
            }
            self.scroll.x = self.scroll.x.clamp(0.0, line.width - room.width + 1.0);
        }
    }

    /// Misspelt words of line `i`, as byte ranges inside the line.
    fn misspelt(&self, i: usize, speller: &Speller) -> Vec<(usize, usize)> {
        let Some(line) = self.lines.get(i) else {
            return Vec::new();
        };
        let generation = speller.generation();
        let mut spelling = line.spelling.borrow_mut();
        if let Some((checked, ranges)) = &*spelling
            && *checked == generation
        {
            return ranges.clone();
        }
        let ranges = speller.misspelt(&line.text);
        *spelling = Some((generation, ranges.clone()));
        ranges
    }

    /// The wavy lines under line `i`: (top of the row, left, right), in the
    /// line's own coordinates; one per stretch of a word's glyphs on screen.
    /// The word being typed is left alone until it is finished.
    fn underlines(&self, i: usize, speller: &Speller) -> Vec<(f32, f32, f32)> {
        let Some(line) = self.lines.get(i) else {
            return Vec::new();
        };
        let typing = self.focus.is_some()
            && matches!(
                self.history.last,
                Some((Kind::Typing { space: false }, at)) if at == self.cursor
            );
        let mut lines = Vec::new();
        for (a, b) in self.misspelt(i, speller) {
            if typing && line.start + b == self.cursor {
                continue;
            }
            for row in &line.rows {
                for (x0, x1) in row.selection(&line.text, a, b) {
                    lines.push((row.top, x0, x1));
                }
            }
        }
        lines
    }

    /// The misspelt word at byte `at` (at its edges too), if any.
    fn misspelt_at(&self, at: usize, speller: &Speller) -> Option<(usize, usize)> {
        let (i, _) = self.locate(at);
        let line = self.lines.get(i)?;
        let local = at.checked_sub(line.start)?;
        self.misspelt(i, speller)
            .into_iter()
            .find(|&(a, b)| a <= local && local <= b)
            .map(|(a, b)| (line.start + a, line.start + b))
    }

    fn selection(&self) -> Option<(usize, usize)> {
        let anchor = self.anchor?;
        (anchor != self.cursor).then(|| (anchor.min(self.cursor), anchor.max(self.cursor)))
    }

    /// The caret one place to the `side` on screen.
    fn beside(&self, at: usize, upstream: bool, side: Side) -> (usize, bool) {
        let (i, j) = self.locate(at);
        let line = &self.lines[i];
        if let Some((local, upstream)) = line.rows[j].beside(at - line.start, upstream, side) {
            return (line.start + local, upstream);
        }
        // At the edge of the row: on to the next row in reading order
        // (Left in a right-to-left line), or back to the previous one.
        let onward = (side == Side::Left) == line.rtl;
        let to = if onward {
            if let Some(next) = line.rows.get(j + 1) {
                line.start + next.start
            } else if let Some(next) = self.lines.get(i + 1) {
                next.start
            } else {
                return (at, upstream);
            }
        } else if j > 0 {
            line.start + line.rows[j - 1].last_index()
        } else if i > 0 {
            line.start - 1
        } else {
            return (at, upstream);
        };
        (to, false)
    }

    fn home(&self, at: usize) -> usize {
        let (i, j) = self.locate(at);
        self.lines[i].start + self.lines[i].rows[j].start
    }

    fn end(&self, at: usize) -> usize {
        let (i, j) = self.locate(at);
        let line = &self.lines[i];
        let row = &line.rows[j];
        line.start
            + if j + 1 == line.rows.len() {
                row.end
            } else {
                row.last_index()
            }
    }

    /// The caret `rows` rows up (negative) or down, keeping the column.
    fn vertical(&mut self, at: usize, rows: isize) -> (usize, bool) {
        let (i, j) = self.locate(at);
        let column = *self.column.get_or_insert(self.caret(at, self.upstream).x);
        let flat: Vec<(usize, usize)> = self
            .lines
            .iter()
            .enumerate()
            .flat_map(|(i, l)| (0..l.rows.len()).map(move |j| (i, j)))
            .collect();
        let here = flat.iter().position(|&p| p == (i, j)).unwrap_or(0);
        let target = here.saturating_add_signed(rows).min(flat.len() - 1);
        if target == here {
            return (if rows < 0 { 0 } else { self.value.len() }, false);
        }
        let (ti, tj) = flat[target];
        let (local, upstream) = self.lines[ti].rows[tj].hit(column - self.line_x(ti));
        (self.lines[ti].start + local, upstream)
    }

    fn line_is_rtl(&self, at: usize) -> bool {
        self.lines.get(self.locate(at).0).is_some_and(|l| l.rtl)
    }

    fn touch(&mut self) {
        if let Some(focus) = &mut self.focus {
            focus.updated_at = Instant::now();
        }
    }

    /// Moves the caret; with `extend`, the selection follows.
    fn move_to(&mut self, (to, upstream): (usize, bool), extend: bool) {
        if extend {
            self.anchor.get_or_insert(self.cursor);
        } else {
            self.anchor = None;
        }
        self.cursor = to;
        self.upstream = upstream;
        self.touch();
        self.reveal();
    }
}

fn lay_out(text: &str, key: &Key_, multiline: bool) -> Line {
    // A left-to-right mark ahead of the text fixes the line's direction.
    const LRM: &str = "\u{200E}";
    let marked;
    let (content, hidden) = if key.ltr {
        marked = format!("{LRM}{text}");
        (marked.as_str(), LRM.len())
    } else {
        (text, 0)
    };
    let paragraph = Paragraph::with_text(text::Text {
        content,
        bounds: Size::new(key.wrap, f32::INFINITY),
        size: Pixels(key.size),
        line_height: text::LineHeight::Absolute(Pixels(key.line_height)),
        font: key.font,
        align_x: text::Alignment::Default,
        align_y: Vertical::Top,
        shaping: text::Shaping::Advanced,
        wrapping: if multiline {
            text::Wrapping::WordOrGlyph
        } else {
            text::Wrapping::None
        },
    });
    let rows = geometry::rows(paragraph.buffer(), text, hidden);
    Line {
        text: text.to_owned(),
        start: 0,
        top: 0.0,
        rtl: !key.ltr && bidi::direction(text).unwrap_or(key.rtl_default),
        width: paragraph.min_bounds().width,
        paragraph,
        rows,
        spelling: RefCell::new(None),
    }
}

/// The nearest grapheme boundary at or before `at`.
fn snap(value: &str, at: usize) -> usize {
    let mut at = at.min(value.len());
    while !value.is_char_boundary(at) {
        at -= 1;
    }
    let mut cursor = GraphemeCursor::new(at, value.len(), true);
    match cursor.is_boundary(value, 0) {
        Ok(true) => at,
        _ => cursor.prev_boundary(value, 0).ok().flatten().unwrap_or(0),
    }
}

fn previous_grapheme(value: &str, at: usize) -> usize {
    value[..at]
        .grapheme_indices(true)
        .next_back()
        .map_or(0, |(i, _)| i)
}

fn next_grapheme(value: &str, at: usize) -> usize {
    value[at..]
        .graphemes(true)
        .next()
        .map_or(at, |g| at + g.len())
}

fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

fn previous_word(value: &str, at: usize) -> usize {
    value[..at]
        .split_word_bound_indices()
        .rev()
        .find(|(_, w)| is_word(w))
        .map_or(0, |(i, _)| i)
}

fn next_word(value: &str, at: usize) -> usize {
    value[at..]
        .split_word_bound_indices()
        .find(|(_, w)| is_word(w))
        .map_or(value.len(), |(i, w)| at + i + w.len())
}

/// The word (or the run of spaces) around `at`.
fn word_around(value: &str, at: usize) -> (usize, usize) {
    value
        .split_word_bound_indices()
        .find(|(i, w)| at >= *i && at < i + w.len())
        .map_or((at, at), |(i, w)| (i, i + w.len()))
}

impl<Message: Clone> Editor<'_, Message> {
    fn key(&self, renderer: &Renderer, inner: Size) -> Key_ {
        use iced::advanced::text::Renderer as _;
        let size = renderer.default_size().0;
        Key_ {
            wrap: if self.multiline {
                inner.width.max(1.0)
            } else {
                f32::INFINITY
            },
            size,
            line_height: text::LineHeight::default().to_absolute(Pixels(size)).0,
            font: renderer.default_font(),
            rtl_default: self.rtl_default,
            ltr: self.ltr,
        }
    }

    fn inner(&self, layout: Layout<'_>) -> Rectangle {
        layout.bounds().shrink(self.padding)
    }

    /// Replaces the selection (or inserts at the caret) and reports the text.
    fn replace(&mut self, state: &mut State, with: &str, shell: &mut Shell<'_, Message>) {
        self.edit(state, with, false, shell);
    }

    fn paste(&mut self, state: &mut State, with: &str, shell: &mut Shell<'_, Message>) {
        self.edit(state, with, true, shell);
    }

    fn edit(
        &mut self,
        state: &mut State,
        with: &str,
        pasted: bool,
        shell: &mut Shell<'_, Message>,
    ) {
        let Some(on_input) = &self.on_input else {
            return;
        };
        let on_paste = self.on_paste.as_ref().filter(|_| pasted);
        let (a, b) = state.selection().unwrap_or((state.cursor, state.cursor));
        let with = with.replace("\r\n", "\n").replace('\r', "\n");
        let with = if self.multiline {
            with
        } else if on_paste.is_some() {
            with.trim_end_matches('\n')
                .replace('\n', ", ")
                .replace('\t', " ")
        } else {
            with.replace('\n', " ")
        };
        let with: String = with
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        let kind = match (state.selection(), with.chars().count()) {
            (None, 0) => Kind::Deleting,
            (None, 1) if with != "\n" => Kind::Typing {
                space: with.trim().is_empty(),
            },
            _ => Kind::Other,
        };
        state
            .history
            .record(kind, &self.value, state.cursor, state.anchor);
        self.value.replace_range(a..b, &with);
        state.cursor = a + with.len();
        // The caret stays next to what was just typed.
        state.upstream = !with.is_empty();
        state.anchor = None;
        state.column = None;
        if let Some(key) = state.key {
            state.sync(&self.value, key, false);
        }
        state.history.last = Some((kind, state.cursor));
        state.touch();
        state.reveal();
        match on_paste {
            Some(on_paste) => {
                shell.publish(on_paste(self.value.clone()));
                self.take(state, String::new());
            }
            None => shell.publish(on_input(self.value.clone())),
        }
    }

    /// The app took the text and gave this back: the caret goes to its end.
    /// What it took is no longer the field's to undo (it would come back
    /// as text beside the chips made of it).
    fn take(&mut self, state: &mut State, value: String) {
        if value == self.value {
            return;
        }
        state.history.forget();
        self.value = value;
        state.cursor = self.value.len();
        state.anchor = None;
        state.column = None;
        if let Some(key) = state.key {
            state.sync(&self.value, key, false);
        }
        state.reveal();
    }

    /// Cut, Copy, Paste, Select all: from the keyboard or the menu.
    fn edit_action(
        &mut self,
        state: &mut State,
        item: menu::Item,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
    ) {
        match item {
            menu::Item::Cut | menu::Item::Copy => {
                if let Some((a, b)) = state.selection() {
                    clipboard.write(clipboard::Kind::Standard, self.value[a..b].to_owned());
                    if item == menu::Item::Cut {
                        self.replace(state, "", shell);
                    }
                }
            }
            menu::Item::Paste => {
                if let Some(pasted) = clipboard.read(clipboard::Kind::Standard) {
                    self.paste(state, &pasted, shell);
                }
            }
            menu::Item::SelectAll => {
                state.anchor = Some(0);
                state.cursor = self.value.len();
                share_selection(state, clipboard);
            }
            menu::Item::Suggestion(n) => {
                let Some(word) = state.menu_word.take() else {
                    return;
                };
                let Some(with) = word.suggestions.as_ref().and_then(|s| s.get(n)) else {
                    return;
                };
                // The app may have changed the text under the open menu.
                if self.value.get(word.start..word.end) == Some(word.word.as_str()) {
                    state.anchor = Some(word.start);
                    state.cursor = word.end;
                    self.replace(state, with, shell);
                }
            }
            menu::Item::Learn => {
                if let Some(word) = state.menu_word.take()
                    && let Some(speller) = &self.speller
                {
                    speller.learn(&word.word);
                    if let Some(on_learn) = &self.on_learn {
                        shell.publish(on_learn(word.word));
                    }
                    shell.request_redraw();
                }
            }
            menu::Item::Searching | menu::Item::NoSuggestions => {}
        }
    }

    /// Opens the menu at `position` (window coordinates) for byte `at`:
    /// with the misspelt word there, its suggestions and "Add to
    /// dictionary". `inside`: `at` is in the selection, which then stays.
    /// From the keyboard, the first item that can be chosen is highlighted.
    fn open_menu(
        &self,
        state: &mut State,
        at: usize,
        inside: bool,
        position: Point,
        keyboard: bool,
        shell: &mut Shell<'_, Message>,
    ) {
        state.menu = Some(position);
        state.menu_word = self
            .speller
            .as_ref()
            .filter(|_| self.on_input.is_some())
            .and_then(|speller| {
                let (start, end) = state.misspelt_at(at, speller)?;
                // A selection of the word itself (a double click) still
                // offers its suggestions.
                if let Some((a, b)) = state.selection().filter(|_| inside)
                    && (a < start || b > end)
                {
                    return None;
                }
                let word = self.value.get(start..end)?.to_owned();
                Some(Misspelt {
                    start,
                    end,
                    suggestions: speller.suggestions(&word),
                    word,
                })
            });
        state.menu_active = keyboard.then_some(menu::Active::First);
        state.menu_line = if keyboard { state.line_height() } else { 0.0 };
        menu::relabel(state, self.on_input.is_some());
        shell.invalidate_layout();
        shell.request_redraw();
    }

    /// Suggestions are looked for on a thread; the open menu takes them as
    /// soon as they are there.
    fn take_suggestions(&self, state: &mut State, event: &Event, shell: &mut Shell<'_, Message>) {
        if state.menu.is_some()
            && let Some(speller) = &self.speller
            && let Some(word) = &mut state.menu_word
            && word.suggestions.is_none()
        {
            if let Some(found) = speller.suggestions(&word.word) {
                word.suggestions = Some(found);
                menu::relabel(state, self.on_input.is_some());
                shell.invalidate_layout();
                shell.request_redraw();
            } else if let Event::Window(window::Event::RedrawRequested(now)) = event {
                shell.request_redraw_at(*now + Duration::from_millis(40));
            }
        }
    }

    /// Ctrl+Z (`back`) and Ctrl+Shift+Z or Ctrl+Y.
    fn undo(&mut self, state: &mut State, back: bool, shell: &mut Shell<'_, Message>) {
        let Some(on_input) = &self.on_input else {
            return;
        };
        let here = Snapshot {
            value: self.value.clone(),
            cursor: state.cursor,
            anchor: state.anchor,
        };
        let (from, to) = if back {
            (&mut state.history.undo, &mut state.history.redo)
        } else {
            (&mut state.history.redo, &mut state.history.undo)
        };
        let Some(there) = from.pop() else {
            return;
        };
        to.push(here);
        state.history.last = None;
        self.value = there.value;
        state.cursor = there.cursor;
        state.anchor = there.anchor;
        state.upstream = false;
        state.column = None;
        if let Some(key) = state.key {
            state.sync(&self.value, key, false);
        }
        state.touch();
        state.reveal();
        shell.publish(on_input(self.value.clone()));
    }

    /// Deletes the selection, or from the caret to `to`.
    fn delete_to(&mut self, state: &mut State, to: usize, shell: &mut Shell<'_, Message>) {
        if state.selection().is_none() {
            if to == state.cursor {
                return;
            }
            state.anchor = Some(to);
        }
        self.replace(state, "", shell);
    }

    fn on_key(
        &mut self,
        state: &mut State,
        press: Press<'_>,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
    ) {
        let Press {
            key,
            physical,
            text,
            modifiers,
        } = press;
        let shift = modifiers.shift();
        let word = modifiers.jump();
        if modifiers.command() {
            match key.to_latin(physical) {
                Some('z') => {
                    self.undo(state, !modifiers.shift(), shell);
                    shell.capture_event();
                    return;
                }
                Some('y') => {
                    self.undo(state, false, shell);
                    shell.capture_event();
                    return;
                }
                Some(letter @ ('a' | 'c' | 'x' | 'v')) => {
                    let item = match letter {
                        'a' => menu::Item::SelectAll,
                        'c' => menu::Item::Copy,
                        'x' => menu::Item::Cut,
                        _ => menu::Item::Paste,
                    };
                    self.edit_action(state, item, clipboard, shell);
                    shell.capture_event();
                    return;
                }
                _ => {}
            }
        }
        if let Some(text) = text
            && !modifiers.command()
            && text.chars().any(|c| !c.is_control())
        {
            if let Some(on_special) = &self.on_special
                && (text == "," || text == ";")
            {
                let (a, b) = state.selection().unwrap_or((state.cursor, state.cursor));
                let mut with = self.value.clone();
                with.replace_range(a..b, text);
                if let Some((message, value)) = on_special(Special::Separator, &with) {
                    shell.publish(message);
                    self.take(state, value.unwrap_or(with));
                    shell.capture_event();
                    return;
                }
            }
            self.replace(state, text, shell);
            shell.capture_event();
            return;
        }
        if let Some(on_special) = &self.on_special
            && !modifiers.command()
            && !modifiers.alt()
            && !shift
        {
            let special = match key.as_ref() {
                Key::Named(Named::Enter) => Some(Special::Enter),
                Key::Named(Named::Tab) => Some(Special::Tab),
                Key::Named(Named::ArrowUp) => Some(Special::Up),
                Key::Named(Named::ArrowDown) => Some(Special::Down),
                Key::Named(Named::Escape) => Some(Special::Escape),
                Key::Named(Named::Backspace) => Some(Special::Backspace),
                _ => None,
            };
            if let Some((message, value)) =
                special.and_then(|special| on_special(special, &self.value))
            {
                shell.publish(message);
                if let Some(value) = value {
                    self.take(state, value);
                }
                shell.capture_event();
                return;
            }
        }
        let at = state.cursor;
        let to = match key.as_ref() {
            Key::Named(Named::Enter) => {
                if modifiers.command() {
                    // Ctrl+Enter is the window's (Send); let it through.
                    return;
                }
                if self.multiline {
                    self.replace(state, "\n", shell);
                } else {
                    if let Some(message) = self.on_submit.clone() {
                        shell.publish(message);
                    }
                    if self.enter_moves_on {
                        crate::ui::widget::focus::request(crate::ui::widget::focus::Motion::Next);
                    }
                }
                shell.capture_event();
                return;
            }
            Key::Named(erase @ (Named::Backspace | Named::Delete)) => {
                let value = &self.value;
                let to = match (erase == Named::Backspace, word) {
                    (true, true) => previous_word(value, at),
                    (true, false) => previous_grapheme(value, at),
                    (false, true) => next_word(value, at),
                    (false, false) => next_grapheme(value, at),
                };
                self.delete_to(state, to, shell);
                shell.capture_event();
                return;
            }
            // Escape leaves the field and goes on to the window, so one
            // press also closes an open question; what Escape closes inside
            // the field (menu, suggestions) takes it above.
            Key::Named(Named::Escape) => {
                state.focus = None;
                state.drag = None;
                return;
            }
            Key::Named(side @ (Named::ArrowLeft | Named::ArrowRight)) => {
                let side = if side == Named::ArrowLeft {
                    Side::Left
                } else {
                    Side::Right
                };
                state.column = None;
                if word {
                    // Words in reading order: Left goes forward in Arabic.
                    let onward = (side == Side::Left) == state.line_is_rtl(at);
                    let to = if onward {
                        next_word(&self.value, at)
                    } else {
                        previous_word(&self.value, at)
                    };
                    (to, false)
                } else if let (Some((a, b)), false) = (state.selection(), shift) {
                    // An arrow collapses a selection to its edge on that side.
                    let (xa, xb) = (state.caret(a, false), state.caret(b, false));
                    let a_first = (xa.y, xa.x) <= (xb.y, xb.x);
                    let a_left = if state.line_is_rtl(a) && xa.y == xb.y {
                        xa.x <= xb.x
                    } else {
                        a_first
                    };
                    let to = if (side == Side::Left) == a_left { a } else { b };
                    (to, false)
                } else {
                    state.beside(at, state.upstream, side)
                }
            }
            Key::Named(Named::Home) => {
                state.column = None;
                (if word { 0 } else { state.home(at) }, false)
            }
            Key::Named(Named::End) => {
                state.column = None;
                (
                    if word {
                        self.value.len()
                    } else {
                        state.end(at)
                    },
                    true,
                )
            }
            Key::Named(Named::ArrowUp) if self.multiline => state.vertical(at, -1),
            Key::Named(Named::ArrowDown) if self.multiline => state.vertical(at, 1),
            Key::Named(page @ (Named::PageUp | Named::PageDown)) if self.multiline => {
                let rows = (state.viewport.height / state.line_height()).max(1.0) as isize;
                state.vertical(at, if page == Named::PageUp { -rows } else { rows })
            }
            _ => return,
        };
        state.move_to(to, shift);
        if shift {
            share_selection(state, clipboard);
        }
        shell.request_redraw();
        shell.capture_event();
    }
}

impl<'a, Message: Clone + 'a> Widget<Message, Theme, Renderer> for Editor<'a, Message> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::new(self.multiline))
    }

    fn size(&self) -> Size<Length> {
        Size::new(self.width, self.height)
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let state = tree.state.downcast_mut::<State>();
        let key = self.key(renderer, Size::new(1.0, 1.0));
        let one_line = key.line_height + self.padding.top + self.padding.bottom;
        let limits = limits
            .width(self.width)
            .height(self.height)
            .min_height(self.min_height.max(one_line));
        let size = limits.resolve(self.width, self.height, Size::new(0.0, one_line));
        let inner = Size::new(
            (size.width - self.padding.left - self.padding.right).max(1.0),
            (size.height - self.padding.top - self.padding.bottom).max(1.0),
        );
        state.viewport = inner;
        let key = self.key(renderer, inner);
        state.sync(&self.value, key, true);
        let key = key.one_line();
        if state
            .placeholder
            .as_ref()
            .is_none_or(|(text, laid, _)| *text != self.placeholder || *laid != key)
        {
            let laid = lay_out(&self.placeholder, &key, false);
            state.placeholder = Some((self.placeholder.clone(), key, laid.paragraph));
        }
        state.reveal();
        layout::Node::new(size)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        _renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        let state = tree.state.downcast_mut::<State>();
        operation.focusable(self.id.as_ref(), layout.bounds(), state);
        operation.text_input(self.id.as_ref(), layout.bounds(), state);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        _viewport: &Rectangle,
    ) {
        let inner = self.inner(layout);
        let key = self.key(renderer, inner.size());
        let state = tree.state.downcast_mut::<State>();
        state.viewport = inner.size();
        state.sync(&self.value, key, true);
        let origin = Vector::new(inner.x, inner.y);

        self.take_suggestions(state, event, shell);

        match event {
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => {
                let Some(position) = cursor.position_over(layout.bounds()) else {
                    state.focus = None;
                    state.drag = None;
                    return;
                };
                let now = Instant::now();
                if state.focus.is_none() {
                    state.focus = Some(Focus {
                        updated_at: now,
                        now,
                        window_focused: true,
                    });
                }
                let (at, upstream) = state.hit(position - origin);
                let click = mouse::Click::new(position, mouse::Button::Left, state.last_click);
                state.column = None;
                match click.kind() {
                    click::Kind::Single => {
                        state.move_to((at, upstream), state.modifiers.shift());
                        state.drag = Some(Drag::Chars);
                    }
                    click::Kind::Double => {
                        let (a, b) = word_around(&self.value, at);
                        state.anchor = Some(a);
                        state.move_to((b, true), true);
                        state.drag = Some(Drag::Words(a, b));
                    }
                    click::Kind::Triple => {
                        let (i, _) = state.locate(at);
                        let line = &state.lines[i];
                        let (a, b) = (line.start, line.start + line.text.len());
                        state.anchor = Some(a);
                        state.move_to((b, true), true);
                        state.drag = None;
                        share_selection(state, clipboard);
                    }
                }
                state.last_click = Some(click);
                shell.request_redraw();
                shell.capture_event();
            }
            // The end of a drag (and of a double click's word selection).
            Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left))
                if state.drag.take().is_some() =>
            {
                share_selection(state, clipboard);
            }
            // The right button opens Cut, Copy, Paste, Select all, with
            // suggestions above them on a misspelt word; on a place outside
            // the selection it first moves the caret there.
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Right)) => {
                if let Some(position) = cursor.position_over(layout.bounds()) {
                    let (at, upstream) = state.hit(position - origin);
                    let inside = state.selection().is_some_and(|(a, b)| a <= at && at <= b);
                    if !inside {
                        state.move_to((at, upstream), false);
                    }
                    self.open_menu(state, at, inside, position, false, shell);
                    shell.capture_event();
                } else {
                    state.menu = None;
                }
            }
            // Shift+F10 and the Menu key: the same menu at the caret, for
            // whoever does not use a mouse; the arrows then move in it.
            Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
                if state.focus.is_some() && is_menu_key(key, state.modifiers | *modifiers) =>
            {
                let at = state.cursor;
                let caret = state.caret(at, state.upstream);
                let below = Point::new(caret.x, caret.y + state.line_height()) + origin;
                let inside = state.selection().is_some();
                self.open_menu(state, at, inside, below, true, shell);
                shell.capture_event();
            }
            // The X11/Wayland habit: the middle button pastes what was last
            // selected anywhere, where it is clicked.
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Middle)) => {
                if let Some(position) = cursor.position_over(layout.bounds())
                    && state.focus.is_some()
                    && let Some(text) = clipboard.read(clipboard::Kind::Primary)
                {
                    state.move_to(state.hit(position - origin), false);
                    self.paste(state, &text, shell);
                    shell.capture_event();
                }
            }
            Event::Mouse(mouse::Event::CursorMoved { position }) => {
                if let Some(drag) = state.drag {
                    let (at, upstream) = state.hit(*position - origin);
                    match drag {
                        Drag::Chars => state.move_to((at, upstream), true),
                        Drag::Words(a, b) => {
                            let (wa, wb) = word_around(&self.value, at);
                            if at < a {
                                state.anchor = Some(b);
                                state.move_to((wa, false), true);
                            } else {
                                state.anchor = Some(a);
                                state.move_to((wb.max(b), true), true);
                            }
                        }
                    }
                    shell.request_redraw();
                    shell.capture_event();
                }
            }
            Event::Mouse(mouse::Event::WheelScrolled { delta })
                if self.multiline && cursor.is_over(layout.bounds()) =>
            {
                let dy = match delta {
                    mouse::ScrollDelta::Lines { y, .. } => y * state.line_height() * 3.0,
                    mouse::ScrollDelta::Pixels { y, .. } => *y,
                };
                let max = (state.height() - state.viewport.height).max(0.0);
                let before = state.scroll.y;
                state.scroll.y = (state.scroll.y - dy).clamp(0.0, max);
                if state.scroll.y != before {
                    shell.request_redraw();
                    shell.capture_event();
                }
            }
            Event::Keyboard(keyboard::Event::ModifiersChanged(modifiers)) => {
                state.modifiers = *modifiers;
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key,
                physical_key,
                text,
                modifiers,
                ..
            }) if state.focus.is_some() => {
                let press = Press {
                    key,
                    physical: *physical_key,
                    text: text.as_deref(),
                    // iced sends modifiers on their own; a key event may carry them too.
                    modifiers: state.modifiers | *modifiers,
                };
                self.on_key(state, press, clipboard, shell);
            }
            Event::InputMethod(event) if state.focus.is_some() => match event {
                input_method::Event::Opened | input_method::Event::Closed => {
                    state.preedit = None;
                }
                input_method::Event::Preedit(content, selection) => {
                    state.preedit = Some(input_method::Preedit {
                        content: content.clone(),
                        selection: selection.clone(),
                        text_size: None,
                    });
                    shell.request_redraw();
                }
                input_method::Event::Commit(text) => {
                    state.preedit = None;
                    self.replace(state, text, shell);
                    shell.capture_event();
                }
            },
            Event::Window(window::Event::Unfocused) => {
                if let Some(focus) = &mut state.focus {
                    focus.window_focused = false;
                }
            }
            Event::Window(window::Event::Focused) => {
                if let Some(focus) = &mut state.focus {
                    focus.window_focused = true;
                    focus.updated_at = Instant::now();
                    shell.request_redraw();
                }
            }
            Event::Window(window::Event::RedrawRequested(now)) => {
                if let Some(focus) = &mut state.focus
                    && focus.window_focused
                {
                    focus.now = *now;
                    let elapsed = now.saturating_duration_since(focus.updated_at).as_millis();
                    let wait = BLINK - elapsed % BLINK;
                    shell.request_redraw_at(*now + Duration::from_millis(wait as u64));
                    let caret = state.caret(state.cursor, state.upstream);
                    let ime: InputMethod<&str> = InputMethod::Enabled {
                        cursor: Rectangle::new(caret + origin, Size::new(1.0, state.line_height())),
                        purpose: input_method::Purpose::Normal,
                        preedit: state.preedit.as_ref().map(input_method::Preedit::as_ref),
                    };
                    shell.request_input_method(&ime);
                }
            }
            _ => {}
        }
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        _style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _viewport: &Rectangle,
    ) {
        use iced::advanced::Renderer as _;
        use iced::advanced::text::Renderer as _;
        let state = tree.state.downcast_ref::<State>();
        let bounds = layout.bounds();
        let inner = self.inner(layout);
        let status = if self.on_input.is_none() {
            Status::Disabled
        } else if state.focus.is_some() {
            Status::Focused {
                is_hovered: cursor.is_over(bounds),
            }
        } else if cursor.is_over(bounds) {
            Status::Hovered
        } else {
            Status::Active
        };
        let style = text_input::default(theme, status);
        renderer.fill_quad(
            renderer::Quad {
                bounds,
                border: style.border,
                ..renderer::Quad::default()
            },
            style.background,
        );
        let lh = state.line_height();
        let origin = Vector::new(inner.x, inner.y);
        let caret_on = state.focus.is_some_and(|f| {
            f.window_focused
                && state.selection().is_none()
                && (f.now.saturating_duration_since(f.updated_at).as_millis() / BLINK)
                    .is_multiple_of(2)
        });

        renderer.with_layer(inner, |renderer| {
            if self.value.is_empty()
                && let Some((_, _, placeholder)) = &state.placeholder
            {
                let width = placeholder.min_bounds().width;
                let x = if self.rtl_default {
                    inner.width - width
                } else {
                    0.0
                };
                renderer.fill_paragraph(
                    placeholder,
                    Point::new(x, 0.0) + origin,
                    style.placeholder,
                    inner,
                );
            }
            // Like any field, a selection shows only while the field has focus.
            let selection = state.selection().filter(|_| state.focus.is_some());
            for (i, line) in state.lines.iter().enumerate() {
                let top = line.top - state.scroll.y;
                let height = line.rows.len() as f32 * lh;
                if top + height < 0.0 || top > inner.height {
                    continue;
                }
                let x = state.line_x(i);
                if let Some((a, b)) = selection {
                    let line_end = line.start + line.text.len();
                    for row in &line.rows {
                        let from = a.max(line.start) - line.start;
                        let to = b.min(line_end).max(line.start) - line.start;
                        let mut spans = row.selection(&line.text, from, to);
                        // A selected line break shows as a sliver at the
                        // end of the line.
                        if b > line_end && a <= line_end && row.end == line.text.len() {
                            let (left, right) = row.extent();
                            let sliver = lh / 3.0;
                            spans.push(if line.rtl {
                                (left - sliver, left)
                            } else {
                                (right, right + sliver)
                            });
                        }
                        for (x0, x1) in spans {
                            // Whole pixels: tiny-skia's damage tracking
                            // leaves specks of fractional edges behind.
                            let left = (origin.x + x + x0).floor();
                            let right = (origin.x + x + x1).ceil();
                            renderer.fill_quad(
                                renderer::Quad {
                                    bounds: Rectangle::new(
                                        Point::new(left, (origin.y + top + row.top).round()),
                                        Size::new(right - left, lh.round()),
                                    ),
                                    ..renderer::Quad::default()
                                },
                                style.selection,
                            );
                        }
                    }
                }
                renderer.fill_paragraph(
                    &line.paragraph,
                    Point::new(x, top) + origin,
                    style.value,
                    inner,
                );
                if let Some(speller) = &self.speller {
                    for (row_top, x0, x1) in state.underlines(i, speller) {
                        wavy(
                            renderer,
                            origin.x + x + x0,
                            origin.x + x + x1,
                            origin.y + top + row_top + lh - 4.0,
                        );
                    }
                }
            }
            if caret_on {
                let caret = state.caret(state.cursor, state.upstream);
                renderer.fill_quad(
                    renderer::Quad {
                        bounds: Rectangle::new(
                            Point::new((origin.x + caret.x).floor(), (origin.y + caret.y).round()),
                            Size::new(1.0, lh.round()),
                        ),
                        ..renderer::Quad::default()
                    },
                    style.value,
                );
            }
        });
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        _layout: Layout<'b>,
        _renderer: &Renderer,
        _viewport: &Rectangle,
        translation: Vector,
    ) -> Option<iced::advanced::overlay::Element<'b, Message, Theme, Renderer>> {
        let state = tree.state.downcast_mut::<State>();
        let at = state.menu? + translation;
        Some(iced::advanced::overlay::Element::new(Box::new(
            menu::Menu::new(self, state, at),
        )))
    }

    fn mouse_interaction(
        &self,
        _tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        _viewport: &Rectangle,
        _renderer: &Renderer,
    ) -> mouse::Interaction {
        if cursor.is_over(layout.bounds()) {
            if self.on_input.is_some() {
                mouse::Interaction::Text
            } else {
                mouse::Interaction::Idle
            }
        } else {
            mouse::Interaction::default()
        }
    }
}

impl operation::Focusable for State {
    fn is_focused(&self) -> bool {
        self.focus.is_some()
    }

    fn focus(&mut self) {
        let now = Instant::now();
        self.focus = Some(Focus {
            updated_at: now,
            now,
            window_focused: true,
        });
    }

    fn unfocus(&mut self) {
        self.focus = None;
    }
}

impl operation::TextInput for State {
    fn text(&self) -> &str {
        &self.value
    }

    fn move_cursor_to_front(&mut self) {
        self.anchor = None;
        self.cursor = 0;
    }

    fn move_cursor_to_end(&mut self) {
        self.anchor = None;
        self.cursor = self.value.len();
    }

    fn move_cursor_to(&mut self, position: usize) {
        self.anchor = None;
        self.cursor = grapheme_offset(&self.value, position);
    }

    fn select_all(&mut self) {
        self.anchor = Some(0);
        self.cursor = self.value.len();
    }

    fn select_range(&mut self, start: usize, end: usize) {
        self.anchor = Some(grapheme_offset(&self.value, start));
        self.cursor = grapheme_offset(&self.value, end);
    }
}

/// Shift+F10 or the Menu key (Application key) opens the menu.
fn is_menu_key(key: &Key, modifiers: keyboard::Modifiers) -> bool {
    match key.as_ref() {
        Key::Named(Named::ContextMenu) => true,
        Key::Named(Named::F10) => modifiers.shift() && !modifiers.command() && !modifiers.alt(),
        _ => false,
    }
}

/// A wavy line from `left` to `right` with its crests at `y`: one pixel
/// square per column, two pixels deep.
fn wavy(renderer: &mut Renderer, left: f32, right: f32, y: f32) {
    use iced::advanced::Renderer as _;
    const DEPTH: [f32; 4] = [0.0, 1.0, 2.0, 1.0];
    let (left, right, y) = (left.floor(), right.ceil(), y.round());
    let mut x = left;
    while x < right {
        let phase = (x - left) as usize % DEPTH.len();
        renderer.fill_quad(
            renderer::Quad {
                bounds: Rectangle::new(Point::new(x, y + DEPTH[phase]), Size::new(1.0, 1.0)),
                ..renderer::Quad::default()
            },
            MISSPELT,
        );
        x += 1.0;
    }
}

/// Offers the selection to other programs' middle click (the primary
/// selection on Linux; nothing elsewhere).
fn share_selection(state: &State, clipboard: &mut dyn Clipboard) {
    if let Some((a, b)) = state.selection() {
        clipboard.write(clipboard::Kind::Primary, state.value[a..b].to_owned());
    }
}

/// Byte offset of the `n`th grapheme (iced's text operations count those).
fn grapheme_offset(value: &str, n: usize) -> usize {
    value
        .grapheme_indices(true)
        .nth(n)
        .map_or(value.len(), |(i, _)| i)
}

impl<'a, Message: Clone + 'a> From<Editor<'a, Message>> for Element<'a, Message> {
    fn from(editor: Editor<'a, Message>) -> Self {
        Element::new(editor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(wrap: f32) -> Key_ {
        super::super::load_fonts();
        Key_ {
            wrap,
            size: 16.0,
            line_height: 20.8,
            font: crate::ui::DEFAULT_FONT,
            rtl_default: false,
            ltr: false,
        }
    }

    fn state(text: &str, multiline: bool, viewport: Size) -> State {
        let mut state = State::new(multiline);
        state.viewport = viewport;
        let wrap = if multiline {
            viewport.width
        } else {
            f32::INFINITY
        };
        state.sync(text, key(wrap), true);
        state
    }

    #[test]
    fn a_wrapped_arabic_line_moves_by_rows() {
        let text = "هذا سطر عربي طويل يلتف على أكثر من صف واحد في الحقل الضيق";
        let mut s = state(text, true, Size::new(160.0, 400.0));
        let rows = s.lines[0].rows.len();
        assert!(rows >= 3, "{rows} rows");
        // End on the first row stops before the break, not at the line's end.
        let end = s.end(0);
        assert!(end > 0 && end < s.lines[0].rows[1].start, "{end}");
        // Down goes to the second row, Home to its start.
        let (down, _) = s.vertical(0, 1);
        assert_eq!(s.locate(down), (0, 1));
        assert_eq!(s.home(down), s.lines[0].rows[1].start);
        // Left from the left edge of a row goes on to the next row.
        let row0 = &s.lines[0].rows[0];
        let leftmost = row0
            .stops
            .iter()
            .min_by(|a, b| a.x.total_cmp(&b.x))
            .unwrap()
            .index;
        let (next, _) = s.beside(leftmost, false, Side::Left);
        assert_eq!(next, s.lines[0].rows[1].start);
    }

    #[test]
    fn the_caret_stays_in_view() {
        let body: String = (0..100).map(|i| format!("سطر {i}\n")).collect();
        let mut s = state(&body, true, Size::new(300.0, 200.0));
        s.cursor = body.len();
        s.reveal();
        let caret = s.caret(s.cursor, false);
        assert!(s.scroll.y > 0.0);
        assert!(
            caret.y >= 0.0 && caret.y + s.line_height() <= 200.0,
            "{caret:?}"
        );

        let long = "word مرحبا ".repeat(40);
        let mut s = state(&long, false, Size::new(300.0, 21.0));
        assert!(s.lines[0].width > 1000.0);
        s.cursor = long.len();
        s.upstream = true;
        s.reveal();
        let caret = s.caret(s.cursor, true);
        assert!(s.scroll.x > 0.0);
        assert!(caret.x >= 0.0 && caret.x < 300.0, "{caret:?}");
        // Back at the start, the start is shown.
        s.cursor = 0;
        s.reveal();
        assert_eq!(s.scroll.x, 0.0);
    }

    #[test]
    fn a_click_on_a_caret_place_lands_there() {
        let text = "abc سلام def عالم 123";
        let s = state(text, false, Size::new(600.0, 21.0));
        let row = &s.lines[0].rows[0];
        let mut xs: Vec<f32> = row.stops.iter().map(|stop| stop.x).collect();
        xs.sort_by(f32::total_cmp);
        for stop in &row.stops {
            // Places shared by two offsets (where directions meet) may go
            // either way; every other place is hit exactly.
            if xs.iter().filter(|x| (**x - stop.x).abs() < 0.5).count() > 1 {
                continue;
            }
            let at = s.caret(stop.index, stop.upstream);
            assert_eq!(s.hit(at + Vector::new(0.2, 1.0)).0, stop.index, "{stop:?}");
        }
    }

    #[test]
    fn pasted_line_breaks_fit_the_field() {
        let mut messages: Vec<String> = Vec::new();
        let mut shell = Shell::new(&mut messages);
        let mut one = single_line::<String>("", "ab").on_input(|s| s);
        let mut s = state("ab", false, Size::new(300.0, 21.0));
        s.cursor = 1;
        one.replace(&mut s, "x\r\ny\tz", &mut shell);
        assert_eq!(one.value, "ax yzb");
        assert_eq!(s.cursor, 5);

        let mut many = multi_line::<String>("", "ab").on_input(|s| s);
        let mut s = state("ab", true, Size::new(300.0, 100.0));
        s.cursor = 2;
        many.replace(&mut s, "\r\nسطر\r", &mut shell);
        assert_eq!(many.value, "ab\nسطر\n");
        assert_eq!(s.lines.len(), 3);
        assert_eq!(messages, ["ax yzb", "ab\nسطر\n"]);
    }

    #[test]
    fn a_left_to_right_field_keeps_an_arabic_name_inside_an_address() {
        let text = "ليلى <layla@example.com>";
        let mut s = State::new(false);
        s.viewport = Size::new(400.0, 21.0);
        s.sync(
            text,
            Key_ {
                ltr: true,
                ..key(f32::INFINITY)
            },
            true,
        );
        let line = &s.lines[0];
        assert!(
            !line.rtl && !line.rows[0].rtl,
            "the line reads left to right"
        );
        assert_eq!(s.line_x(0), 0.0, "and sits at the left");
        // The name is an Arabic run at the left end: its first letter (the
        // start of the text) at the run's right edge, the address after it.
        let start = s.caret(0, false).x;
        let name_end = s.caret("ليلى".len(), true).x;
        let end = s.caret(text.len(), true).x;
        assert!(name_end < start && start < end, "{name_end} {start} {end}");
        // Home, End and clicks stay inside the visible text.
        assert_eq!(s.home(10), 0);
        assert_eq!(s.hit(Point::new(390.0, 5.0)), (text.len(), true));
        // The same text in a free-text field reads right to left.
        let mut free = State::new(false);
        free.viewport = Size::new(400.0, 21.0);
        free.sync(text, key(f32::INFINITY), true);
        assert!(free.lines[0].rtl);
    }

    #[test]
    fn relaying_out_only_what_changed_gives_the_same_lines_as_from_scratch() {
        let texts = [
            "a\nسطر\nb\nc",
            "a\nسطر\nnew\nb\nc",
            "a\na\nسطر\nnew\nb\nc",
            "a\nc",
            "",
            "\n\n",
            "x\n\nx\n",
            "a\nسطر\nb\nc",
        ];
        let size = Size::new(300.0, 100.0);
        let mut kept = state(texts[0], true, size);
        for text in &texts[1..] {
            kept.sync(text, key(300.0), true);
            let fresh = state(text, true, size);
            let summary = |s: &State| -> Vec<(String, usize, f32, usize)> {
                s.lines
                    .iter()
                    .map(|l| (l.text.clone(), l.start, l.top, l.rows.len()))
                    .collect()
            };
            assert_eq!(summary(&kept), summary(&fresh), "{text:?}");
        }
    }

    /// The left and right edge of the glyphs cosmic-text placed for bytes
    /// `a..b` of the first line, read straight from its layout.
    fn glyphs(s: &State, a: usize, b: usize) -> (f32, f32) {
        let (mut left, mut right) = (f32::INFINITY, f32::NEG_INFINITY);
        for run in s.lines[0].paragraph.buffer().layout_runs() {
            for g in run.glyphs.iter().filter(|g| g.start >= a && g.end <= b) {
                left = left.min(g.x);
                right = right.max(g.x + g.w);
            }
        }
        assert!(left < right, "no glyphs for {a}..{b}");
        (left, right)
    }

    /// Lays `text` out on one line and checks that its underlines are the
    /// `wrong` words, each exactly under its own glyphs and under no other.
    fn underlined(text: &str, wrong: &[&str]) -> State {
        let speller =
            crate::ui::spell::tests::speller(&["hello", "and", "more"], &["مرحبا", "جميل"]);
        let s = state(text, false, Size::new(600.0, 21.0));
        let lines = s.underlines(0, &speller);
        assert_eq!(lines.len(), wrong.len(), "{text}: {lines:?}");
        let ranges: Vec<(usize, usize)> = wrong
            .iter()
            .map(|w| {
                let a = text.find(w).unwrap();
                (a, a + w.len())
            })
            .collect();
        for &(a, b) in &ranges {
            let (left, right) = glyphs(&s, a, b);
            assert!(
                lines
                    .iter()
                    .any(|&(_, x0, x1)| (x0 - left).abs() < 0.5 && (x1 - right).abs() < 0.5),
                "{:?} at {left}..{right}: {lines:?}",
                &text[a..b]
            );
        }
        // No other letter is under a line.
        for run in s.lines[0].paragraph.buffer().layout_runs() {
            for g in run.glyphs {
                let misspelt = ranges.iter().any(|&(a, b)| g.start >= a && g.end <= b);
                if misspelt || text[g.start..g.end].trim().is_empty() {
                    continue;
                }
                for &(_, x0, x1) in &lines {
                    assert!(
                        g.x + g.w <= x0 + 0.5 || g.x >= x1 - 0.5,
                        "{:?} is under a line",
                        &text[g.start..g.end]
                    );
                }
            }
        }
        s
    }

    #[test]
    fn an_english_misspelling_is_underlined_under_its_letters() {
        let text = "hello wrold and more";
        let s = underlined(text, &["wrold"]);
        let (_, x0, _) = s.underlines(0, &crate::ui::spell::tests::speller(&["hello"], &[]))[0];
        assert!(x0 > glyphs(&s, 0, 5).1, "after hello, on its right");
    }

    #[test]
    fn an_arabic_misspelling_is_underlined_under_its_letters() {
        // Read from the right: مرحبا, then the misspelt عالمم, then جميل
        // at the left.
        let text = "مرحبا عالمم جميل";
        let s = underlined(text, &["عالمم"]);
        let a = text.find("عالمم").unwrap();
        let (left, right) = glyphs(&s, a, a + "عالمم".len());
        assert!(right <= glyphs(&s, 0, "مرحبا".len()).0 + 0.5);
        let jamil = text.find("جميل").unwrap();
        assert!(left >= glyphs(&s, jamil, text.len()).1 - 0.5);
    }

    #[test]
    fn a_mixed_line_underlines_each_word_in_its_own_language() {
        // An Arabic line with English inside: "wrold" is checked in English,
        // "عالمم" in Arabic; "hello" and the Arabic words are right.
        underlined("مرحبا wrold عالمم hello جميل", &["wrold", "عالمم"]);
        underlined("hello عالمم and wrold", &["عالمم", "wrold"]);
    }

    #[test]
    fn the_word_being_typed_is_underlined_once_it_is_finished() {
        let speller = crate::ui::spell::tests::speller(&["hello"], &["مرحبا"]);
        let mut messages: Vec<String> = Vec::new();
        let mut shell = Shell::new(&mut messages);
        let mut field = single_line::<String>("", "hello ")
            .on_input(|s| s)
            .spell_check(Some(speller.clone()));
        let mut s = state("hello ", false, Size::new(400.0, 21.0));
        operation::Focusable::focus(&mut s);
        s.cursor = 6;
        for letter in ["w", "r", "o", "l", "d"] {
            field.replace(&mut s, letter, &mut shell);
        }
        assert!(s.underlines(0, &speller).is_empty(), "not while typing");
        // Leaving the field finishes it too.
        operation::Focusable::unfocus(&mut s);
        assert_eq!(s.underlines(0, &speller).len(), 1);
        operation::Focusable::focus(&mut s);
        assert!(s.underlines(0, &speller).is_empty());
        field.replace(&mut s, " ", &mut shell);
        assert_eq!(s.underlines(0, &speller).len(), 1);
        // A word added to the dictionary loses its line at once.
        speller.learn("wrold");
        assert!(s.underlines(0, &speller).is_empty());
    }

    mod menu_on_a_misspelt_word {
        use super::*;
        use iced_test::Simulator;

        const WINDOW: Size = Size::new(400.0, 300.0);

        fn field(text: &str, speller: &Arc<Speller>) -> Simulator<'static, String> {
            let editor: Element<'static, String> = single_line("", text)
                .on_input(|s| s)
                .on_learn(|w| format!("learn {w}"))
                .spell_check(Some(speller.clone()))
                .into();
            Simulator::with_size(crate::ui::settings(), WINDOW, editor)
        }

        /// The middle of `word` on screen in a one-line field filling the
        /// window's width (padding 6).
        fn middle_of(text: &str, word: &str) -> Point {
            let s = state(text, false, Size::new(WINDOW.width - 12.0, 21.0));
            let a = text.find(word).unwrap();
            let spans = s.lines[0].rows[0].selection(text, a, a + word.len());
            assert_eq!(spans.len(), 1);
            Point::new(6.0 + s.line_x(0) + (spans[0].0 + spans[0].1) / 2.0, 16.0)
        }

        /// Right-clicks `at`, waits for the suggestions and clicks menu row
        /// `row`.
        fn choose(
            ui: &mut Simulator<'_, String>,
            speller: &Arc<Speller>,
            word: &str,
            at: Point,
            row: usize,
        ) {
            ui.point_at(at);
            ui.simulate([
                Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Right)),
                Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Right)),
            ]);
            for _ in 0..1000 {
                if speller.suggestions(word).is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            // The next event brings them into the open menu.
            ui.simulate([Event::Mouse(mouse::Event::CursorMoved { position: at })]);
            let x = if crate::ui::dir::is_rtl() {
                at.x - 40.0
            } else {
                at.x + 40.0
            };
            ui.point_at(Point::new(x, at.y + 4.0 + 30.0 * row as f32 + 15.0));
            ui.simulate(iced_test::simulator::click());
        }

        /// Pixels of the underline's red in the field's row.
        fn red(ui: &mut Simulator<'_, String>) -> usize {
            red_in(ui, 0.0..35.0)
        }

        /// Pixels of the underline's red between two heights (logical).
        fn red_in(ui: &mut Simulator<'_, String>, rows: std::ops::Range<f32>) -> usize {
            let dir = tempfile::tempdir().unwrap();
            let shot = ui.snapshot(&Theme::Light).expect("draws");
            // A first comparison writes the image, its name suffixed with
            // the renderer's.
            assert!(shot.matches_image(dir.path().join("shot.png")).unwrap());
            let written = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|x| x == "png"))
                .expect("the snapshot's PNG");
            let decoder = png::Decoder::new(std::io::BufReader::new(
                std::fs::File::open(written).unwrap(),
            ));
            let mut reader = decoder.read_info().unwrap();
            let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut pixels).unwrap();
            let channels = info.line_size / info.width as usize;
            // At twice the size.
            let (top, bottom) = (rows.start as usize * 2, rows.end as usize * 2);
            pixels[info.line_size * top..info.line_size * bottom]
                .chunks(channels)
                .filter(|p| p[0] > 180 && p[1] < 90 && p[2] < 90)
                .count()
        }

        #[test]
        fn a_suggestion_replaces_the_english_word() {
            let speller = crate::ui::spell::tests::speller(&["hello", "world"], &["مرحبا"]);
            let text = "hello wrold";
            let mut ui = field(text, &speller);
            assert!(red(&mut ui) > 10, "the misspelt word is underlined");
            choose(&mut ui, &speller, "wrold", middle_of(text, "wrold"), 0);
            let messages: Vec<String> = ui.into_messages().collect();
            assert_eq!(
                messages.last().map(String::as_str),
                Some("hello world"),
                "{messages:?}"
            );
        }

        #[test]
        fn a_suggestion_replaces_the_arabic_word() {
            let speller = crate::ui::spell::tests::speller(&["hello"], &["مرحبا", "عالم"]);
            let text = "مرحبا عالمم hello";
            let mut ui = field(text, &speller);
            choose(&mut ui, &speller, "عالمم", middle_of(text, "عالمم"), 0);
            let messages: Vec<String> = ui.into_messages().collect();
            assert_eq!(
                messages.last().map(String::as_str),
                Some("مرحبا عالم hello"),
                "{messages:?}"
            );
        }

        #[test]
        fn add_to_dictionary_takes_the_line_away_and_tells_the_app() {
            let speller = crate::ui::spell::tests::speller(&["hello", "world"], &["مرحبا"]);
            let text = "hello hudhud";
            let mut ui = field(text, &speller);
            assert!(red(&mut ui) > 10);
            // No suggestion for "hudhud": "No suggestions", then "Add".
            choose(&mut ui, &speller, "hudhud", middle_of(text, "hudhud"), 1);
            assert!(speller.is_correct("hudhud"));
            assert_eq!(red(&mut ui), 0, "the line is gone");
            let messages: Vec<String> = ui.into_messages().collect();
            assert_eq!(messages, ["learn hudhud"]);
        }

        /// Shift+F10, as a keyboard sends it.
        pub(crate) fn shift_f10() -> Vec<Event> {
            let key = Key::Named(Named::F10);
            let modifiers = keyboard::Modifiers::SHIFT;
            let physical =
                keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified);
            vec![
                Event::Keyboard(keyboard::Event::ModifiersChanged(modifiers)),
                Event::Keyboard(keyboard::Event::KeyPressed {
                    key: key.clone(),
                    modified_key: key.clone(),
                    physical_key: physical,
                    location: keyboard::Location::Standard,
                    modifiers,
                    repeat: false,
                    text: None,
                }),
                Event::Keyboard(keyboard::Event::KeyReleased {
                    key: key.clone(),
                    modified_key: key,
                    physical_key: physical,
                    location: keyboard::Location::Standard,
                    modifiers,
                }),
                Event::Keyboard(keyboard::Event::ModifiersChanged(
                    keyboard::Modifiers::empty(),
                )),
            ]
        }

        /// Clicks `at` (the caret goes there), opens the menu from the
        /// keyboard and waits for the suggestions to reach it.
        fn open_by_keyboard(
            ui: &mut Simulator<'_, String>,
            speller: &Arc<Speller>,
            word: &str,
            at: Point,
        ) {
            ui.point_at(at);
            ui.simulate(iced_test::simulator::click());
            ui.simulate(shift_f10());
            for _ in 0..1000 {
                if speller.suggestions(word).is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }

        #[test]
        fn shift_f10_opens_the_menu_at_the_caret_and_the_arrows_move_in_it() {
            let speller = crate::ui::spell::tests::speller(&["hello", "world"], &["مرحبا"]);
            let text = "hello wrold";
            let mut ui = field(text, &speller);
            open_by_keyboard(&mut ui, &speller, "wrold", middle_of(text, "wrold"));
            // The first suggestion is highlighted; Down goes to "Add", Up
            // back (round past the top to the bottom and back again).
            for key in [
                Named::ArrowDown,
                Named::ArrowUp,
                Named::ArrowUp,
                Named::ArrowDown,
            ] {
                assert_eq!(ui.tap_key(key), iced::event::Status::Captured);
            }
            assert_eq!(ui.tap_key(Named::Enter), iced::event::Status::Captured);
            let messages: Vec<String> = ui.into_messages().collect();
            assert_eq!(messages, ["hello world"]);
        }

        #[test]
        fn near_the_bottom_the_menu_opens_above_the_caret_line_not_over_it() {
            let speller = crate::ui::spell::tests::speller(&["hello", "world"], &["مرحبا"]);
            let text = "hello wrold";
            const DOWN: f32 = 260.0;
            let editor: Element<'static, String> = iced::widget::column![
                iced::widget::Space::new().height(DOWN),
                single_line("", text)
                    .on_input(|s| s)
                    .spell_check(Some(speller.clone())),
            ]
            .into();
            let mut ui = Simulator::with_size(crate::ui::settings(), WINDOW, editor);
            let row = DOWN..WINDOW.height;
            // The caret in the middle of the word: a menu over the line
            // would hide the underline's right half.
            let at = middle_of(text, "wrold");
            ui.point_at(Point::new(at.x, at.y + DOWN));
            ui.simulate(iced_test::simulator::click());
            let underline = red_in(&mut ui, row.clone());
            assert!(underline > 10, "the misspelt word is underlined");
            ui.simulate(shift_f10());
            while speller.suggestions("wrold").is_none() {
                std::thread::sleep(Duration::from_millis(10));
            }
            ui.simulate([Event::Mouse(mouse::Event::CursorMoved { position: at })]);
            // The whole underline is still drawn (antialiasing may add a
            // few reddish pixels; a menu over the line would take dozens).
            let after = red_in(&mut ui, row);
            assert!(
                after >= underline,
                "the line stays in view: {after} < {underline}"
            );
            assert_eq!(ui.tap_key(Named::Enter), iced::event::Status::Captured);
            let messages: Vec<String> = ui.into_messages().collect();
            assert_eq!(messages, ["hello world"]);
        }

        #[test]
        fn enter_on_add_to_dictionary_and_escape_from_the_keyboard() {
            let speller = crate::ui::spell::tests::speller(&["hello"], &["مرحبا"]);
            let text = "مرحبا هدهد";
            let mut ui = field(text, &speller);
            open_by_keyboard(&mut ui, &speller, "هدهد", middle_of(text, "هدهد"));
            // Escape closes the menu only: the field keeps the keyboard.
            assert_eq!(ui.tap_key(Named::Escape), iced::event::Status::Captured);
            // A second Escape leaves the field and goes on to the window
            // (which closes an open question with it).
            assert_eq!(ui.tap_key(Named::Escape), iced::event::Status::Ignored);
            assert!(ui.into_messages().next().is_none());
            let mut ui = field(text, &speller);
            open_by_keyboard(&mut ui, &speller, "هدهد", middle_of(text, "هدهد"));
            // No suggestions: the first item that can be chosen is "Add".
            ui.tap_key(Named::Enter);
            assert!(speller.is_correct("هدهد"));
            let messages: Vec<String> = ui.into_messages().collect();
            assert_eq!(messages, ["learn هدهد"]);
        }
    }

    #[test]
    fn words_and_graphemes() {
        let text = "مرحبا، hello عالم";
        assert_eq!(next_word(text, 0), "مرحبا".len());
        assert_eq!(previous_word(text, text.len()), text.len() - "عالم".len());
        assert_eq!(word_around(text, 2), (0, "مرحبا".len()));
        let marks = "بِسْمِ";
        assert_eq!(previous_grapheme(marks, marks.len()), 8);
        assert_eq!(next_grapheme(marks, 0), 4);
        assert_eq!(snap(marks, 5), 4);
        assert_eq!(snap(marks, 99), marks.len());
    }
}
