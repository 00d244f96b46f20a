//! Where the caret goes in a laid-out line of mixed-direction text.
//!
//! cosmic-text (under iced) lays a line out in visual order and marks each
//! glyph with its bidi level, but iced 0.14's text fields then treat every
//! glyph as left to right: the caret sits on the wrong side of Arabic
//! letters, a click lands on the wrong letter and a selection paints one
//! wide box across both directions (iced #1877, #2102). Here each row of a
//! laid-out line becomes a list of caret *stops* (one per grapheme
//! boundary, with its x on screen) and *clusters* (the shaped pieces with
//! their direction). The editor widget moves, hits and paints with these.

use iced::advanced::graphics::text::cosmic_text;
use unicode_segmentation::UnicodeSegmentation;

/// A place the caret can be: a byte offset into the line and its x.
///
/// Where two directions meet, one offset has two places on screen: after
/// the letter before it (`upstream`) and before the letter after it. Both
/// are stops, so the caret can sit on either side of the seam.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stop {
    pub index: usize,
    pub x: f32,
    pub upstream: bool,
}

/// A shaped cluster: bytes `start..end` drawn between `left` and `right`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cluster {
    start: usize,
    end: usize,
    left: f32,
    right: f32,
    rtl: bool,
}

/// One visual row of a (possibly wrapped) line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Top of the row inside its line, in pixels.
    pub top: f32,
    /// First and one-past-last byte of the row.
    pub start: usize,
    pub end: usize,
    /// The row's base direction.
    pub rtl: bool,
    /// Stops in logical order.
    pub stops: Vec<Stop>,
    clusters: Vec<Cluster>,
}

/// The rows of one line of text (no newline inside) laid out in `buffer`.
/// `hidden` bytes were laid out before `text` and are not part of it (a
/// direction mark that makes a line left to right whatever it starts with).
pub fn rows(buffer: &cosmic_text::Buffer, text: &str, hidden: usize) -> Vec<Row> {
    let boundaries: Vec<usize> = text
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    for run in buffer.layout_runs() {
        let mut clusters: Vec<Cluster> = Vec::new();
        for glyph in run.glyphs.iter().filter(|g| g.end > hidden) {
            let (left, right) = (glyph.x, glyph.x + glyph.w);
            let (start, end) = (glyph.start.saturating_sub(hidden), glyph.end - hidden);
            match clusters.last_mut() {
                Some(c) if c.start == start && c.end == end => {
                    c.left = c.left.min(left);
                    c.right = c.right.max(right);
                }
                _ => clusters.push(Cluster {
                    start,
                    end,
                    left,
                    right,
                    rtl: glyph.level.is_rtl(),
                }),
            }
        }
        let previous_end = rows.last().map_or(0, |r| r.end);
        let start = clusters
            .iter()
            .map(|c| c.start)
            .min()
            .unwrap_or(previous_end);
        let end = clusters.iter().map(|c| c.end).max().unwrap_or(previous_end);
        rows.push(Row {
            top: run.line_top,
            start,
            end,
            rtl: run.rtl,
            stops: Vec::new(),
            clusters,
        });
    }
    if rows.is_empty() {
        rows.push(Row {
            top: 0.0,
            start: 0,
            end: 0,
            rtl: false,
            stops: Vec::new(),
            clusters: Vec::new(),
        });
    }
    let last = rows.len() - 1;
    for (i, row) in rows.iter_mut().enumerate() {
        let mut stops = Vec::new();
        for c in &row.clusters {
            let n = graphemes_in(text, c.start, c.end).max(1) as f32;
            for b in boundaries
                .iter()
                .copied()
                .filter(|&b| b >= c.start && b < c.end)
            {
                let k = graphemes_in(text, c.start, b) as f32;
                stops.push(Stop {
                    index: b,
                    x: c.x_at(k / n),
                    upstream: false,
                });
            }
            // Just after the cluster; a wrapped row's end belongs to the
            // next row, the line's end is placed below.
            if c.end < row.end && boundaries.binary_search(&c.end).is_ok() {
                stops.push(Stop {
                    index: c.end,
                    x: c.x_at(1.0),
                    upstream: true,
                });
            }
        }
        if i == last {
            // The end of the line is at its trailing edge (the right of a
            // left-to-right line, the left of an Arabic one), where what is
            // typed next will show; not at a seam in the middle.
            let (left, right) = row.extent();
            stops.push(Stop {
                index: row.end,
                x: if row.rtl { left } else { right },
                upstream: true,
            });
        }
        stops.sort_by_key(|s| (s.index, s.upstream));
        // An upstream stop where the downstream one already is adds nothing.
        let downstream: Vec<Stop> = stops.iter().filter(|s| !s.upstream).copied().collect();
        stops.retain(|s| {
            !s.upstream
                || !downstream
                    .iter()
                    .any(|d| d.index == s.index && (d.x - s.x).abs() < 0.5)
        });
        stops.dedup_by_key(|s| (s.index, s.upstream));
        row.stops = stops;
    }
    rows
}

