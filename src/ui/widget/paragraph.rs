//! Text that wraps inside its box whatever its directions: Arabic, English
//! or both in one sentence.
//!
//! Why not iced's `text`: cosmic-text 0.15 (under iced 0.14) overflows its
//! width when a line breaks where the direction changes
//! (pop-os/cosmic-text#252, open). Its wrapper walks the text span by span
//! (a span is a run of one bidi level) and only ends a line before a word
//! once that line already holds a word *of the same span*; the first word of
//! a new span that does not fit is put on the line anyway. Every Arabic
//! sentence that names an address, a host or a file has such spans, and so
//! has every sentence whose placeables Fluent isolates (FSI…PDI raise the
//! level). iced then measures that too-wide line, lays the widget out at
//! its box's width, but places the ink from the wider measure (shifted left
//! when aligned right) and re-wraps the buffer at that wider width. So the
//! ink leaves the box while the layout bounds stay inside it.
//!
//! Here the lines are broken before cosmic-text sees them: greedily, at the
//! Unicode line-break opportunities, each candidate line measured unwrapped
//! by cosmic-text itself, a word wider than the box broken between
//! graphemes. Each line starts with a mark of its paragraph's direction
//! (RLM or LRM, invisible), as cosmic-text takes every line given to it for
//! a paragraph of its own: a wrapped Arabic line that begins with an address
//! still reads right to left. The result is laid out with no wrapping.
//!
//! Upstream: the wrap is `ShapeLine::layout_to_buffer` in cosmic-text's
//! shape.rs (a word that does not fit should end the line whether or not
//! the line holds words of the same span). Once cosmic-text wraps across
//! spans, and iced has PR #3293 (below), [`crate::ui::dir::paragraph`] can
//! become iced's `text` with `Wrapping::Word`, width `Fill` and `align_x`.

use iced::advanced::layout::{self, Layout};
use iced::advanced::text::{self as core_text, Paragraph as _, paragraph::Plain};
use iced::advanced::widget::{Operation, Tree, tree};
use iced::advanced::{Widget, mouse, renderer};
use iced::alignment::{Horizontal, Vertical};
use iced::widget::text::{LineHeight, Shaping, Style, Wrapping};
use iced::{Element, Font, Length, Pixels, Point, Rectangle, Size, Theme};
use unicode_segmentation::UnicodeSegmentation;

type Renderer = iced::Renderer;
type Para = <Renderer as core_text::Renderer>::Paragraph;

pub struct Paragraph<'a> {
    content: String,
    size: Option<f32>,
    font: Option<Font>,
    line_height: LineHeight,
    shaping: Shaping,
    width: Length,
    align_x: Horizontal,
    style: Box<dyn Fn(&Theme) -> Style + 'a>,
}

/// `content`, wrapped at the width it is given (all of it by default) and
/// its lines set at `align_x`.
pub fn paragraph<'a>(content: impl Into<String>, align_x: Horizontal) -> Paragraph<'a> {
    Paragraph {
        content: content.into(),
        size: None,
        font: None,
        line_height: LineHeight::default(),
        shaping: Shaping::Advanced,
        width: Length::Fill,
        align_x,
        style: Box::new(|_| Style::default()),
    }
}

impl<'a> Paragraph<'a> {
    pub fn size(mut self, size: impl Into<Pixels>) -> Self {
        self.size = Some(size.into().0);
        self
    }

    pub fn font(mut self, font: Font) -> Self {
        self.font = Some(font);
        self
    }

    pub fn shaping(mut self, shaping: Shaping) -> Self {
        self.shaping = shaping;
        self
    }

    pub fn width(mut self, width: impl Into<Length>) -> Self {
        self.width = width.into();
        self
    }

    pub fn align_x(mut self, align_x: Horizontal) -> Self {
        self.align_x = align_x;
        self
    }

    pub fn style(mut self, style: impl Fn(&Theme) -> Style + 'a) -> Self {
        self.style = Box::new(style);
        self
    }
}

/// The last wrap, kept while the text, its look and the width stay.
#[derive(Default)]
struct State {
    key: Option<Key>,
    wrapped: String,
    paragraph: Plain<Para>,
}

/// What the wrap depends on: the text, the width, the size, the font, the
/// shaping and the fonts loaded.
type Key = (
    String,
    u32,
    u32,
    Font,
    Shaping,
    Option<iced::advanced::graphics::text::Version>,
);

const RLM: char = '\u{200F}';
const LRM: char = '\u{200E}';

/// `content` broken into lines no wider than `width` by `measure`, each
/// line led by the mark of its paragraph's direction.
pub fn wrap(content: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> String {
    let mut out = String::new();
    for (n, source) in content.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mark = match unicode_bidi::get_base_direction(source) {
            unicode_bidi::Direction::Rtl => Some(RLM),
            unicode_bidi::Direction::Ltr => Some(LRM),
            unicode_bidi::Direction::Mixed => None,
        };
        let lines = wrap_line(source, width, measure);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let Some(mark) = mark {
                out.push(mark);
            }
            out.push_str(line);
        }
    }
    out
}

