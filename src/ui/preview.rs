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
    // The text as wide as its lines, placed by a container: iced 0.14
    // shifts right-aligned Arabic in a wider text twice.
    container(
        rich_text(spans)
            .size(size)
            .on_link_click(Message::PreviewLink),
    )
    .width(Fill)
    .align_x(align(starts_rtl(&all)))
    .into()
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