fn graphemes_in(text: &str, start: usize, end: usize) -> usize {
    text.get(start..end)
        .map_or(0, |s| s.graphemes(true).count())
}

impl Cluster {
    /// The x of a point `fraction` of the way through the cluster, in
    /// reading order.
    fn x_at(&self, fraction: f32) -> f32 {
        let width = self.right - self.left;
        if self.rtl {
            self.right - fraction * width
        } else {
            self.left + fraction * width
        }
    }
}

/// Which way an arrow key points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

impl Row {
    /// Does `index` belong to this row?
    pub fn holds(&self, index: usize) -> bool {
        self.stops.iter().any(|s| s.index == index)
    }

    /// The caret's x for `index` on the given side of a seam, if it is on
    /// this row.
    pub fn caret_x(&self, index: usize, upstream: bool) -> Option<f32> {
        self.stops
            .iter()
            .find(|s| s.index == index && s.upstream == upstream)
            .or_else(|| self.stops.iter().find(|s| s.index == index))
            .map(|s| s.x)
    }

    /// Stops from left to right on screen. Equal x (where two runs of
    /// different direction meet) keep reading order for the row.
    fn visual(&self) -> Vec<Stop> {
        let rtl = self.rtl;
        let mut stops = self.stops.clone();
        stops.sort_by(|a, b| {
            a.x.total_cmp(&b.x).then(if rtl {
                b.index.cmp(&a.index)
            } else {
                a.index.cmp(&b.index)
            })
        });
        stops
    }

    /// The stop next to the caret on screen, on the given side: the nearest
    /// one that is really further that way. `None` at the row's edge.
    pub fn beside(&self, index: usize, upstream: bool, side: Side) -> Option<(usize, bool)> {
        let visual = self.visual();
        let at = visual
            .iter()
            .position(|s| s.index == index && s.upstream == upstream)
            .or_else(|| visual.iter().position(|s| s.index == index))?;
        let x = visual[at].x;
        let found = match side {
            Side::Left => visual[..at].iter().rev().find(|s| s.x < x - 0.5),
            Side::Right => visual[at + 1..].iter().find(|s| s.x > x + 0.5),
        };
        found.map(|s| (s.index, s.upstream))
    }

    /// The stop nearest to `x` (a click, or the column kept by Up/Down).
    /// Past the trailing edge of a line is its end.
    pub fn hit(&self, x: f32) -> (usize, bool) {
        let (left, right) = self.extent();
        let past = if self.rtl { x < left } else { x > right };
        if past
            && let Some(end) = self
                .stops
                .iter()
                .find(|s| s.index == self.end && s.upstream)
        {
            return (end.index, true);
        }
        self.stops
            .iter()
            .min_by(|a, b| (a.x - x).abs().total_cmp(&(b.x - x).abs()))
            .map_or((self.start, false), |s| (s.index, s.upstream))
    }