/// One paragraph (no `\n`) broken greedily at line-break opportunities.
fn wrap_line<'t>(source: &'t str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<&'t str> {
    let fits = |s: &str| measure(s.trim_end()) <= width;
    let mut lines = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (at, _) in unicode_linebreak::linebreaks(source) {
        if fits(&source[start..at]) {
            end = at;
            continue;
        }
        if end > start {
            lines.push(source[start..end].trim_end());
            start = end;
        }
        // A piece wider than the box on its own: broken between graphemes.
        while !fits(&source[start..at]) {
            let mut cut = start;
            for (i, g) in source[start..at].grapheme_indices(true) {
                let next = start + i + g.len();
                if cut > start && !fits(&source[start..next]) {
                    break;
                }
                cut = next;
            }
            if cut >= at {
                break;
            }
            lines.push(&source[start..cut]);
            start = cut;
        }
        end = at;
    }
    if start < source.len() || lines.is_empty() {
        lines.push(source[start..].trim_end());
    }
    lines
}

impl Paragraph<'_> {
    fn text<'t>(
        &self,
        content: &'t str,
        renderer: &Renderer,
        bounds: Size,
        align_x: core_text::Alignment,
    ) -> core_text::Text<&'t str> {
        use iced::advanced::text::Renderer as _;
        core_text::Text {
            content,
            bounds,
            size: self
                .size
                .map(Pixels)
                .unwrap_or_else(|| renderer.default_size()),
            line_height: self.line_height,
            font: self.font.unwrap_or_else(|| renderer.default_font()),
            align_x,
            align_y: Vertical::Top,
            shaping: self.shaping,
            wrapping: Wrapping::None,
        }
    }
}

impl<Message> Widget<Message, Theme, Renderer> for Paragraph<'_> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn size(&self) -> Size<Length> {
        Size::new(self.width, Length::Shrink)
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let state = tree.state.downcast_mut::<State>();
        layout::sized(limits, self.width, Length::Shrink, |limits| {
            let width = limits.max().width;
            let probe = self.text("", renderer, Size::INFINITE, core_text::Alignment::Default);
            let key = (
                self.content.clone(),
                width.to_bits(),
                probe.size.0.to_bits(),
                probe.font,
                self.shaping,
                iced::advanced::graphics::text::font_system()
                    .read()
                    .ok()
                    .map(|fonts| fonts.version()),
            );
            if state.key.as_ref() != Some(&key) {
                let measure = |s: &str| {
                    Para::with_text(self.text(
                        s,
                        renderer,
                        Size::INFINITE,
                        core_text::Alignment::Default,
                    ))
                    .min_width()
                };
                state.wrapped = wrap(&self.content, width, &measure);
                state.key = Some(key);
            }
            // Lines are set at `align_x` inside the paragraph's own width
            // (iced then lays cosmic-text's buffer out at that width), and
            // `draw` places that width in the box. One line gets no
            // alignment: iced 0.14 would leave a right-to-left line at the
            // right of the full width and then place it again from its
            // own width (`iced_graphics::text::align`, iced issue #2816,
            // fixed after 0.14 by iced PR #3293).
            let align = if state.wrapped.contains('\n') {
                self.align_x.into()
            } else {
                core_text::Alignment::Default
            };
            // Shaped again only when something changed.
            let _ = state.paragraph.update(self.text(
                &state.wrapped,
                renderer,
                Size::new(width, f32::INFINITY),
                align,
            ));
            state.paragraph.min_bounds()
        })
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        defaults: &renderer::Style,
        layout: Layout<'_>,
        _cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        use iced::advanced::text::Renderer as _;
        let state = tree.state.downcast_ref::<State>();
        let paragraph = state.paragraph.raw();
        let bounds = layout.bounds();
        let style = (self.style)(theme);
        let at: Point = bounds.anchor(paragraph.min_bounds(), self.align_x, Vertical::Top);
        let color = style.color.unwrap_or(defaults.text_color);
        renderer.fill_paragraph(paragraph, at, color, *viewport);
    }

    fn operate(
        &mut self,
        _tree: &mut Tree,
        layout: Layout<'_>,
        _renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        operation.text(None, layout.bounds(), &self.content);
    }
}

