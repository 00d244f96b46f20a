//! Markdown-style text as typed (bold, italic, links, lists, quotes, code)
//! to the HTML part of a message: CommonMark by pulldown-cmark, written
//! out here so that every block gets the direction of its own text and
//! only inline styles (mail readers drop `<style>` and classes).

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn parser(text: &str) -> Parser<'_> {
    // The extensions the window's preview (iced's Markdown) shows too.
    Parser::new_ext(
        text,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS,
    )
}

/// Whether the text uses any formatting. Text that is only paragraphs and
/// line breaks is sent as plain text alone: an HTML copy would add nothing
/// but size and a second thing for filters to judge. HTML written in the
/// text is not formatting: it is shown as the characters typed.
pub fn has_formatting(text: &str) -> bool {
    parser(split_signature(text).0).any(|event| {
        !matches!(
            event,
            Event::Start(Tag::Paragraph)
                | Event::End(TagEnd::Paragraph)
                | Event::Text(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::HtmlBlock)
                | Event::End(TagEnd::HtmlBlock)
        )
    })
}

/// The text for a Markdown viewer that drops HTML (iced's): every `<` of
/// HTML typed in the text escaped, so the preview shows it as the HTML
/// part does, as the characters typed.
pub fn preview_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (event, range) in parser(text).into_offset_iter() {
        if let Event::Html(_) | Event::InlineHtml(_) = event
            && range.start >= copied
        {
            out.push_str(&text[copied..range.start]);
            out.push_str(&text[range.clone()].replace('<', "\\<"));
            copied = range.end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The text before the signature and the signature, which follows a line
/// "-- " (RFC 3676 §4.3). The signature is not Markdown: "Layla\n--"
/// would make a heading of the line above it, and a name with `_` in it
/// would turn italic.
pub fn split_signature(text: &str) -> (&str, Option<&str>) {
    if let Some(signature) = text.strip_prefix("-- \n") {
        return ("", Some(signature));
    }
    match text.rfind("\n-- \n") {
        Some(at) => (&text[..at], Some(&text[at + "\n-- \n".len()..])),
        None => (text, None),
    }
}

/// The direction a block's text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// No right-to-left letters: the reader's default (left to right).
    Ltr,
    /// Right-to-left letters only.
    Rtl,
    /// Both: `dir="auto"`, the first strong letter decides, as the
    /// Unicode bidi algorithm does for a paragraph.
    Mixed,
}

/// Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko and the Arabic presentation forms).
pub fn is_rtl_letter(c: char) -> bool {
    let u = c as u32;
    (0x0590..=0x08FF).contains(&u)
        || (0xFB1D..=0xFDFF).contains(&u)
        || (0xFE70..=0xFEFF).contains(&u)
}

/// Whether the first letter that has a direction reads right to left: the
/// paragraph direction of the Unicode bidi algorithm, what `dir="auto"` picks.
pub fn starts_rtl(text: &str) -> bool {
    text.chars()
        .find(|&c| is_rtl_letter(c) || c.is_alphabetic())
        .is_some_and(is_rtl_letter)
}

pub fn direction(text: &str) -> Direction {
    let rtl = text.chars().any(is_rtl_letter);
    let ltr = text.chars().any(|c| c.is_alphabetic() && !is_rtl_letter(c));
    match (rtl, ltr) {
        (true, false) => Direction::Rtl,
        (true, true) => Direction::Mixed,
        _ => Direction::Ltr,
    }
}

const FONT: &str = "font-family:-apple-system,'Segoe UI',Tahoma,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f1f1f";
const CODE: &str = "font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:90%;background:#f3f3f3;border-radius:3px;padding:0 3px";
const PRE: &str = "font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:13px;background:#f3f3f3;border-radius:4px;padding:8px 10px;white-space:pre-wrap;margin:0 0 12px";

/// The whole HTML document for `text`. Every character of the text is
/// escaped; HTML typed in the text is shown, never interpreted.
pub fn to_html(text: &str) -> String {
    let (text, signature) = split_signature(text);
    let events: Vec<Event<'_>> = parser(text).collect();
    let mut out = String::with_capacity(text.len() * 2 + 256);
    out.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n");
    out.push_str(&format!("<body style=\"{FONT}\">\n"));
    let mut in_head = false;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                let dir = || dir_attribute(block_direction(&events[i..]));
                match tag {
                    Tag::Paragraph => {
                        out.push_str(&format!("<p{} style=\"margin:0 0 12px\">", dir()));
                    }
                    Tag::Heading { level, .. } => {
                        let (n, size) = heading(*level);
                        out.push_str(&format!(
                            "<h{n}{} style=\"font-size:{size};margin:16px 0 8px\">",
                            dir()
                        ));
                    }
                    Tag::BlockQuote(_) => {
                        // The bar on the side the quote starts from.
                        let text = block_text(&events[i..]);
                        let side = if starts_rtl(&text) { "right" } else { "left" };
                        out.push_str(&format!(
                            "<blockquote{} style=\"margin:0 0 12px;padding-{side}:10px;border-{side}:3px solid #c8c8c8;color:#555\">\n",
                            dir_attribute(direction(&text))
                        ));
                    }
                    Tag::CodeBlock(kind) => {
                        // Code reads left to right whatever its comments are in.
                        out.push_str(&format!("<pre dir=\"ltr\" style=\"{PRE}\"><code"));
                        if let CodeBlockKind::Fenced(lang) = kind
                            && !lang.is_empty()
                        {
                            out.push_str(" data-lang=\"");
                            escape(&mut out, lang);
                            out.push('"');
                        }
                        out.push('>');
                    }
                    Tag::List(start) => {
                        let d = dir();
                        match start {
                            Some(1) => {
                                out.push_str(&format!("<ol{d} style=\"margin:0 0 12px\">\n"))
                            }
                            Some(n) => out.push_str(&format!(
                                "<ol{d} start=\"{n}\" style=\"margin:0 0 12px\">\n"
                            )),
                            None => out.push_str(&format!("<ul{d} style=\"margin:0 0 12px\">\n")),
                        }
                    }
                    Tag::Item => out.push_str(&format!("<li{}>", dir())),
                    Tag::Table(_) => out.push_str(&format!(
                        "<table{} style=\"border-collapse:collapse;margin:0 0 12px\">\n",
                        dir()
                    )),
                    Tag::TableHead => {
                        in_head = true;
                        out.push_str("<tr>");
                    }
                    Tag::TableRow => out.push_str("<tr>"),
                    Tag::TableCell => out.push_str(if in_head {
                        "<th style=\"border:1px solid #d0d0d0;padding:4px 8px\">"
                    } else {
                        "<td style=\"border:1px solid #d0d0d0;padding:4px 8px\">"
                    }),
                    Tag::Emphasis => out.push_str("<em>"),
                    Tag::Strong => out.push_str("<strong>"),
                    Tag::Strikethrough => out.push_str("<del>"),
                    Tag::Link {
                        dest_url, title, ..
                    } => {
                        out.push_str("<a href=\"");
                        escape(&mut out, &safe_url(dest_url));
                        out.push('"');
                        if !title.is_empty() {
                            out.push_str(" title=\"");
                            escape(&mut out, title);
                            out.push('"');
                        }
                        out.push_str(" style=\"color:#0b57d0\">");
                    }
                    // A picture from the web would be fetched by the reader
                    // (a tracking pixel); it goes as a link to it.
                    Tag::Image { dest_url, .. } => {
                        out.push_str("<a href=\"");
                        escape(&mut out, &safe_url(dest_url));
                        out.push_str("\" style=\"color:#0b57d0\">");
                    }
                    _ => {}
                }
            }
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("</p>\n"),
                TagEnd::Heading(level) => out.push_str(&format!("</h{}>\n", heading(*level).0)),
                TagEnd::BlockQuote(_) => out.push_str("</blockquote>\n"),
                TagEnd::CodeBlock => out.push_str("</code></pre>\n"),
                TagEnd::List(true) => out.push_str("</ol>\n"),
                TagEnd::List(false) => out.push_str("</ul>\n"),
                TagEnd::Item => out.push_str("</li>\n"),
                TagEnd::Table => out.push_str("</table>\n"),
                TagEnd::TableHead => {
                    in_head = false;
                    out.push_str("</tr>\n");
                }
                TagEnd::TableRow => out.push_str("</tr>\n"),
                TagEnd::TableCell => out.push_str(if in_head { "</th>" } else { "</td>" }),
                TagEnd::Emphasis => out.push_str("</em>"),
                TagEnd::Strong => out.push_str("</strong>"),
                TagEnd::Strikethrough => out.push_str("</del>"),
                TagEnd::Link | TagEnd::Image => out.push_str("</a>"),
                _ => {}
            },
            Event::Text(t) => escape(&mut out, t),
            Event::Code(t) => {
                out.push_str(&format!("<code style=\"{CODE}\">"));
                escape(&mut out, t);
                out.push_str("</code>");
            }
            // Typed HTML is text like any other.
            Event::Html(t) | Event::InlineHtml(t) => escape(&mut out, t),
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push_str("<br>\n"),
            Event::Rule => {
                out.push_str("<hr style=\"border:0;border-top:1px solid #d0d0d0;margin:16px 0\">\n")
            }
            Event::TaskListMarker(done) => {
                out.push_str(if *done { "\u{2611} " } else { "\u{2610} " })
            }
            _ => {}
        }
    }
    if let Some(signature) = signature {
        out.push_str(&format!(
            "<div{} style=\"color:#666;margin-top:16px\">-- ",
            dir_attribute(direction(signature))
        ));
        for line in signature.lines() {
            out.push_str("<br>\n");
            escape(&mut out, line);
        }
        out.push_str("</div>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn heading(level: HeadingLevel) -> (u8, &'static str) {
    match level {
        HeadingLevel::H1 => (1, "24px"),
        HeadingLevel::H2 => (2, "20px"),
        HeadingLevel::H3 => (3, "17px"),
        HeadingLevel::H4 => (4, "15px"),
        HeadingLevel::H5 => (5, "14px"),
        HeadingLevel::H6 => (6, "13px"),
    }
}

fn dir_attribute(direction: Direction) -> &'static str {
    match direction {
        Direction::Ltr => "",
        Direction::Rtl => " dir=\"rtl\"",
        Direction::Mixed => " dir=\"auto\"",
    }
}