    /// The last stop in reading order: the row's end, or for a wrapped row
    /// the place before its last grapheme (usually the space it broke at).
    pub fn last_index(&self) -> usize {
        self.stops.last().map_or(self.end, |s| s.index)
    }

    /// Horizontal spans to paint for the selected bytes `from..to`, merged
    /// where they touch. A range that crosses both directions gives more
    /// than one span, as it should.
    pub fn selection(&self, text: &str, from: usize, to: usize) -> Vec<(f32, f32)> {
        let mut spans: Vec<(f32, f32)> = Vec::new();
        for c in &self.clusters {
            let (a, b) = (from.max(c.start), to.min(c.end));
            if a >= b {
                continue;
            }
            let n = graphemes_in(text, c.start, c.end).max(1) as f32;
            let fa = graphemes_in(text, c.start, a) as f32 / n;
            let fb = graphemes_in(text, c.start, b) as f32 / n;
            let (x0, x1) = (c.x_at(fa), c.x_at(fb));
            spans.push((x0.min(x1), x0.max(x1)));
        }
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f32, f32)> = Vec::new();
        for span in spans {
            match merged.last_mut() {
                Some(last) if span.0 <= last.1 + 0.5 => last.1 = last.1.max(span.1),
                _ => merged.push(span),
            }
        }
        merged
    }

    /// Left and right edge of the row's ink.
    pub fn extent(&self) -> (f32, f32) {
        let left = self
            .clusters
            .iter()
            .map(|c| c.left)
            .fold(f32::INFINITY, f32::min);
        let right = self
            .clusters
            .iter()
            .map(|c| c.right)
            .fold(f32::NEG_INFINITY, f32::max);
        if left > right {
            (0.0, 0.0)
        } else {
            (left, right)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::advanced::graphics::text::Paragraph;
    use iced::advanced::text::{self, Paragraph as _};
    use iced::{Pixels, Size};

    /// Lays `content` out on one line with the bundled fonts.
    fn row(content: &str) -> Row {
        super::super::load_fonts();
        let paragraph = Paragraph::with_text(text::Text {
            content,
            bounds: Size::new(f32::INFINITY, f32::INFINITY),
            size: Pixels(16.0),
            line_height: text::LineHeight::default(),
            font: crate::ui::DEFAULT_FONT,
            align_x: text::Alignment::Default,
            align_y: iced::alignment::Vertical::Top,
            shaping: text::Shaping::Advanced,
            wrapping: text::Wrapping::None,
        });
        let mut rows = rows(paragraph.buffer(), content, 0);
        assert_eq!(rows.len(), 1);
        rows.remove(0)
    }

    /// Byte offsets from the left of the screen to the right.
    fn on_screen(row: &Row) -> Vec<usize> {
        let mut at = row
            .stops
            .iter()
            .min_by(|a, b| a.x.total_cmp(&b.x))
            .unwrap()
            .index;
        let mut up = false;
        let mut order = vec![at];
        while let Some((next, next_up)) = row.beside(at, up, Side::Right) {
            order.push(next);
            (at, up) = (next, next_up);
        }
        order
    }

    #[test]
    fn arabic_runs_from_right_to_left() {
        let r = row("سلام");
        assert!(r.rtl);
        // Letters are two bytes each; the start of the word is on the right.
        assert_eq!(on_screen(&r), [8, 6, 4, 2, 0]);
        assert!(r.caret_x(0, false).unwrap() > r.caret_x(8, true).unwrap());
        assert_eq!(r.beside(8, true, Side::Left), None);
        assert_eq!(r.beside(8, true, Side::Right), Some((6, false)));
    }

    #[test]
    fn arabic_inside_an_english_line() {
        let r = row("abc سلام");
        assert!(!r.rtl);
        // a b c space, then the Arabic word read from its right end. Just
        // after the space is "before the Arabic word" too (4, on that seam).
        assert_eq!(on_screen(&r), [0, 1, 2, 3, 4, 10, 8, 6, 4]);
        // The line's end is at its right edge; Left from there goes one
        // letter into the Arabic word.
        assert_eq!(r.beside(12, true, Side::Left), Some((6, false)));
        let (left, right) = r.extent();
        // The caret before the first Arabic letter is at the far right...
        assert!((r.caret_x(4, false).unwrap() - right).abs() < 0.5);
        // ...and a click there lands before that letter, one at the far
        // left before "a".
        assert!((r.caret_x(12, true).unwrap() - right).abs() < 0.5);
        assert_eq!(r.hit(right - 1.0), (4, false));
        assert_eq!(r.hit(right + 5.0), (12, true), "past the end: the end");
        assert_eq!(r.hit(left - 5.0), (0, false));
        // Just right of the space: typing there goes before the Arabic word,
        // which is where a person sees it land.
        let seam = r.caret_x(4, true).unwrap();
        assert!(seam < right - 10.0);
        assert_eq!(r.hit(seam + 0.2), (4, true));
        // Selecting "c", the space and the first two Arabic letters paints
        // two boxes: one around "c " on the left, one at the right end.
        let text = "abc سلام";
        let spans = r.selection(text, 2, 8);
        assert_eq!(spans.len(), 2, "{spans:?}");
        assert!((spans[1].1 - right).abs() < 0.5);
        assert!(spans[0].0 > left && spans[0].1 < spans[1].0);
    }

    #[test]
    fn english_inside_an_arabic_line() {
        let r = row("سلام hello");
        assert!(r.rtl);
        // "hello" sits at the left, reading left to right; the Arabic word
        // at the right reads right to left. After the space (9) has a stop on
        // each side of "hello": before "h" and right of "o".
        assert_eq!(on_screen(&r), [9, 10, 11, 12, 13, 9, 8, 6, 4, 2, 0]);
        // The end of the line is at its left edge, and a click past it
        // lands there.
        let (left, _) = r.extent();
        assert!((r.caret_x(14, true).unwrap() - left).abs() < 0.5);
        assert_eq!(r.hit(left - 5.0), (14, true));
        // Left from the start of the line walks into the Arabic word.
        assert_eq!(r.beside(0, false, Side::Left), Some((2, false)));
        // Selecting the whole line is one box.
        assert_eq!(r.selection("سلام hello", 0, 14).len(), 1);
    }

    #[test]
    fn the_seam_after_english_in_an_arabic_line_has_both_sides() {
        // "مرحبا hello عالم": "hello" sits between the two Arabic words with
        // its "o" next to "مرحبا". Right after "o" on screen is a stop of
        // its own (offset 16, after "hello"), not only "before h".
        let text = "مرحبا hello عالم";
        let r = row(text);
        let after_o = r.caret_x(16, true).unwrap();
        let before_h = r.caret_x(11, false).unwrap();
        assert!(after_o > before_h + 20.0, "{after_o} {before_h}");
        // From the space after "مرحبا", Left steps onto the far side of "o".
        assert_eq!(
            r.beside(10, false, Side::Left).map(|(_, up)| up),
            Some(true)
        );
        let (next, _) = r.beside(10, false, Side::Left).unwrap();
        let (next, up) = r.beside(next, true, Side::Left).unwrap();
        assert_eq!((next, up), (15, false), "then before the o");
    }

    #[test]
    fn vowel_marks_stay_with_their_letter() {
        // "بِسْمِ": each letter carries a mark; the caret never stops between.
        let text = "بِسْمِ";
        let r = row(text);
        let stops: Vec<usize> = r.stops.iter().map(|s| s.index).collect();
        assert_eq!(stops, [0, 4, 8, 12]);
    }
}