impl<'a, Message: 'a> From<Paragraph<'a>> for Element<'a, Message> {
    fn from(p: Paragraph<'a>) -> Self {
        Element::new(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::widget::{column, container, row, space};
    use iced_test::Simulator;

    const AR: &str = "وصلت الرسالة إلى الخادم لكنه رفضها لأن العنوان غير معروف، فتحقق من العنوان ثم أرسلها مرة أخرى من صندوق الصادر";
    const EN: &str = "The server took the message but refused it because the address is unknown, so check it and send it again from the outbox";
    /// Lines break where the direction changes: what cosmic-text overflows on.
    const MIXED: &str = "تعذّر الإرسال إلى \u{2068}layla@example.test\u{2069} لأن الخادم \u{2068}smtp.example.test\u{2069} رفض العنوان، فتحقق منه وأعد المحاولة";
    const MIXED_EN: &str = "Sending to \u{2068}ليلى layla@example.test\u{2069} failed because \u{2068}خادم البريد smtp.example.test\u{2069} refused the address";
    const ADDRESS: &str = "layla.abdelrahman.alhashimi@subdomain.example.test";

    /// The box every paragraph is given: 200 px wide, from (100, 20).
    const BOX: Rectangle = Rectangle {
        x: 100.0,
        y: 20.0,
        width: 200.0,
        height: 0.0,
    };

    /// The ink of `content` drawn as a paragraph at `align` in [`BOX`]:
    /// its left, right, top and bottom (logical pixels), and the rows
    /// (logical) that hold ink.
    fn ink(content: &str, align: Horizontal) -> (f32, f32, f32, f32, usize) {
        let el: Element<'static, ()> = column![
            space().height(BOX.y),
            row![
                space().width(BOX.x),
                container(paragraph(content.to_owned(), align).size(13)).width(BOX.width),
            ],
        ]
        .into();
        let mut ui = Simulator::with_size(crate::ui::settings(), Size::new(600.0, 300.0), el);
        let dir = tempfile::tempdir().unwrap();
        let shot = ui.snapshot(&Theme::Light).expect("draws");
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
        let (mut left, mut right, mut top, mut bottom) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        let mut rows = std::collections::BTreeSet::new();
        for y in 0..info.height as usize {
            for x in 0..info.width as usize {
                let p = &pixels[y * info.line_size + x * channels..];
                // Ink: dark on the light page (the snapshot is at twice the size).
                if p[0] < 128 && p[1] < 128 && p[2] < 128 {
                    let (x, y) = (x as f32 / 2.0, y as f32 / 2.0);
                    left = left.min(x);
                    right = right.max(x + 0.5);
                    top = top.min(y);
                    bottom = bottom.max(y + 0.5);
                    rows.insert(y as usize);
                }
            }
        }
        (left, right, top, bottom, rows.len())
    }

    #[test]
    fn wrapped_paragraphs_stay_in_their_box_in_both_directions() {
        for content in [AR, EN, MIXED, MIXED_EN, ADDRESS] {
            for align in [Horizontal::Right, Horizontal::Left, Horizontal::Center] {
                let (left, right, top, bottom, rows) = ink(content, align);
                let said =
                    format!("{content:?} at {align:?}: ink {left}..{right} × {top}..{bottom}");
                assert!(left >= BOX.x && right <= BOX.x + BOX.width, "{said}");
                // Marks above and below Arabic letters reach a little
                // past the line's box; a whole line does not.
                assert!(top >= BOX.y - 4.0 && bottom <= BOX.y + 120.0, "{said}");
                // Wrapped: ink on more rows than one line of 13 px has.
                assert!(rows > 20, "{said}: {rows} rows of ink, one line");
                // And set at `align`: the lines reach that side of the box.
                match align {
                    Horizontal::Left => assert!(left < BOX.x + 4.0, "{said}"),
                    Horizontal::Right => assert!(right > BOX.x + BOX.width - 4.0, "{said}"),
                    Horizontal::Center => assert!(
                        ((left - BOX.x) - (BOX.x + BOX.width - right)).abs() < 4.0,
                        "{said}"
                    ),
                }
            }
        }
    }

    fn by_chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn lines_break_at_spaces_and_long_words_between_letters() {
        assert_eq!(
            wrap("aaa bbb ccc", 7.0, &by_chars),
            "\u{200E}aaa bbb\n\u{200E}ccc"
        );
        assert_eq!(
            wrap("abcdefghij", 4.0, &by_chars),
            "\u{200E}abcd\n\u{200E}efgh\n\u{200E}ij"
        );
        // Each line led by its paragraph's direction, even one that starts
        // with an address; the isolated address does not count.
        assert_eq!(
            wrap("\u{2068}a@b.c\u{2069} إلى ليلى", 11.0, &by_chars),
            "\u{200F}\u{2068}a@b.c\u{2069} إلى\n\u{200F}ليلى"
        );
        assert_eq!(
            wrap("one\ntwo", 10.0, &by_chars),
            "\u{200E}one\n\u{200E}two"
        );
        assert_eq!(wrap("", 10.0, &by_chars), "");
        assert_eq!(wrap("12 34", 10.0, &by_chars), "12 34");
    }
}
