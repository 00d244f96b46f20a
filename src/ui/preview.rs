//! The body as it will read: Markdown-style text shown formatted by iced's
//! Markdown widget, each block aligned by the direction of its own text
//! (as the HTML part sets `dir` on it), lists and quotes mirrored for
//! right-to-left blocks.

use iced::alignment::Horizontal;
use iced::widget::{column, container, markdown, rich_text, row, rule, text};
use iced::{Element, Fill};

use crate::compose::markdown::starts_rtl;
use crate::ui::compose::Message;

/// The items to show for `body`. HTML typed in the text stays text, as in
/// the HTML part (iced's parser would drop it).
pub fn parse(body: &str) -> Vec<markdown::Item> {
    markdown::parse(&crate::compose::markdown::preview_source(body)).collect()
}

pub fn view(items: &[markdown::Item]) -> Element<'_, Message> {
    let style = markdown::Style {
        font: crate::ui::DEFAULT_FONT,
        ..markdown::Style::from_palette(iced::Theme::Light.palette())
    };
    markdown::view_with(
        items,
        markdown::Settings::with_text_size(15, style),
        &Preview,
    )
}

struct Preview;

fn bullet_items(bullet: &markdown::Bullet) -> &[markdown::Item] {
    match bullet {
        markdown::Bullet::Point { items } | markdown::Bullet::Task { items, .. } => items,
    }
}

/// All the text of some items, to tell their direction.
fn text_of(items: &[markdown::Item], style: markdown::Style, out: &mut String) {
    for item in items {
        match item {
            markdown::Item::Heading(_, t) | markdown::Item::Paragraph(t) => {
                for span in t.spans(style).iter() {
                    out.push_str(&span.text);
                }
                out.push('\n');
            }
            markdown::Item::List { bullets, .. } => {
                for bullet in bullets {
                    text_of(bullet_items(bullet), style, out);
                }
            }
            markdown::Item::Quote(inner) => text_of(inner, style, out),
            _ => {}
        }
    }
}

fn rtl(items: &[markdown::Item], style: markdown::Style) -> bool {
    let mut all = String::new();
    text_of(items, style, &mut all);
    starts_rtl(&all)
}

fn align(rtl: bool) -> Horizontal {
    if rtl {
        Horizontal::Right
    } else {
        Horizontal::Left
    }
}

impl<'a> markdown::Viewer<'a, Message> for Preview {
    fn on_link_click(url: markdown::Uri) -> Message {
        Message::PreviewLink(url)
    }

    fn heading(
        &self,
        settings: markdown::Settings,
        level: &'a markdown::HeadingLevel,
        text: &'a markdown::Text,
        _index: usize,
    ) -> Element<'a, Message> {
        let size = match level {
            markdown::HeadingLevel::H1 => settings.h1_size,
            markdown::HeadingLevel::H2 => settings.h2_size,
            markdown::HeadingLevel::H3 => settings.h3_size,
            markdown::HeadingLevel::H4 => settings.h4_size,
            markdown::HeadingLevel::H5 => settings.h5_size,
            markdown::HeadingLevel::H6 => settings.h6_size,
        };
        block(settings, text, size)
    }

    fn paragraph(
        &self,
        settings: markdown::Settings,
        text: &markdown::Text,
    ) -> Element<'a, Message> {
        block(settings, text, settings.text_size)
    }

    fn unordered_list(
        &self,
        settings: markdown::Settings,
        bullets: &'a [markdown::Bullet],
    ) -> Element<'a, Message> {
        list(self, settings, bullets, |_, bullet| match bullet {
            markdown::Bullet::Task { done: true, .. } => "\u{2611}".to_owned(),
            markdown::Bullet::Task { done: false, .. } => "\u{2610}".to_owned(),
            markdown::Bullet::Point { .. } => "•".to_owned(),
        })
    }

    fn ordered_list(
        &self,
        settings: markdown::Settings,
        start: u64,
        bullets: &'a [markdown::Bullet],
    ) -> Element<'a, Message> {
        list(self, settings, bullets, move |i, _| {
            format!("{}.", start.saturating_add(i as u64))
        })
    }

    fn quote(
        &self,
        settings: markdown::Settings,
        contents: &'a [markdown::Item],
    ) -> Element<'a, Message> {
        let rtl = rtl(contents, settings.style);
        let inner = markdown::view_with(contents, settings, self);
        let content = column![inner].width(Fill).align_x(align(rtl));
        let bar = rule::vertical(3);
        let line = if rtl {
            row![content, bar]
        } else {
            row![bar, content]
        };
        line.spacing(settings.spacing.0)
            .height(iced::Length::Shrink)
            .into()
    }
}

/// A paragraph or heading on the side its text starts from.
fn block<'a>(
    settings: markdown::Settings,
    text: &markdown::Text,
    size: iced::Pixels,
) -> Element<'a, Message> {
    let spans = text.spans(settings.style);
    let all: String = spans.iter().map(|s| s.text.as_ref()).collect();
    let rtl = starts_rtl(&all);
    let spans: Vec<Span> = spans.iter().cloned().map(|s| for_arabic(s, rtl)).collect();
    // The text as wide as its lines, placed by a container: iced 0.14
    // shifts right-aligned Arabic in a wider text twice.
    container(
        rich_text(spans)
            .size(size)
            .on_link_click(Message::PreviewLink),
    )
    .width(Fill)
    .align_x(align(rtl))
    .into()
}