/// The direction of the block that starts at `events[0]`, from the text
/// inside it (up to its end tag).
fn block_direction(events: &[Event<'_>]) -> Direction {
    direction(&block_text(events))
}

/// The text inside the block that starts at `events[0]`.
fn block_text(events: &[Event<'_>]) -> String {
    let mut depth = 0usize;
    let mut text = String::new();
    for event in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(t)
            }
            _ => {}
        }
    }
    text
}

/// Only links a reader can follow safely: `javascript:`, `data:` and the
/// like become `#`.
fn safe_url(url: &str) -> String {
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
        .map(str::to_ascii_lowercase);
    match scheme.as_deref() {
        None | Some("http" | "https" | "mailto" | "tel" | "ftp" | "sftp" | "xmpp" | "geo") => {
            url.to_owned()
        }
        Some(_) => "#".to_owned(),
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body's part of the document.
    fn body(text: &str) -> String {
        let html = to_html(text);
        let start = html.find("<body").unwrap();
        let start = start + html[start..].find('>').unwrap() + 1;
        html[start..html.rfind("</body>").unwrap()]
            .trim()
            .to_owned()
    }

    #[test]
    fn plain_paragraphs_are_not_formatting_but_emphasis_lists_and_links_are() {
        for plain in [
            "Hi Omar,\n\nsee you at 5.\nLayla",
            "a_b_c and 2 * 3 = 6",
            "<b>not bold</b> & <script>",
            "مرحبا، كيف حالك؟",
            "",
        ] {
            assert!(!has_formatting(plain), "{plain:?}");
        }
        for formatted in [
            "**bold**",
            "an *italic* word",
            "- one\n- two",
            "1. first",
            "> quoted",
            "[site](https://example.org)",
            "`code`",
            "# Title",
            "~~gone~~",
        ] {
            assert!(has_formatting(formatted), "{formatted:?}");
        }
    }

    #[test]
    fn html_in_the_text_is_escaped_never_interpreted() {
        let html = body(
            "<script>alert(1)</script>\n\n**<img src=x onerror=alert(1)>** \"q\" & 'a'\n\n[x](javascript:alert(1)) [y](https://e.org/?a=1&b=\"2\")",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<strong>&lt;img src=x onerror=alert(1)&gt;</strong> &quot;q&quot; &amp; &#39;a&#39;"),
            "{html}"
        );
        assert!(html.contains("<a href=\"#\""), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(
            html.contains("href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\""),
            "{html}"
        );
    }

    #[test]
    fn arabic_blocks_read_right_to_left_and_mixed_ones_decide_for_themselves() {
        let html = body(
            "مرحبا **سلمى**\n\nHello *Omar*\n\nالتقرير في `report.pdf` مرفق\n\n- بند أول\n- بند ثان\n\n> اقتباس",
        );
        assert!(
            html.contains(
                "<p dir=\"rtl\" style=\"margin:0 0 12px\">مرحبا <strong>سلمى</strong></p>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<p style=\"margin:0 0 12px\">Hello <em>Omar</em></p>"),
            "{html}"
        );
        assert!(html.contains("<p dir=\"auto\""), "{html}");
        // A mixed quote that starts in Arabic has its bar on the right too.
        assert!(
            body("> اقتباس quote")
                .starts_with("<blockquote dir=\"auto\" style=\"margin:0 0 12px;padding-right:10px"),
            "{html}"
        );
        assert!(html.contains("<ul dir=\"rtl\""), "{html}");
        assert!(html.contains("<li dir=\"rtl\">بند أول</li>"), "{html}");
        // The quote's bar is on the side the Arabic starts from.
        assert!(
            html.contains("<blockquote dir=\"rtl\" style=\"margin:0 0 12px;padding-right:10px;border-right:3px"),
            "{html}"
        );
    }

    #[test]
    fn the_signature_is_kept_apart_as_typed() {
        let text = "Thanks,\n-- \n_ليلى_ <layla@example.org>\n**Ops**";
        assert!(!has_formatting(text), "only the signature has marks");
        let html = body(text);
        assert!(!html.contains("<h2"), "{html}");
        assert!(
            html.ends_with(
                "<div dir=\"auto\" style=\"color:#666;margin-top:16px\">-- <br>\n_ليلى_ &lt;layla@example.org&gt;<br>\n**Ops**</div>"
            ),
            "{html}"
        );
        assert!(
            html.starts_with("<p style=\"margin:0 0 12px\">Thanks,</p>"),
            "{html}"
        );
    }

    #[test]
    fn the_preview_source_shows_typed_html_as_text() {
        let text = "<div>\nblock\n</div>\n\na <b>bold</b> `<i>code</i>` word";
        let escaped = preview_source(text);
        assert_eq!(
            escaped,
            "\\<div>\nblock\n\\</div>\n\na \\<b>bold\\</b> `<i>code</i>` word"
        );
        // Nothing is HTML any more, and the code span is left alone.
        assert!(parser(&escaped).all(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_))));
        assert_eq!(preview_source("**x** y"), "**x** y");
    }

    #[test]
    fn tables_and_task_lists_as_the_preview_shows_them() {
        let html = body("| a | ب |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo");
        assert!(html.contains("<table dir=\"auto\""), "{html}");
        assert!(
            html.contains("<th style=\"border:1px solid #d0d0d0;padding:4px 8px\">a</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td style=\"border:1px solid #d0d0d0;padding:4px 8px\">2</td>"),
            "{html}"
        );
        assert!(html.contains("<li>\u{2611} done</li>"), "{html}");
    }

    #[test]
    fn every_construct_has_its_element_and_only_inline_styles() {
        let html = to_html(
            "# T\n\n*i* **b** ~~s~~ `c`\n\n3. x\n4. y\n\n```rust\nlet a = 1 < 2;\n```\n\n---\n\n![pic](https://e.org/p.png)",
        );
        for needle in [
            "<h1 style=",
            "<em>i</em>",
            "<strong>b</strong>",
            "<del>s</del>",
            "<code style=",
            "<ol start=\"3\"",
            "<pre dir=\"ltr\" style=",
            "let a = 1 &lt; 2;",
            "<hr style=",
            "<a href=\"https://e.org/p.png\" style=\"color:#0b57d0\">pic</a>",
        ] {
            assert!(html.contains(needle), "{needle}: {html}");
        }
        assert!(!html.contains("<style"), "{html}");
        assert!(!html.contains("class="), "{html}");
        assert!(
            !html.contains("<img"),
            "no remote picture is fetched: {html}"
        );
    }
}