type Span = iced::advanced::text::Span<'static, markdown::Uri>;

/// Emphasis in Arabic, which has no italic: a warm tone that reads on
/// light and dark backgrounds.
const EMPHASIS: iced::Color = iced::Color::from_rgb(0.69, 0.38, 0.0);
/// Struck-out text in right-to-left lines, where the line itself would be
/// drawn in the wrong place.
const STRUCK: iced::Color = iced::Color::from_rgb(0.55, 0.55, 0.55);

/// What iced 0.14's rich text gets wrong in right-to-left text, worked
/// around: two spans inside one word (a bold word and the "،" after it)
/// are laid out left to right, so each span ends with a zero-width space
/// that makes it a word of its own; Arabic has no italic face, so emphasis
/// is coloured instead of drawn as boxes; backgrounds and lines (inline
/// code, strike-through) are drawn where the text would be in a
/// left-to-right line, so in these paragraphs code is only monospace and
/// struck text grey.
fn for_arabic(mut span: Span, rtl: bool) -> Span {
    if span
        .text
        .chars()
        .any(crate::compose::markdown::is_rtl_letter)
        && let Some(font) = span.font.as_mut()
        && font.style == iced::font::Style::Italic
    {
        font.style = iced::font::Style::Normal;
        span.color = Some(EMPHASIS);
    }
    if rtl {
        span.text = format!("{}\u{200B}", span.text).into();
        if span.highlight.take().is_some() {
            span.color = None;
            span.padding = iced::Padding::ZERO;
        }
        if span.strikethrough {
            span.strikethrough = false;
            span.color = Some(STRUCK);
        }
    }
    span
}

/// A list with its markers on the side its text starts from.
fn list<'a>(
    viewer: &Preview,
    settings: markdown::Settings,
    bullets: &'a [markdown::Bullet],
    marker: impl Fn(usize, &markdown::Bullet) -> String,
) -> Element<'a, Message> {
    let mut all = String::new();
    for bullet in bullets {
        text_of(bullet_items(bullet), settings.style, &mut all);
    }
    let rtl = starts_rtl(&all);
    column(bullets.iter().enumerate().map(|(i, bullet)| {
        let mark = text(marker(i, bullet)).size(settings.text_size);
        let inner = markdown::view_with(
            bullet_items(bullet),
            markdown::Settings {
                spacing: settings.spacing * 0.6,
                ..settings
            },
            viewer,
        );
        let content = column![inner].width(Fill).align_x(align(rtl));
        let line = if rtl {
            row![content, mark]
        } else {
            row![mark, content]
        };
        line.spacing(settings.spacing.0 / 2.0).into()
    }))
    .spacing(settings.spacing.0 * 0.5)
    .padding([0.0, settings.spacing.0])
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(body: &str) -> Vec<Span> {
        let items = parse(body);
        let style = markdown::Style::from_palette(iced::Theme::Light.palette());
        let markdown::Item::Paragraph(text) = &items[0] else {
            panic!("{items:?}")
        };
        let spans = text.spans(style);
        let rtl = starts_rtl(&spans.iter().map(|s| s.text.as_ref()).collect::<String>());
        spans.iter().cloned().map(|s| for_arabic(s, rtl)).collect()
    }

    #[test]
    fn arabic_spans_are_words_of_their_own_without_italic_or_misplaced_backgrounds() {
        let arabic = spans("مرحبا **عمر**، *الربعي* `report.pdf` ~~قديم~~");
        assert!(arabic.iter().all(|s| s.text.ends_with('\u{200B}')));
        let emphasis = arabic
            .iter()
            .find(|s| s.text.starts_with("الربعي"))
            .unwrap();
        assert_eq!(emphasis.font.unwrap().style, iced::font::Style::Normal);
        assert_eq!(emphasis.color, Some(EMPHASIS));
        let code = arabic
            .iter()
            .find(|s| s.text.starts_with("report"))
            .unwrap();
        assert!(code.highlight.is_none() && code.color.is_none());
        let struck = arabic.iter().find(|s| s.text.starts_with("قديم")).unwrap();
        assert!(!struck.strikethrough);
        // English keeps iced's own look.
        let english = spans("Hello *Omar* `code`");
        assert!(english.iter().all(|s| !s.text.ends_with('\u{200B}')));
        let code = english.iter().find(|s| s.text == "code").unwrap();
        assert!(code.highlight.is_some());
        let omar = english.iter().find(|s| s.text == "Omar").unwrap();
        assert_eq!(omar.font.unwrap().style, iced::font::Style::Italic);
    }

    #[test]
    fn typed_html_is_shown_in_the_preview() {
        let shown: String = spans("a <b>bold</b> word")
            .iter()
            .map(|s| s.text.to_string())
            .collect();
        assert_eq!(shown, "a <b>bold</b> word");
    }
}
